import { assertion, backendForm, BS_SPEC, refusedRequests } from './shared.js'

export const check = refusedRequests({
  id: 'AU-31',
  title: 'A junk scope or a junk client_assertion is refused',
  description: `A \`scope\` that is no SMART scope and a \`client_assertion\` that is no JWT each get an OAuth error, not a token ([SMART Backend Services, Scopes](${BS_SPEC}#scopes); [RFC 7523 §3](https://www.rfc-editor.org/rfc/rfc7523#section-3)).`,
  verifies: ['SMART-BS-5', 'SMART-BS-3'],
  make: async (c) => [
    ['a junk scope', backendForm(c, await assertion(c), 'shoreline-junk-scope!')],
    ['a junk client_assertion', backendForm(c, 'not-a-jwt')],
  ],
})
