import { assertion, refusedAssertion } from './shared.js'

export const check = refusedAssertion({
  id: 'AU-62',
  title: 'An assertion naming an unregistered kid',
  description:
    'The server verifies with the key the header names: a kid the client never registered is refused even when the signature would verify with another of its keys ([SMART Backend Services, Signature verification](https://hl7.org/fhir/smart-app-launch/STU2.1/backend-services.html#signature-verification)).',
  verifies: ['SMART-BS-3'],
  make: (c) => assertion(c, { header: { kid: 'shoreline-unregistered-kid' } }),
})
