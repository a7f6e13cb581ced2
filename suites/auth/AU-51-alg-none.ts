import { refusedAssertion, unsigned } from './shared.js'

export const check = refusedAssertion({
  id: 'AU-51',
  title: 'An unsigned (alg none) assertion',
  description:
    'The token endpoint refuses a client assertion with `alg: none` ([SMART Backend Services, Signature verification](https://hl7.org/fhir/smart-app-launch/STU2.1/backend-services.html#signature-verification); RFC 8725 §3.1).',
  verifies: ['SMART-BS-3'],
  make: (c) => unsigned(c),
})
