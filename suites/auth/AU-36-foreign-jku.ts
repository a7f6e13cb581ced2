import { refusedAssertion, assertion, BS_SPEC } from './shared.js'

export const check = refusedAssertion({
  id: 'AU-36',
  title: 'An assertion pointing jku at a foreign host',
  description: `The token endpoint refuses a client assertion whose jku header is not the registered JWKS URL ([SMART Backend Services, Signature verification](${BS_SPEC}#signature-verification); RFC 7523 §3).`,
  verifies: ['SMART-BS-3'],
  make: (c) => assertion(c, { header: { jku: 'https://attacker.invalid/jwks.json' } }),
})
