import { hmacWithPublicKey, refusedAssertion } from './shared.js'

export const check = refusedAssertion({
  id: 'AU-52',
  title: 'An HS256 assertion keyed with the public key',
  description:
    "The token endpoint refuses an HMAC-signed assertion whose secret is the client's public key — the algorithm-confusion attack ([SMART Backend Services, Signature verification](https://hl7.org/fhir/smart-app-launch/STU2.1/backend-services.html#signature-verification); RFC 8725 §2.1).",
  verifies: ['SMART-BS-3'],
  make: (c) => hmacWithPublicKey(c),
})
