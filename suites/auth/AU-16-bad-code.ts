import { randomBytes } from 'node:crypto'
import { expect, skip, type Check } from '../check.js'
import { appGrant } from './app-launch.js'
import { oauthError, tokenExchange } from './shared.js'

const SPEC = 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2'

export const check: Check = {
  id: 'AU-16',
  title: 'An unknown authorization code, and a code used a second time, get no token',
  description: `The token endpoint refuses, with an OAuth error (\`invalid_grant\` or another registered code, HTTP 400), a code it never issued and a code already exchanged: "If an authorization code is used more than once, the authorization server MUST deny the request" ([RFC 6749 §4.1.2](${SPEC}); [§5.2](https://www.rfc-editor.org/rfc/rfc6749#section-5.2)). The run's app client gets one code through the flow (PKCE S256) and exchanges it; the same code and verifier are then sent again.`,
  verifies: ['OAUTH-13'],
  level: 'SHALL',
  needs: [{ endpoint: 'authorization_endpoint' }],
  async run(ctx) {
    const grant = await appGrant(ctx, 'code-twice')
    const app = ctx.app!
    if (grant.token.response?.status !== 200) skip('the approved code was not exchanged for a token (AU-05)')
    const form = (code: string) => ({ grant_type: 'authorization_code', code, redirect_uri: app.redirectUri, client_id: app.clientId, code_verifier: grant.verifier })
    const unknown = await tokenExchange(ctx, grant, 'token-unknown-code', form(randomBytes(24).toString('base64url')))
    expect(unknown.response?.status !== 200, 'expected no token for a code the server never issued, got HTTP 200')
    expect(oauthError(unknown).ok, `expected an OAuth error for a code the server never issued, got ${oauthError(unknown).got}`)
    const again = await tokenExchange(ctx, grant, 'token-code-again', form(grant.code))
    expect(again.response?.status !== 200, 'expected no token for a code used a second time, got HTTP 200: the code can be replayed')
    expect(oauthError(again).ok, `expected an OAuth error for a code used a second time, got ${oauthError(again).got}`)
  },
}
