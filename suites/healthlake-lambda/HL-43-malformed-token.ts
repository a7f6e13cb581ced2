import { expect, type Check } from '../check.js'
import { DOC, event, healthlakeVerdict, invoke, lambdaOf } from './shared.js'

export const check: Check = {
  id: 'HL-43',
  title: 'A malformed token gets an answer (isAuthorized false), not a thrown error',
  description: `For \`bearerToken: "not-a-jwt"\` the handler answers \`isAuthorized\` false (or \`{}\`) rather than throwing: a thrown error surfaces as a Lambda failure, not the 401 the client should see ([HealthLake, Token validation using AWS Lambda](${DOC})).`,
  verifies: ['HL-LAMBDA-6'],
  level: 'SHOULD',
  async run(ctx) {
    const l = lambdaOf(ctx)
    const inv = await invoke(l, event(l, 'not-a-jwt'))
    expect(inv.error === undefined, `expected an answer, the handler threw: ${inv.error}`)
    const v = healthlakeVerdict(l, inv)
    expect(!v.authorized, `expected no authorization for a malformed token, but HealthLake would: ${v.why}`)
  },
}
