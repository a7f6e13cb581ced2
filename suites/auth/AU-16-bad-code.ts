import { randomBytes } from 'node:crypto'
import { expect, skip, Skipped, type Check } from '../check.js'
import { appGrant, authorize, s256 } from './app-launch.js'
import { ASSERTION_TYPE, assertion, backendClient, oauthError, tokenExchange, type BackendClient } from './shared.js'

const SPEC = 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2'

export const check: Check = {
  id: 'AU-16',
  title: 'An unknown authorization code, a code used a second time, and a code redeemed by another client get no token',
  description: `The token endpoint refuses, with an OAuth error (\`invalid_grant\` or another registered code, HTTP 400 or 401), a code it never issued and a code already exchanged: "If an authorization code is used more than once, the authorization server MUST deny the request" ([RFC 6749 §4.1.2](${SPEC}); [§5.2](https://www.rfc-editor.org/rfc/rfc6749#section-5.2)). It also gives a token for a code only to the client the code was issued to ([§4.1.3](https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3), MUST): the app's code sent under another \`client_id\`, or redeemed by the run's backend client authenticating with its own \`client_assertion\` (with \`--auth backend\`), gets no token. The run's app client gets its codes through the flow (PKCE S256).`,
  verifies: ['OAUTH-13', 'OAUTH-16'],
  level: 'SHALL',
  needs: [{ endpoint: 'authorization_endpoint' }],
  async run(ctx) {
    const grant = await appGrant(ctx, 'code-twice')
    const app = ctx.app!
    if (grant.token.response?.status !== 200) skip('the approved code was not exchanged for a token (AU-05)')
    const form = (code: string, verifier = grant.verifier) => ({
      grant_type: 'authorization_code',
      code,
      redirect_uri: app.redirectUri,
      client_id: app.clientId,
      code_verifier: verifier,
    })
    const unknown = await tokenExchange(ctx, grant, 'token-unknown-code', form(randomBytes(24).toString('base64url')))
    expect(unknown.response?.status !== 200, 'expected no token for a code the server never issued, got HTTP 200')
    expect(oauthError(unknown).ok, `expected an OAuth error for a code the server never issued, got ${oauthError(unknown).got}`)
    const again = await tokenExchange(ctx, grant, 'token-code-again', form(grant.code))
    expect(again.response?.status !== 200, 'expected no token for a code used a second time, got HTTP 200: the code can be replayed')
    expect(oauthError(again).ok, `expected an OAuth error for a code used a second time, got ${oauthError(again).got}`)
    // A fresh code of the app's, each sent by a client it was not issued to.
    const freshCode = async (name: string) => {
      const verifier = randomBytes(32).toString('base64url')
      const r = await authorize(ctx, app, `authorize-${name}`, s256(verifier), 'S256')
      if ('refused' in r) skip(`a second authorization request was refused: ${r.refused}`)
      return { code: r.code, verifier }
    }
    const other = await freshCode('AU-16-other-client-id')
    const renamed = await tokenExchange(ctx, grant, 'token-AU-16-other-client-id', { ...form(other.code, other.verifier), client_id: `${app.clientId}-not-this-one` })
    expect(renamed.response?.status !== 200, "expected no token for the app's code sent under another client_id, got HTTP 200: a code is not bound to its client")
    expect(oauthError(renamed).ok, `expected an OAuth error for the app's code sent under another client_id, got ${oauthError(renamed).got}`)
    let backend: BackendClient | undefined
    try {
      backend = await backendClient(ctx)
    } catch (err) {
      if (!(err instanceof Skipped)) throw err
    }
    if (!backend || backend.clientId === app.clientId) return
    const theirs = await freshCode('AU-16-confidential')
    const { client_id: _public, ...asApp } = form(theirs.code, theirs.verifier)
    const redeemed = await tokenExchange(ctx, grant, 'token-AU-16-confidential', {
      ...asApp,
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: await assertion(backend),
    })
    expect(
      redeemed.response?.status !== 200,
      `expected no token for the app's code redeemed by the backend client \`${backend.clientId}\` (authenticated with its own client_assertion), got HTTP 200: a code is not bound to its client`,
    )
    expect(oauthError(redeemed).ok, `expected an OAuth error for the app's code redeemed by another client, got ${oauthError(redeemed).got}`)
  },
}
