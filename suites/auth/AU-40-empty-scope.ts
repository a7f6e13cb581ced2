import { type Check } from '../check.js'
import { backendClient, BS_SPEC, grantsOnlyItsScope } from './shared.js'

export const check: Check = {
  id: 'AU-40',
  title: 'An empty or junk scope grants no FHIR access',
  description: `A token request whose \`scope\` is empty or no SMART scope at all is refused with an OAuth error, or the token reaches nothing its granted \`scope\` does not cover: a search and a create the CapabilityStatement declares are refused ([SMART Backend Services, Evaluate requested access](${BS_SPEC}#evaluate-requested-access); [Access FHIR API](${BS_SPEC}#access-fhir-api)). A server may apply a default scope; the token then reaches what that scope says.`,
  verifies: ['SMART-BS-5', 'SMART-BS-7'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const c = await backendClient(ctx)
    for (const scope of ['', 'shoreline-junk-scope!']) await grantsOnlyItsScope(ctx, c, 'AU-40', scope)
  },
}
