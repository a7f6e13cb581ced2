import { expect, shown, type Check } from '../check.js'
import { assertion, backendClient, backendForm, oauthError, tokenExchange } from './shared.js'

export const check: Check = {
  id: 'AU-37',
  title: 'Token errors are JSON with a registered error code',
  description:
    'The token request without `grant_type` that AU-30 sends (the same exchange, judged the same way) answers `application/json` `{"error": …}` with an RFC 6749 code, HTTP 400, or 401 when the code is `invalid_client` ([RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749#section-5.2)).',
  verifies: ['OAUTH-2'],
  level: 'SHALL',
  async run(ctx) {
    const c = await backendClient(ctx)
    const form = backendForm(c, await assertion(c))
    delete form.grant_type
    const ex = await tokenExchange(ctx, c, 'token-AU-30-no grant_type', form)
    const err = oauthError(ex)
    expect(err.ok, `expected an OAuth error (400, or 401 with \`invalid_client\`, and a registered \`error\`), got ${err.got}`)
    expect(/^application\/json/.test(ex.response?.headers['content-type'] ?? ''), `expected \`Content-Type: application/json\`, got ${shown(ex.response?.headers['content-type'])}`)
  },
}
