import { assertion, backendForm, refusedRequests } from './shared.js'

export const check = refusedRequests({
  id: 'AU-45',
  title: 'Scopes with an unknown action or resource type are refused',
  description:
    'Each of `system/Patient.unknownAction`, `system/Patient.xyz`, `system/ShorelineUnknownResource.read` and `system/ShorelineUnknownResource.r` names nothing grantable and gets `invalid_scope` ([SMART App Launch, Scopes](https://hl7.org/fhir/smart-app-launch/STU2.1/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources)).',
  verifies: ['SMART-SC-3'],
  make: async (c) =>
    Promise.all(
      ['system/Patient.unknownAction', 'system/Patient.xyz', 'system/ShorelineUnknownResource.read', 'system/ShorelineUnknownResource.r'].map(
        async (s): Promise<[string, Record<string, string>]> => [s, backendForm(c, await assertion(c), s)],
      ),
    ),
})
