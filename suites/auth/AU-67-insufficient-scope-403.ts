import { expect, skip, type Check } from '../check.js'
import { outOfScopeSearch } from './shared.js'

export const check: Check = {
  id: 'AU-67',
  title: 'A request outside the granted scopes is answered 403 (insufficient_scope)',
  description:
    'With `system/Patient.rs` only, an Observation search is refused with 403, the status RFC 6750 gives to a token whose scope is too narrow ([RFC 6750 §3.1](https://www.rfc-editor.org/rfc/rfc6750#section-3.1), insufficient_scope). That it is refused at all is AU-22.',
  verifies: ['OAUTH-11'],
  level: 'SHOULD',
  needs: [{ interaction: 'search-type', type: 'Observation' }],
  async run(ctx) {
    const ex = await outOfScopeSearch(ctx)
    if (ex.response?.status !== 401 && ex.response?.status !== 403) skip(`the search was not refused (HTTP ${ex.response?.status ?? ex.error}; AU-22)`)
    expect(ex.response.status === 403, `expected HTTP 403 (insufficient_scope) for a search outside the granted scopes, got ${ex.response.status}`)
  },
}
