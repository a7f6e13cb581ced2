import { expect, type Check } from '../check.js'
import { DOC, event, healthlakeVerdict, invoke, lambdaOf, token, strangerSigner } from './shared.js'

export const check: Check = {
  id: 'HL-42',
  title: 'A token signed by another key is not authorized',
  description: `A token with the right claims but signed by a key the identity provider never published is refused: \`isAuthorized\` false ([HealthLake, Token validation using AWS Lambda](${DOC})).`,
  verifies: ['HL-LAMBDA-5'],
  level: 'SHALL',
  async run(ctx) {
    const l = lambdaOf(ctx)
    const inv = await invoke(l, event(l, await token(l, {}, await strangerSigner(l.alg))))
    const v = healthlakeVerdict(l, inv)
    expect(!v.authorized, `expected HealthLake not to authorize, but it would: ${v.why}`)
  },
}
