import { expect, type Check } from '../check.js'
import { assertion, backendClient, backendForm, BS_SPEC, oauthError, tokenExchange } from './shared.js'

export const check: Check = {
  id: 'AU-53',
  title: 'A replayed jti',
  description: `The token endpoint accepts a client assertion once: the same jti again is refused ([SMART Backend Services, Signature verification](${BS_SPEC}#signature-verification); RFC 7523 §3 item 7).`,
  verifies: ['SMART-BS-3'],
  level: 'SHALL',
  async run(ctx) {
    const c = await backendClient(ctx)
    const a = await assertion(c)
    const first = await tokenExchange(ctx, c, 'token-AU-53-first', backendForm(c, a))
    expect(first.response?.status === 200, `expected the first use to be accepted, got HTTP ${first.response?.status ?? first.error}`)
    const again = await tokenExchange(ctx, c, 'token-AU-53-again', backendForm(c, a))
    const err = oauthError(again)
    expect(err.ok && !/"access_token"/.test(again.response?.body ?? ''), `expected the replay to be refused with an OAuth error, got ${err.got}`)
  },
}
