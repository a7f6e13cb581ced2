import { expect, shown, skip, type Check } from '../check.js'
import { discoveryJson } from '../smart-discovery/shared.js'
import { clientAuthForm, revokedToken } from './revoked.js'

export const check: Check = {
  id: 'AU-14',
  title: 'Introspecting a revoked token answers only active:false',
  description: 'For an inactive token the introspection response is `{"active": false}` and nothing more — no claims of a token that no longer works ([RFC 7662 §2.2](https://www.rfc-editor.org/rfc/rfc7662#section-2.2)).',
  verifies: ['OAUTH-4'],
  level: 'SHALL',
  async run(ctx) {
    const url = (await discoveryJson(ctx)).introspection_endpoint
    if (typeof url !== 'string') skip('no introspection_endpoint in the SMART configuration')
    const token = await revokedToken(ctx)
    const ex = await ctx.exchange('introspect-revoked', 'POST', url, { 'content-type': 'application/x-www-form-urlencoded' }, { body: new URLSearchParams({ ...(await clientAuthForm(ctx)), token }).toString(), noAuth: true })
    expect(ex.response?.status === 200, `expected HTTP 200, got ${ex.response ? `${ex.response.status} ${ex.response.body.slice(0, 120)}` : ex.error}`)
    const body = ex.json()
    expect(body.active === false, `expected \`active\` false for a revoked token, got ${shown(body.active)}`)
    expect(Object.keys(body).length === 1, `expected nothing but \`active\`, got keys ${shown(Object.keys(body))}`)
  },
}
