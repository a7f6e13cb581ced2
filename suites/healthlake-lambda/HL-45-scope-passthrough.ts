import { expect, shown, type Check } from '../check.js'
import { DOC, event, invoke, lambdaOf, SCOPE, token } from './shared.js'

export const check: Check = {
  id: 'HL-45',
  title: "authPayload.scope is the token's scope, not wider",
  description: `HealthLake grants what \`authPayload.scope\` says, so the handler passes the token's granted scopes through — here \`${SCOPE}\` — and adds none ([HealthLake, Token validation using AWS Lambda](${DOC}); [SMART App Launch, Scopes](https://hl7.org/fhir/smart-app-launch/STU2.1/scopes-and-launch-context.html)).`,
  verifies: ['HL-LAMBDA-2'],
  level: 'SHALL',
  async run(ctx) {
    const l = lambdaOf(ctx)
    const inv = await invoke(l, event(l, await token(l)))
    const scope = (inv.result as { authPayload?: { scope?: unknown } } | undefined)?.authPayload?.scope
    const got = typeof scope === 'string' ? scope.split(/\s+/).filter(Boolean).sort() : []
    const want = SCOPE.split(' ').sort()
    expect(
      got.every((s) => want.includes(s)),
      `expected \`scope\` within ${shown(SCOPE)}, got ${shown(scope)}`,
    )
    expect(
      want.every((s) => got.includes(s)),
      `expected \`scope\` ${shown(SCOPE)} (as granted), got ${shown(scope)}`,
    )
  },
}
