import { randomBytes } from 'node:crypto'
import { expect, shown, skip, type Check } from '../check.js'
import { discoveryJson } from '../smart-discovery/shared.js'
import { appGrant, authorize, s256 } from './app-launch.js'
import { oauthError, tokenExchange } from './shared.js'

const SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.1/app-launch.html#step-4-authorization-code'

export const check: Check = {
  id: 'AU-01',
  title: 'An authorization request sent as a POST form is approved like the GET one, and its code gets a token',
  description: `Authorization servers support both GET and POST at the authorization endpoint, a POST carrying the request as an \`application/x-www-form-urlencoded\` form ([SMART App Launch, Obtain authorization code](${SPEC}), adopted from OpenID Connect Core §3.1.2.1: SHALL). Applies where discovery claims \`authorize-post\`. The run's app client sends the request it sends by GET (PKCE S256) as a form; the app must be sent back with a \`code\` and its \`state\`, and the code exchanged with its verifier must give a token. The GET request is approved first (else the check skips: AU-02 and AU-15 judge that).`,
  verifies: ['SMART-AL-4'],
  level: 'SHALL',
  needs: [{ capability: 'authorize-post' }, { endpoint: 'authorization_endpoint' }],
  async run(ctx) {
    const app = ctx.app
    if (!app) skip('needs an app client registered at the target (--app-client-id and --app-redirect-uri)')
    await appGrant(ctx)
    const verifier = randomBytes(32).toString('base64url')
    const approved = await authorize(ctx, app, 'authorize-post', s256(verifier), 'S256', 'launch/patient patient/*.rs', true)
    if ('refused' in approved)
      expect(
        false,
        `expected the authorization request the server approves by GET to be approved when sent as a POST form too (it claims authorize-post), but the request sent as a POST form was refused: ${approved.refused}`,
      )
    expect(
      approved.state === approved.sentState,
      `expected the redirect after the POST form to carry the \`state\` it was sent (${approved.sentState}), got ${shown(approved.state ?? undefined)}`,
    )
    const tokenUrl = String((await discoveryJson(ctx)).token_endpoint)
    const token = await tokenExchange(ctx, { tokenUrl }, 'token-post', {
      grant_type: 'authorization_code',
      code: approved.code,
      redirect_uri: app.redirectUri,
      client_id: app.clientId,
      code_verifier: verifier,
    })
    if (!token.response) skip(`the token endpoint did not answer: ${token.error}`)
    expect(token.response.status === 200, `expected the code from the POST form, exchanged with its verifier, to give a token, got ${oauthError(token).got}`)
  },
}
