import { expect, type Check } from '../check.js'
import { assertion, backendClient, backendForm, tokenExchange } from './shared.js'

export const check: Check = {
  id: 'AU-44',
  title: 'Wildcard system scopes (v1 and v2) are granted',
  description:
    'A client registered for them gets `system/*.read` (SMART v1) and `system/*.rs` (v2): HTTP 200 and a granted `scope` naming a wildcard ([SMART App Launch, Scopes](https://hl7.org/fhir/smart-app-launch/STU2.1/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources)).',
  verifies: ['SMART-SC-3'],
  level: 'SHALL',
  async run(ctx) {
    const c = await backendClient(ctx)
    for (const scope of ['system/*.read', 'system/*.rs']) {
      const ex = await tokenExchange(ctx, c, `token-AU-44-${scope}`, backendForm(c, await assertion(c), scope))
      expect(ex.response?.status === 200, `expected HTTP 200 for \`${scope}\`, got ${ex.response ? `${ex.response.status} ${ex.response.body.slice(0, 160)}` : ex.error}`)
      const granted = String((ex.json() as { scope?: unknown }).scope ?? '')
      expect(/(^|\s)system\/\*\./.test(granted), `expected a wildcard in the granted \`scope\` for \`${scope}\`, got \`${granted}\``)
    }
  },
}
