import { expect, type Check } from '../check.js'
import { DOC, event, lambdaOf, token } from './shared.js'

const LIMIT_MS = 1000

export const check: Check = {
  id: 'HL-07',
  title: 'The handler answers within 1 second',
  description: `HealthLake gives the Lambda 1 s; slower answers fail the request (\`TimeOut\`). Three calls with a valid token each answer in under 1 s here (cold start included in the first) ([HealthLake, Token validation using AWS Lambda](${DOC})).`,
  verifies: ['HL-LAMBDA-3'],
  level: 'SHALL',
  async run(ctx) {
    const l = lambdaOf(ctx)
    for (let i = 0; i < 3; i++) {
      const ev = event(l, await token(l))
      const started = performance.now()
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), LIMIT_MS)))
      const first = await Promise.race([
        l.invoke(ev).then(
          () => 'answered' as const,
          () => 'answered' as const,
        ),
        late,
      ])
      clearTimeout(timer)
      expect(first === 'answered', `expected an answer within ${LIMIT_MS} ms, call ${i + 1} had not answered after ${Math.round(performance.now() - started)} ms`)
    }
  },
}
