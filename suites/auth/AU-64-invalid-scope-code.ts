import { expect, skip, type Check } from '../check.js'
import { assertion, backendClient, backendForm, oauthError, tokenExchange } from './shared.js'

export const check: Check = {
  id: 'AU-64',
  title: 'A refused scope is refused with invalid_scope',
  description:
    'When the server refuses a token request for a scope that names nothing grantable (`system/ShorelineNoSuchType.cruds`), the error code is `invalid_scope`, the code RFC 6749 gives to an invalid, unknown or excessive scope ([RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749#section-5.2)). Granting it (as a string that reaches nothing, AU-45) is legal and skips.',
  verifies: ['OAUTH-8'],
  level: 'SHOULD',
  async run(ctx) {
    const c = await backendClient(ctx)
    const ex = await tokenExchange(ctx, c, 'token-AU-64', backendForm(c, await assertion(c), 'system/ShorelineNoSuchType.cruds'))
    if (ex.response?.status === 200) skip('the server granted the scope (legal; AU-45 checks it reaches nothing)')
    const err = oauthError(ex, ['invalid_scope'])
    expect(err.ok, `expected \`error\` \`invalid_scope\` (HTTP 400), got ${err.got}`)
  },
}
