import { randomBytes } from 'node:crypto'
import { expect, shown, skip, type Check } from '../check.js'
import { authorize, s256 } from './app-launch.js'

const SPEC = 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2'

export const check: Check = {
  id: 'AU-02',
  title: 'The authorization redirect brings back the code and exactly the state the app sent',
  description: `An approved authorization request redirects to the app's \`redirect_uri\` with \`code\` and, because the request carried one, \`state\` with the exact value sent: the app's defence against cross-site request forgery ([RFC 6749 §4.1.2](${SPEC}): REQUIRED; [SMART App Launch, Obtain authorization code](https://hl7.org/fhir/smart-app-launch/STU2.1/app-launch.html#step-4-authorization-code)). With the run's app client (\`--app-client-id\`, \`--app-redirect-uri\`); a server that shows a sign-in page first cannot be judged without a user, and skips.`,
  verifies: ['OAUTH-12'],
  level: 'SHALL',
  needs: [{ endpoint: 'authorization_endpoint' }],
  async run(ctx) {
    const app = ctx.app
    if (!app) skip('needs an app client registered at the target (--app-client-id and --app-redirect-uri)')
    const approved = await authorize(ctx, app, 'authorize-state', s256(randomBytes(32).toString('base64url')), 'S256')
    if ('refused' in approved) skip('an S256 authorization request is refused: check --app-client-id and --app-redirect-uri')
    expect(approved.state === approved.sentState, `expected the redirect to carry the \`state\` it was sent (${approved.sentState}), got ${shown(approved.state ?? undefined)}`)
  },
}
