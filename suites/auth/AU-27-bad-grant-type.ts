import { expect, type Check } from '../check.js'
import { assertion, backendClient, backendForm, BS_SPEC, oauthError, tokenExchange } from './shared.js'

export const check: Check = {
  id: 'AU-27',
  title: 'An unsupported grant_type is an OAuth error',
  description: `A token request with \`grant_type=password\` is refused with 400 \`unsupported_grant_type\`, the code RFC 6749 §5.2 defines for a grant type the server does not support ([RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749#section-5.2); ${BS_SPEC}#request-access-token).`,
  verifies: ['OAUTH-2'],
  level: 'SHALL',
  async run(ctx) {
    const c = await backendClient(ctx)
    const ex = await tokenExchange(ctx, c, 'token-AU-27', { ...backendForm(c, await assertion(c)), grant_type: 'password' })
    const err = oauthError(ex, ['unsupported_grant_type'])
    expect(err.ok && ex.response?.status === 400, `expected HTTP 400 with \`error\` \`unsupported_grant_type\`, got ${err.got}`)
  },
}
