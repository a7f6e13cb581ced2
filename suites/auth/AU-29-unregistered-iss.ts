import { assertion, refusedAssertion } from './shared.js'

export const check = refusedAssertion({
  id: 'AU-29',
  title: 'An assertion from an unregistered client',
  description:
    'The token endpoint refuses an assertion whose iss/sub name no registered client ([SMART Backend Services, Signature verification](https://hl7.org/fhir/smart-app-launch/STU2.1/backend-services.html#signature-verification)).',
  verifies: ['SMART-BS-3'],
  make: (c) => assertion(c, { claims: { iss: 'shoreline-unregistered-client', sub: 'shoreline-unregistered-client' } }),
})
