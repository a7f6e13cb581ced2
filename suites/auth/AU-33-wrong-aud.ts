import { refusedAssertion, assertion, BS_SPEC } from './shared.js'

export const check = refusedAssertion({
  id: 'AU-33',
  title: 'An assertion for another audience',
  description: `The token endpoint refuses a client assertion whose aud is not the token endpoint ([SMART Backend Services, Signature verification](${BS_SPEC}#signature-verification); RFC 7523 §3).`,
  verifies: ['SMART-BS-3'],
  make: (c) => assertion(c, { claims: { aud: `${c.tokenUrl}/elsewhere` } }),
})
