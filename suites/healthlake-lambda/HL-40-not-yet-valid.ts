import type { Check } from '../check.js'
import { DOC, event, expectRefused, healthlakeVerdict, invoke, lambdaOf, token } from './shared.js'

export const check: Check = {
  id: 'HL-40',
  title: 'A token that is not yet valid (nbf ahead) is not authorized',
  description: `A token whose \`nbf\` is 10 minutes ahead must not be authorized: \`isAuthorized\` false, or the future \`nbf\` passed through for HealthLake to refuse ([HealthLake, Token validation using AWS Lambda](${DOC})).`,
  verifies: ['HL-LAMBDA-4'],
  level: 'SHALL',
  async run(ctx) {
    const l = lambdaOf(ctx)
    const inv = await invoke(l, event(l, await token(l, { nbf: Math.floor(Date.now() / 1000) + 600, exp: Math.floor(Date.now() / 1000) + 900 })))
    expectRefused(healthlakeVerdict(l, inv), 'nbf ahead')
  },
}
