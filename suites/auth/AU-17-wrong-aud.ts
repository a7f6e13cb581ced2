import { randomBytes } from 'node:crypto'
import { expect, skip, type Check } from '../check.js'
import { discoveryJson } from '../smart-discovery/shared.js'
import { APP_SCOPE, authorize, s256 } from './app-launch.js'
import { tokenExchange } from './shared.js'

const SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.1/app-launch.html#obtain-authorization-code'
/** A resource server that is not the target: a token for it would leak to a counterfeit. */
const COUNTERFEIT = 'https://counterfeit.shoreline.invalid/fhir'

export const check: Check = {
  id: 'AU-17',
  title: 'An authorization request naming another resource server (aud) gets no token',
  description: `Servers SHALL support the authorization request's \`aud\` parameter, the URL of the resource server the app means to use, which keeps a genuine token from leaking to a counterfeit one ([SMART App Launch, Obtain authorization code](${SPEC})). The run's app client asks with \`aud=${COUNTERFEIT}\`: the request is refused (an error page, or a redirect carrying \`error\`), or the code it brings back is exchanged for no access token. The other half of the (g)(10) test, an invalid \`launch\`, needs an EHR launch, which Shoreline does not drive yet.`,
  verifies: ['SMART-AL-5'],
  level: 'SHALL',
  needs: [{ endpoint: 'authorization_endpoint' }],
  async run(ctx) {
    const app = ctx.app
    if (!app) skip('needs an app client registered at the target (--app-client-id and --app-redirect-uri)')
    const verifier = randomBytes(32).toString('base64url')
    const approved = await authorize(ctx, app, 'authorize-wrong-aud', s256(verifier), 'S256', APP_SCOPE, false, COUNTERFEIT)
    if ('refused' in approved) return
    const token = await tokenExchange(ctx, { tokenUrl: String((await discoveryJson(ctx)).token_endpoint) }, 'token-wrong-aud', {
      grant_type: 'authorization_code',
      code: approved.code,
      redirect_uri: app.redirectUri,
      client_id: app.clientId,
      code_verifier: verifier,
    })
    let issued = false
    if (token.response?.status === 200) {
      try {
        const body = token.json() as { access_token?: unknown }
        issued = typeof body.access_token === 'string' && body.access_token !== ''
      } catch {
        issued = false
      }
    }
    expect(!issued, `expected no access token for an authorization request naming another resource server (aud=${COUNTERFEIT}), got HTTP 200 with an access_token`)
  },
}
