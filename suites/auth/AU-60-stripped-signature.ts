import { refusedAssertion, assertion, BS_SPEC } from './shared.js'

export const check = refusedAssertion({
  id: 'AU-60',
  title: 'An assertion with its signature stripped',
  description: `The token endpoint refuses a client assertion whose signature has been removed ([SMART Backend Services, Signature verification](${BS_SPEC}#signature-verification); RFC 7523 §3).`,
  verifies: ['SMART-BS-3'],
  make: async (c) => (await assertion(c)).split('.').slice(0, 2).join('.') + '.',
})
