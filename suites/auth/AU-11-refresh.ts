import { expect, shown, skip, type Check } from '../check.js'
import { appGrant, grantedScopes } from './app-launch.js'
import { oauthError, tokenExchange } from './shared.js'

const SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.1/app-launch.html#step-7-refresh'
/** What an app might try to widen a refresh to: create, update and delete where it was granted reads. */
const WIDER = 'patient/*.cruds'

export const check: Check = {
  id: 'AU-11',
  title: 'A refresh token gets a new access token, never with a scope beyond the one first granted',
  description: `The app asks for \`offline_access\`; where the server issues a \`refresh_token\` (it may not: the check skips), refreshing without \`scope\` gives HTTP 200 with a new \`access_token\`, \`token_type\` \`Bearer\` and a scope within the original grant, and a refresh that asks for more (\`${WIDER}\`) is refused or granted no more than the original: "The requested scope MUST NOT include any scope not originally granted" ([RFC 6749 §6](https://www.rfc-editor.org/rfc/rfc6749#section-6); [SMART App Launch, Refresh access token](${SPEC})).`,
  verifies: ['OAUTH-14'],
  level: 'SHALL',
  needs: [{ endpoint: 'authorization_endpoint' }],
  async run(ctx) {
    const grant = await appGrant(ctx, 'refresh')
    const app = ctx.app!
    if (grant.token.response?.status !== 200) skip('the approved code was not exchanged for a token (AU-05)')
    const first = grant.token.json() as Record<string, unknown>
    if (typeof first.refresh_token !== 'string' || first.refresh_token === '') skip('the server issued no refresh token for `offline_access` (it need not)')
    // A response without `scope` granted what was asked (RFC 6749 §5.1).
    const original = grantedScopes(first).size > 0 ? grantedScopes(first) : new Set(grant.asked.split(' '))
    const plain = await tokenExchange(ctx, grant, 'token-refresh', { grant_type: 'refresh_token', refresh_token: String(first.refresh_token), client_id: app.clientId })
    expect(plain.response?.status === 200, `expected a refresh without \`scope\` to give a new token, got ${oauthError(plain).got}`)
    const body = plain.json() as Record<string, unknown>
    expect(typeof body.access_token === 'string' && body.access_token !== '', 'expected a non-empty `access_token` from the refresh')
    expect(
      typeof body.token_type === 'string' && body.token_type.toLowerCase() === 'bearer',
      `expected the refresh's \`token_type\` to be \`Bearer\`, got ${shown(body.token_type)}`,
    )
    const beyond = (b: Record<string, unknown>) => [...grantedScopes(b)].filter((s) => !original.has(s))
    expect(beyond(body).length === 0, `expected the refreshed scope within the original grant (${[...original].join(' ')}), got also ${beyond(body).join(' ')}`)
    // The refresh token may have rotated: the widening attempt uses the newest one.
    const latest = typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : String(first.refresh_token)
    const wider = await tokenExchange(ctx, grant, 'token-refresh-wider', {
      grant_type: 'refresh_token',
      refresh_token: latest,
      client_id: app.clientId,
      scope: `${[...original].join(' ')} ${WIDER}`,
    })
    if (wider.response?.status !== 200) return
    const widened = beyond(wider.json() as Record<string, unknown>)
    expect(widened.length === 0, `expected a refresh asking for \`${WIDER}\` refused or granted no scope beyond the original grant, got also ${widened.join(' ')}`)
  },
}
