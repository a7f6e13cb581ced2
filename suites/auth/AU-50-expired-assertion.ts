import { refusedAssertion, assertion, BS_SPEC } from './shared.js'

export const check = refusedAssertion({
  id: 'AU-50',
  title: 'An expired client assertion',
  description: `The token endpoint refuses a client assertion whose exp has passed ([SMART Backend Services, Signature verification](${BS_SPEC}#signature-verification); RFC 7523 §3).`,
  verifies: ['SMART-BS-3'],
  make: (c) => assertion(c, { claims: { exp: Math.floor(Date.now() / 1000) - 60 } }),
})
