import { expect, skip, type Check } from '../check.js'
import { assertion, backendClient, backendForm, tokenExchange } from './shared.js'

export const check: Check = {
  id: 'AU-22',
  title: 'A token scoped to Patient cannot search Observation',
  description:
    "Access is limited to the granted scopes: with `system/Patient.rs` only, an Observation search is refused, 401 or 403 and no Bundle ([SMART Backend Services, Access FHIR API](https://hl7.org/fhir/smart-app-launch/STU2.1/backend-services.html#access-fhir-api): the resource server SHALL ensure the token's scope covers the request). Which of the two is AU-67.",
  verifies: ['SMART-SC-1', 'SMART-BS-7'],
  level: 'SHALL',
  needs: [{ interaction: 'search-type', type: 'Observation' }],
  async run(ctx) {
    const c = await backendClient(ctx)
    const tok = await tokenExchange(ctx, c, 'token-patient-only', backendForm(c, await assertion(c), 'system/Patient.rs'))
    if (tok.response?.status !== 200) skip('the client could not get a system/Patient.rs token')
    const token = (tok.json() as { access_token: string }).access_token
    const ex = await ctx.exchange('search-out-of-scope', 'GET', 'Observation?_count=1', { authorization: `Bearer ${token}` }, { noAuth: true })
    expect(ex.response?.status === 401 || ex.response?.status === 403, `expected the search outside the granted scopes refused (401/403), got ${ex.response?.status ?? ex.error}`)
  },
}
