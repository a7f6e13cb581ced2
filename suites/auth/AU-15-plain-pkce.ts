import { randomBytes } from 'node:crypto'
import { expect, skip, type Check } from '../check.js'
import { discoveryJson } from '../smart-discovery/shared.js'
import { authorize, s256 } from './app-launch.js'
import { oauthError, tokenExchange } from './shared.js'

const SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.1/app-launch.html#considerations-for-pkce-support'

export const check: Check = {
  id: 'AU-15',
  title: 'PKCE is enforced: a plain challenge, a wrong verifier and a missing verifier get no token',
  description: `SMART servers SHALL support S256 and SHALL NOT support \`plain\` ([SMART App Launch, Considerations for PKCE support](${SPEC})), and the token endpoint verifies the \`code_verifier\` against the challenge ([RFC 7636 §4.6](https://www.rfc-editor.org/rfc/rfc7636#section-4.6)). With the run's app client (\`--app-client-id\`, \`--app-redirect-uri\`): an S256 request must be approved (else the client is misconfigured and the check skips); its code exchanged with a wrong verifier, and another's with none, get OAuth errors; a plain request is refused, or its code gets no token with the plain verifier. A server that shows a sign-in page first cannot be judged without a user, and skips.`,
  verifies: ['SMART-AL-1'],
  level: 'SHALL',
  needs: [{ endpoint: 'authorization_endpoint' }],
  async run(ctx) {
    const app = ctx.app
    if (!app) skip('needs an app client registered at the target (--app-client-id and --app-redirect-uri)')
    const tokenUrl = String((await discoveryJson(ctx)).token_endpoint)
    const verifier = randomBytes(32).toString('base64url')
    const exchange = (name: string, code: string, codeVerifier?: string) =>
      tokenExchange(ctx, { tokenUrl }, name, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: app.redirectUri,
        client_id: app.clientId,
        ...(codeVerifier !== undefined ? { code_verifier: codeVerifier } : {}),
      })
    for (const [label, send] of [
      ['a wrong verifier', randomBytes(32).toString('base64url')],
      ['no verifier', undefined],
    ] as const) {
      const approved = await authorize(ctx, app, `authorize-s256-${label}`, s256(verifier), 'S256')
      if ('refused' in approved) skip('an S256 authorization request is refused: check --app-client-id and --app-redirect-uri')
      const token = await exchange(`token-pkce-${label}`, approved.code, send)
      expect(token.response?.status !== 200, `expected no token for a code exchanged with ${label}, got HTTP 200`)
      expect(oauthError(token).ok, `expected an OAuth error for a code exchanged with ${label}, got ${oauthError(token).got}`)
    }
    const plain = await authorize(ctx, app, 'authorize-plain-pkce', verifier, 'plain')
    if ('refused' in plain) return
    const token = await exchange('token-plain-pkce', plain.code, verifier)
    expect(token.response?.status !== 200, `expected the plain challenge refused, but the code was exchanged for a token with the plain verifier (HTTP 200)`)
    expect(oauthError(token).ok, `expected an OAuth error for the plain verifier, got ${oauthError(token).got}`)
  },
}
