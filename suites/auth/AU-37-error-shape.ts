import { parseBody } from '../expect.js'
import { expect, shown, type Check } from '../check.js'
import { backendClient, tokenExchange } from './shared.js'

export const check: Check = {
  id: 'AU-37',
  title: 'Token errors are JSON with a registered error code',
  description:
    'A bad token request (here: no grant_type) answers 400 with `application/json` `{"error": …}` using an RFC 6749 code ([RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749#section-5.2)).',
  verifies: ['OAUTH-2'],
  level: 'SHALL',
  async run(ctx) {
    const c = await backendClient(ctx)
    const ex = await tokenExchange(ctx, c, 'token-AU-37', { scope: c.scope })
    expect(ex.response?.status === 400, `expected HTTP 400 without grant_type, got ${ex.response?.status ?? ex.error}`)
    expect(/^application\/json/.test(ex.response.headers['content-type'] ?? ''), `expected \`Content-Type: application/json\`, got ${shown(ex.response.headers['content-type'])}`)
    let error: unknown
    try {
      error = parseBody(ex.response.body).error
    } catch {
      error = undefined
    }
    expect(error === 'invalid_request' || error === 'unsupported_grant_type', `expected \`error\` \`invalid_request\`, got ${shown(error)}`)
  },
}
