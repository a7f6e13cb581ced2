import { expect, type Check } from '../check.js'
import { outOfScopeSearch } from './shared.js'

export const check: Check = {
  id: 'AU-22',
  title: 'A token scoped to Patient cannot search Observation',
  description:
    "Access is limited to the granted scopes: with `system/Patient.rs` only, an Observation search is refused, 401 or 403 and no Bundle ([SMART Backend Services, Access FHIR API](https://hl7.org/fhir/smart-app-launch/STU2.1/backend-services.html#access-fhir-api): the resource server SHALL ensure the token's scope covers the request). Which of the two is AU-67.",
  verifies: ['SMART-SC-1', 'SMART-BS-7'],
  level: 'SHALL',
  needs: [{ interaction: 'search-type', type: 'Observation' }],
  async run(ctx) {
    const ex = await outOfScopeSearch(ctx)
    expect(ex.response?.status === 401 || ex.response?.status === 403, `expected the search outside the granted scopes refused (401/403), got ${ex.response?.status ?? ex.error}`)
  },
}
