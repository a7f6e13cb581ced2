import { decodeJwt } from 'jose'
import { expect, shown, skip, type Check } from '../check.js'
import { APP_SCOPE, appGrant, grantedScopes } from './app-launch.js'

const SPEC = 'https://openid.net/specs/openid-connect-core-1_0.html#IDToken'

export const check: Check = {
  id: 'AU-10',
  title: 'The id_token carries the claims OpenID Connect requires: iss, sub, aud, exp and iat',
  description: `A server claiming \`sso-openid-connect\` answers an \`openid fhirUser\` authorization-code flow of the run's app client with an \`id_token\` whose claims include \`iss\`, \`sub\` (at most 255 ASCII characters), \`aud\` naming the app, and numeric \`exp\` (in the future) and \`iat\` — each REQUIRED ([OpenID Connect Core, ID Token](${SPEC})). Its signature and algorithm are AU-68's.`,
  verifies: ['OIDC-2'],
  level: 'SHALL',
  needs: [{ capability: 'sso-openid-connect' }, { endpoint: 'authorization_endpoint' }],
  async run(ctx) {
    const grant = await appGrant(ctx, 'openid', `openid fhirUser ${APP_SCOPE}`)
    if (grant.token.response?.status !== 200) skip('the approved code was not exchanged for a token (AU-05)')
    const issued = grant.token.json() as Record<string, unknown>
    if (typeof issued.id_token !== 'string') {
      if (!grantedScopes(issued).has('openid')) skip('openid was not granted, so no id_token is due')
      expect(false, 'expected an `id_token` in the token response (openid was granted)')
    }
    let claims: Record<string, unknown>
    try {
      claims = decodeJwt(String(issued.id_token))
    } catch (err) {
      return expect(false, `expected the \`id_token\` to be a JWT, got one that does not decode: ${(err as Error).message}`)
    }
    const sub = claims.sub
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
    const missing = [
      typeof claims.iss === 'string' && claims.iss !== '' ? '' : '`iss`',
      typeof sub === 'string' && sub !== '' && sub.length <= 255 && /^[\x20-\x7e]*$/.test(sub) ? '' : '`sub` (1 to 255 ASCII characters)',
      audiences.includes(ctx.app!.clientId) ? '' : `\`aud\` naming ${ctx.app!.clientId}`,
      typeof claims.exp === 'number' && claims.exp > Date.now() / 1000 ? '' : '`exp` in the future',
      typeof claims.iat === 'number' ? '' : '`iat`',
    ].filter(Boolean)
    expect(
      missing.length === 0,
      `expected the id_token to carry the claims OpenID Connect requires; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not as required (claims: ${shown(Object.keys(claims))})`,
    )
  },
}
