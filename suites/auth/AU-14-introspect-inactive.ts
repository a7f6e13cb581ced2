import { expect, shown, type Check } from '../check.js'
import { introspect, revokedToken } from './shared.js'

export const check: Check = {
  id: 'AU-14',
  title: 'Introspecting a revoked token answers only active:false',
  description:
    'For an inactive token the introspection response is `{"active": false}` and nothing more — no claims of a token that no longer works ([RFC 7662 §2.2](https://www.rfc-editor.org/rfc/rfc7662#section-2.2)).',
  verifies: ['OAUTH-4'],
  level: 'SHALL',
  needs: [{ endpoint: 'introspection_endpoint' }, { endpoint: 'revocation_endpoint' }],
  async run(ctx) {
    const ex = await introspect(ctx, 'introspect-revoked', await revokedToken(ctx))
    expect(ex.response?.status === 200, `expected HTTP 200, got ${ex.response ? `${ex.response.status} ${ex.response.body.slice(0, 120)}` : ex.error}`)
    const body = ex.json()
    expect(body.active === false, `expected \`active\` false for a revoked token, got ${shown(body.active)}`)
    expect(Object.keys(body).length === 1, `expected nothing but \`active\`, got keys ${shown(Object.keys(body))}`)
  },
}
