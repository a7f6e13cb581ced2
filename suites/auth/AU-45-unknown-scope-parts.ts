import { type Check } from '../check.js'
import { backendClient, BS_SPEC, grantsOnlyItsScope } from './shared.js'

const SCOPES_SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.1/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources'

export const check: Check = {
  id: 'AU-45',
  title: 'Scopes with an unknown action or resource type grant no FHIR access',
  description: `\`system/Patient.unknownAction\`, \`system/Patient.xyz\` and \`system/ShorelineUnknownResource.read\` name nothing grantable ([SMART App Launch, Scopes](${SCOPES_SPEC})). Each is refused, or granted as a well-formed string that reaches nothing: a search and a create the CapabilityStatement declares are refused ([SMART Backend Services, Access FHIR API](${BS_SPEC}#access-fhir-api)).`,
  verifies: ['SMART-SC-3', 'SMART-BS-7'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const c = await backendClient(ctx)
    for (const scope of ['system/Patient.unknownAction', 'system/Patient.xyz', 'system/ShorelineUnknownResource.read']) await grantsOnlyItsScope(ctx, c, 'AU-45', scope)
  },
}
