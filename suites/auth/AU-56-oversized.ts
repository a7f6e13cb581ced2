import { refusedAssertion, assertion, BS_SPEC } from './shared.js'

export const check = refusedAssertion({
  id: 'AU-56',
  title: 'An assertion over 16 KB',
  description: `The token endpoint refuses a client assertion larger than 16 KB ([SMART Backend Services, Signature verification](${BS_SPEC}#signature-verification); RFC 7523 §3).`,
  verifies: ['SMART-BS-3'],
  make: (c) => assertion(c, { claims: { pad: 'x'.repeat(17 * 1024) } }),
})
