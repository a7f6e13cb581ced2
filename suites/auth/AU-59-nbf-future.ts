import { refusedAssertion, assertion, BS_SPEC } from './shared.js'

export const check = refusedAssertion({
  id: 'AU-59',
  title: 'An assertion not valid yet',
  description: `The token endpoint refuses a client assertion whose nbf is in the future ([SMART Backend Services, Signature verification](${BS_SPEC}#signature-verification); RFC 7523 §3).`,
  verifies: ['SMART-BS-3'],
  make: (c) => assertion(c, { claims: { nbf: Math.floor(Date.now() / 1000) + 600 } }),
})
