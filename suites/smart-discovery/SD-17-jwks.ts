import { importJWK, type JWK } from 'jose'
import { expect, shown, skip, type Check } from '../check.js'
import { claimsOpenId, discoveryJson, SPEC } from './shared.js'

export const check: Check = {
  id: 'SD-17',
  title: 'The JWKS at jwks_uri holds at least one usable public key',
  description: `Where discovery names \`jwks_uri\` — required only with \`sso-openid-connect\` — it serves a JSON Web Key Set (RFC 7517 §5) whose \`keys\` all parse as public keys; with \`sso-openid-connect\`, at least one is RSA, since OpenID providers must sign id_tokens with RS256 ([SMART App Launch, Metadata](${SPEC}#metadata); [OpenID Connect Core §15.1](https://openid.net/specs/openid-connect-core-1_0.html#ServerMTI)).`,
  verifies: ['SMART-WK-8'],
  level: 'SHALL',
  async run(ctx) {
    const conf = await discoveryJson(ctx)
    const uri = conf.jwks_uri
    const openid = claimsOpenId(conf)
    if (uri === undefined && !openid) skip('no jwks_uri, and the server does not claim sso-openid-connect (which is what requires one)')
    expect(typeof uri === 'string', `expected \`jwks_uri\` to be a URL${openid ? ' (the server claims sso-openid-connect)' : ''}, got ${shown(uri)}`)
    const ex = await ctx.exchange('jwks', 'GET', uri, { accept: 'application/json' }, { noAuth: true })
    expect(ex.response?.status === 200, `expected HTTP 200 from \`jwks_uri\`, got ${ex.response?.status ?? ex.error}`)
    const set = ex.json() as { keys?: JWK[] }
    expect(Array.isArray(set.keys) && set.keys.length > 0, `expected \`keys\` to be a non-empty array, got ${shown(set.keys)}`)
    for (const k of set.keys) {
      try {
        await importJWK(k, k.alg ?? (k.kty === 'EC' ? 'ES384' : 'RS384'))
      } catch (err) {
        expect(false, `expected every key to parse, \`${k.kid ?? '(no kid)'}\` does not: ${(err as Error).message}`)
      }
      expect(!('d' in k), `expected public keys only, \`${k.kid ?? '(no kid)'}\` carries private material`)
    }
    if (openid)
      expect(
        set.keys.some((k) => k.kty === 'RSA'),
        `expected at least one RSA key, got key types ${shown(set.keys.map((k) => k.kty))}`,
      )
  },
}
