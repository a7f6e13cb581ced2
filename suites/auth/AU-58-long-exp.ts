import { refusedAssertion, assertion, BS_SPEC } from './shared.js'

export const check = refusedAssertion({
  id: 'AU-58',
  title: 'An assertion valid for more than 5 minutes',
  description: `The token endpoint refuses a client assertion whose exp is more than five minutes away ([SMART Backend Services, Signature verification](${BS_SPEC}#signature-verification); RFC 7523 §3).`,
  verifies: ['SMART-BS-3'],
  make: (c) => assertion(c, { claims: { exp: Math.floor(Date.now() / 1000) + 900 } }),
})
