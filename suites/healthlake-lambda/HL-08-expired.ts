import type { Check } from '../check.js'
import { DOC, event, expectRefused, healthlakeVerdict, invoke, lambdaOf, token } from './shared.js'

export const check: Check = {
  id: 'HL-08',
  title: 'An expired token is not authorized',
  description: `A token whose \`exp\` has passed (signed correctly) must not lead HealthLake to authorize: the handler answers \`isAuthorized\` false or passes the past \`exp\` through — never a fresh one ([HealthLake, Token validation using AWS Lambda](${DOC})).`,
  verifies: ['HL-LAMBDA-4'],
  level: 'SHALL',
  async run(ctx) {
    const l = lambdaOf(ctx)
    const inv = await invoke(
      l,
      event(l, await token(l, { iat: Math.floor(Date.now() / 1000) - 900, nbf: Math.floor(Date.now() / 1000) - 900, exp: Math.floor(Date.now() / 1000) - 600 })),
    )
    expectRefused(healthlakeVerdict(l, inv), 'exp in the past')
  },
}
