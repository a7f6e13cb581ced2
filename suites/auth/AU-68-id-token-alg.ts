import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose'
import { expect, shown, skip, type Check } from '../check.js'
import { expectStatus } from '../fhir.js'
import { discoveryJson, openIdMetadata } from '../smart-discovery/shared.js'
import { APP_SCOPE, appGrant } from './app-launch.js'

const DISCOVERY = 'https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata'

export const check: Check = {
  id: 'AU-68',
  title: 'The id_token is signed with an algorithm the provider metadata lists, and verifies with jwks_uri',
  description: `A server claiming \`sso-openid-connect\` is an OpenID provider: its metadata at \`{issuer}/.well-known/openid-configuration\` lists \`id_token_signing_alg_values_supported\` (RS256 among them), and the id_token of an \`openid\` code exchange is signed with a listed algorithm, by a key at \`jwks_uri\`, for the app as audience and the issuer as \`iss\` ([OpenID Connect Discovery, Provider metadata](${DISCOVERY}); [Core §3.1.3.7](https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation)). Driven with the run's app client (\`--app-client-id\`, \`--app-redirect-uri\`).`,
  verifies: ['OIDC-1'],
  level: 'SHALL',
  needs: [{ capability: 'sso-openid-connect' }, { endpoint: 'authorization_endpoint' }],
  async run(ctx) {
    const app = ctx.app
    if (!app) skip('needs an app client registered at the target (--app-client-id and --app-redirect-uri)')
    const conf = await discoveryJson(ctx)
    const issuer = conf.issuer
    expect(typeof issuer === 'string', `expected \`issuer\` in the SMART configuration (the server claims sso-openid-connect), got ${shown(issuer)}`)
    const meta = await openIdMetadata(ctx, issuer)
    expectStatus(meta, 200)
    const algs = meta.json<{ id_token_signing_alg_values_supported?: unknown }>().id_token_signing_alg_values_supported
    expect(Array.isArray(algs) && algs.includes('RS256'), `expected \`id_token_signing_alg_values_supported\` listing RS256, got ${shown(algs)}`)
    // The same openid flow AU-10 and AU-13 judge (one per run).
    const { token } = await appGrant(ctx, 'openid', `openid fhirUser ${APP_SCOPE}`)
    expectStatus(token, 200)
    const idToken = token.json<{ id_token?: unknown; scope?: unknown }>().id_token
    if (typeof idToken !== 'string') {
      const granted = String(token.json<{ scope?: unknown }>().scope ?? '')
      if (!granted.split(' ').includes('openid')) skip(`openid was not granted (scope \`${granted}\`), so no id_token is due`)
      expect(false, 'expected an `id_token` in the token response (openid was granted)')
    }
    const alg = decodeProtectedHeader(idToken).alg
    expect(algs.includes(alg), `expected the id_token's alg among \`id_token_signing_alg_values_supported\` ${shown(algs)}, got ${shown(alg)}`)
    const jwksUri = conf.jwks_uri
    expect(typeof jwksUri === 'string', `expected \`jwks_uri\` (the server claims sso-openid-connect), got ${shown(jwksUri)}`)
    const keys = await ctx.exchange('jwks', 'GET', jwksUri, { accept: 'application/json' }, { noAuth: true })
    expectStatus(keys, 200)
    try {
      await jwtVerify(idToken, createLocalJWKSet(keys.json<JSONWebKeySet>()), { issuer, audience: app.clientId, algorithms: algs as string[] })
    } catch (err) {
      expect(false, `expected the id_token to verify with a key at \`jwks_uri\`, for audience ${shown(app.clientId)} from issuer ${shown(issuer)}: ${(err as Error).message}`)
    }
  },
}
