import { refusedAssertion, assertion, BS_SPEC } from './shared.js'

export const check = refusedAssertion({
  id: 'AU-55',
  title: 'A kid with path characters',
  description: `The token endpoint refuses a client assertion whose kid is a path (../../…) ([SMART Backend Services, Signature verification](${BS_SPEC}#signature-verification); RFC 7523 §3).`,
  verifies: ['SMART-BS-3'],
  make: (c) => assertion(c, { header: { kid: `../../keys/${c.kid ?? 'k'}` } }),
})
