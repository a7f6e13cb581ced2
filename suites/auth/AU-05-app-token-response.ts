import { expect, shown, skip, type Check } from '../check.js'
import { appGrant } from './app-launch.js'
import { oauthError } from './shared.js'

const SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.1/app-launch.html#step-5-access-token'

export const check: Check = {
  id: 'AU-05',
  title: "The app's token response has access_token, token_type `Bearer` and the granted scope",
  description: `The run's app client goes through the authorization-code flow (PKCE S256, \`launch/patient patient/*.rs offline_access\`); the code exchanged with its verifier must give HTTP 200 with \`access_token\`, \`token_type\` \`Bearer\` (any case) and the granted \`scope\`, each required in the response ([SMART App Launch, Obtain access token](${SPEC}); RFC 6749 §5.1). \`expires_in\` is only recommended: when present it must be a positive number.`,
  verifies: ['SMART-AL-2'],
  level: 'SHALL',
  needs: [{ endpoint: 'authorization_endpoint' }],
  async run(ctx) {
    const { token } = await appGrant(ctx)
    if (!token.response) skip(`the token endpoint did not answer: ${token.error}`)
    expect(token.response.status === 200, `expected the approved code exchanged with its verifier to give a token, got ${oauthError(token).got}`)
    const body = token.json() as Record<string, unknown>
    expect(typeof body.access_token === 'string' && body.access_token !== '', "expected a non-empty `access_token` in the app's token response")
    expect(typeof body.token_type === 'string' && body.token_type.toLowerCase() === 'bearer', `expected the app's \`token_type\` to be \`Bearer\`, got ${shown(body.token_type)}`)
    expect(typeof body.scope === 'string' && body.scope.trim() !== '', `expected the app's token response to carry the granted \`scope\`, got ${shown(body.scope)}`)
    if ('expires_in' in body) expect(typeof body.expires_in === 'number' && body.expires_in > 0, `expected \`expires_in\` to be a positive number, got ${shown(body.expires_in)}`)
  },
}
