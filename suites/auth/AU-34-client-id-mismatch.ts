import { assertion, backendForm, refusedRequests } from './shared.js'

export const check = refusedRequests({
  id: 'AU-34',
  title: 'A client_id naming another (unregistered) client is refused',
  description:
    "When the request names a `client_id` that is not the assertion's issuer — here an unregistered one — the client is not authenticated ([RFC 7521 §4.2](https://www.rfc-editor.org/rfc/rfc7521#section-4.2); [SMART Backend Services, Signature verification](https://hl7.org/fhir/smart-app-launch/STU2.1/backend-services.html#signature-verification)).",
  verifies: ['OAUTH-6'],
  make: async (c) => [['an unregistered client_id', { ...backendForm(c, await assertion(c)), client_id: 'shoreline-unregistered-client' }]],
})
