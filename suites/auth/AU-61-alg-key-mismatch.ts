import { assertion, refusedAssertion } from './shared.js'

export const check = refusedAssertion({
  id: 'AU-61',
  title: "An assertion whose alg does not match the key's type",
  description:
    'The token endpoint checks a signature with the algorithm the registered key allows: an RS384 signature under an ES384 header (or the reverse) is refused ([SMART Backend Services, Signature verification](https://hl7.org/fhir/smart-app-launch/STU2.1/backend-services.html#signature-verification)).',
  verifies: ['SMART-BS-3'],
  make: async (c) => {
    const [, payload, sig] = (await assertion(c)).split('.')
    const header = Buffer.from(JSON.stringify({ alg: c.alg === 'RS384' ? 'ES384' : 'RS384', typ: 'JWT', ...(c.kid ? { kid: c.kid } : {}) })).toString('base64url')
    return `${header}.${payload}.${sig}`
  },
})
