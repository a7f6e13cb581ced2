import { importJWK, type JWK } from 'jose'
import { expect, shown, type Check } from '../check.js'
import { discoveryJson, SPEC } from './shared.js'

export const check: Check = {
  id: 'SD-17',
  title: 'The JWKS at jwks_uri holds at least one usable public key',
  description: `\`jwks_uri\` serves a JSON Web Key Set (RFC 7517 §5) whose \`keys\` all parse, at least one RSA ([SMART App Launch, Metadata](${SPEC}#metadata)).`,
  verifies: ['SMART-WK-8'],
  level: 'SHALL',
  async run(ctx) {
    const uri = (await discoveryJson(ctx)).jwks_uri
    expect(typeof uri === 'string', `expected \`jwks_uri\` to be a URL, got ${shown(uri)}`)
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
    expect(
      set.keys.some((k) => k.kty === 'RSA'),
      `expected at least one RSA key, got key types ${shown(set.keys.map((k) => k.kty))}`,
    )
  },
}
