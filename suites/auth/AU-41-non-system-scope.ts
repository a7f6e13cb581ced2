import { type Check } from '../check.js'
import { backendClient, BS_SPEC, grantsOnlyItsScope } from './shared.js'

export const check: Check = {
  id: 'AU-41',
  title: 'Scopes that name no resource (openid, launch fhirUser) grant no FHIR access',
  description: `A backend client asking only for \`openid\`, or for \`launch fhirUser\`, is refused, or its token reaches no resource: a search and a create the CapabilityStatement declares are refused. Such scopes are not prohibited for backend services, but they grant no data ([SMART Backend Services, Scopes](${BS_SPEC}#scopes); [Access FHIR API](${BS_SPEC}#access-fhir-api)).`,
  verifies: ['SMART-BS-7'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const c = await backendClient(ctx)
    for (const scope of ['openid', 'launch fhirUser']) await grantsOnlyItsScope(ctx, c, 'AU-41', scope)
  },
}
