import { backendForm, refusedRequests } from './shared.js'

export const check = refusedRequests({
  id: 'AU-31',
  title: 'A junk client_assertion is refused with invalid_client',
  description: `A \`client_assertion\` that is no JWT fails client authentication: \`invalid_client\`, not a token ([Client authentication: asymmetric, Signature verification](https://hl7.org/fhir/smart-app-launch/STU2.1/client-confidential-asymmetric.html#signature-verification); [RFC 7523 §3](https://www.rfc-editor.org/rfc/rfc7523#section-3)). A junk scope is AU-40's question.`,
  verifies: ['SMART-BS-3'],
  codes: ['invalid_client'],
  make: async (c) => [['a junk client_assertion', backendForm(c, 'not-a-jwt')]],
})
