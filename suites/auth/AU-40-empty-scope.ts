import { expect, type Check } from '../check.js'
import { assertion, backendClient, backendForm, BS_SPEC, oauthError, tokenExchange } from './shared.js'

export const check: Check = {
  id: 'AU-40',
  title: 'A scope the client may not have is refused with invalid_scope',
  description: `Scopes beyond the client's registration are not granted; nothing grantable is \`invalid_scope\` ([SMART Backend Services, Scopes](${BS_SPEC}#scopes); RFC 6749 §5.2).`,
  verifies: ['SMART-BS-5'],
  level: 'SHALL',
  async run(ctx) {
    const c = await backendClient(ctx)
    const ex = await tokenExchange(ctx, c, 'token-AU-40', backendForm(c, await assertion(c), 'system/ShorelineNoSuchType.cruds'))
    const err = oauthError(ex)
    expect(err.ok && /"invalid_scope"/.test(ex.response?.body ?? ''), `expected \`invalid_scope\`, got ${err.got}`)
  },
}
