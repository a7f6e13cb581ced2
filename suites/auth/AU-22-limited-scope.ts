import { expect, skip, type Check } from '../check.js'
import { assertion, backendClient, backendForm, tokenExchange } from './shared.js'

export const check: Check = {
  id: 'AU-22',
  title: 'A token scoped to Patient cannot search Observation (403)',
  description:
    'Access is limited to the granted scopes: with `system/Patient.rs` only, an Observation search is refused — 403 (or 401) ([SMART App Launch, Scopes](https://hl7.org/fhir/smart-app-launch/STU2.1/scopes-and-launch-context.html); RFC 6750 §3.1 insufficient_scope).',
  verifies: ['SMART-SC-1'],
  level: 'SHALL',
  async run(ctx) {
    const c = await backendClient(ctx)
    const tok = await tokenExchange(ctx, c, 'token-patient-only', backendForm(c, await assertion(c), 'system/Patient.rs'))
    if (tok.response?.status !== 200) skip('the client could not get a system/Patient.rs token')
    const token = (tok.json() as { access_token: string }).access_token
    const ex = await ctx.exchange('search-out-of-scope', 'GET', 'Observation?_count=1', { authorization: `Bearer ${token}` }, { noAuth: true })
    expect(ex.response?.status === 403, `expected HTTP 403 for a search outside the granted scopes, got ${ex.response?.status ?? ex.error}`)
  },
}
