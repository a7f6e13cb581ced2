import { assertion, refusedAssertion, strangerKey } from './shared.js'

export const check = refusedAssertion({
  id: 'AU-35',
  title: 'An assertion signed with an unregistered key',
  description:
    "The token endpoint refuses an assertion signed by a key the client never registered, though it names the client's kid ([SMART Backend Services, Signature verification](https://hl7.org/fhir/smart-app-launch/STU2.1/backend-services.html#signature-verification)).",
  verifies: ['SMART-BS-3'],
  make: async (c) => assertion(c, { key: await strangerKey(c.alg) }),
})
