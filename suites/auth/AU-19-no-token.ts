import { expect, skip, type Check } from '../check.js'
import { claimedRequest } from '../needs.js'

export const check: Check = {
  id: 'AU-19',
  title: 'A FHIR request without a token is refused with 401',
  description:
    'A protected resource request (an interaction the CapabilityStatement declares) without `Authorization` answers 401 with `WWW-Authenticate: Bearer` ([RFC 6750 §3](https://www.rfc-editor.org/rfc/rfc6750#section-3); [SMART App Launch, Access token use](https://hl7.org/fhir/smart-app-launch/STU2.1/app-launch.html#step-6-fhir-api)).',
  verifies: ['OAUTH-3'],
  level: 'SHALL',
  async run(ctx) {
    if (ctx.target.auth.kind === 'none' || ctx.target.auth.kind === 'sigv4') skip(`the run is not given SMART credentials (--auth ${ctx.target.auth.kind})`)
    const probe = await claimedRequest(ctx)
    if (!probe) skip('the CapabilityStatement declares no search or read interaction to ask for')
    const ex = await ctx.exchange('read-no-token', 'GET', probe.path, {}, { noAuth: true })
    expect(ex.response?.status === 401, `expected HTTP 401 for ${probe.what} without a token, got ${ex.response?.status ?? ex.error}`)
    expect(
      /^Bearer/i.test(ex.response.headers['www-authenticate'] ?? ''),
      `expected \`WWW-Authenticate: Bearer …\`, got \`${ex.response.headers['www-authenticate'] ?? 'nothing'}\``,
    )
  },
}
