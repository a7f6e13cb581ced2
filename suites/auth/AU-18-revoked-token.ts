import { expect, type Check } from '../check.js'
import { revokedToken } from './shared.js'

export const check: Check = {
  id: 'AU-18',
  title: 'A revoked token no longer reads',
  description: 'After revocation ([RFC 7009 §2](https://www.rfc-editor.org/rfc/rfc7009#section-2)) the token is refused by the FHIR server (401, 403 or 404).',
  verifies: ['OAUTH-5'],
  level: 'SHALL',
  needs: [{ endpoint: 'revocation_endpoint' }],
  async run(ctx) {
    const token = await revokedToken(ctx)
    const ex = await ctx.exchange('read-revoked', 'GET', 'Patient?_count=1', { authorization: `Bearer ${token}` }, { noAuth: true })
    expect([401, 403, 404].includes(ex.response?.status ?? 0), `expected 401, 403 or 404 with a revoked token, got ${ex.response?.status ?? ex.error}`)
  },
}
