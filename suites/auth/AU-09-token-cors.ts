import { expect, shown, skip, type Check } from '../check.js'
import { appGrant } from './app-launch.js'
import { oauthError } from './shared.js'

const SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#considerations-for-cross-origin-resource-sharing-cors-support'

export const check: Check = {
  id: 'AU-09',
  title: "The token endpoint lets a browser app's registered origin read its answer (CORS)",
  description: `A server that supports purely browser-based apps (\`client-public\`) SHALL enable CORS so that, for requests from a client's registered origin, the token endpoint can be read ([SMART App Launch 2.2, CORS](${SPEC})). The app's code is exchanged with \`Origin\` set to its redirect URI's origin, as a browser sends it: the answer carries \`Access-Control-Allow-Origin\` with that origin or \`*\`.`,
  verifies: ['SMART-CORS-1'],
  level: 'SHALL',
  needs: [{ endpoint: 'authorization_endpoint' }, { capability: 'client-public' }],
  async run(ctx) {
    const app = ctx.app
    if (!app) skip('needs an app client registered at the target (--app-client-id and --app-redirect-uri)')
    const origin = new URL(app.redirectUri).origin
    const grant = await appGrant(ctx, 'cors', undefined, { origin })
    if (grant.token.response?.status !== 200) skip(`the code exchange from the app's origin answered ${oauthError(grant.token).got} (AU-05 judges the exchange)`)
    const allow = grant.token.response.headers['access-control-allow-origin']
    expect(
      allow === origin || allow === '*',
      `expected the token response to a request from the app's origin ${origin} to carry \`Access-Control-Allow-Origin\` ${origin} or \`*\`, got ${shown(allow ?? null)}`,
    )
  },
}
