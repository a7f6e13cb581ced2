import { refusedAssertion, assertion, BS_SPEC } from './shared.js'

export const check = refusedAssertion({
  id: 'AU-54',
  title: 'An assertion whose sub is not its iss',
  description: `The token endpoint refuses a client assertion whose sub differs from iss (both must be the client_id) ([SMART Backend Services, Signature verification](${BS_SPEC}#signature-verification); RFC 7523 §3).`,
  verifies: ['SMART-BS-3'],
  make: (c) => assertion(c, { claims: { sub: `${c.clientId}-other` } }),
})
