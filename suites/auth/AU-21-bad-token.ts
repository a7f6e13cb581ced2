import { expect, skip, type Check } from '../check.js'
import { SignJWT } from 'jose'
import { strangerKey } from './shared.js'
import { discoveryJson } from '../smart-discovery/shared.js'
import { claimedRequest } from '../needs.js'

export const check: Check = {
  id: 'AU-21',
  title: 'A forged token is refused with 401 and WWW-Authenticate: Bearer',
  description:
    'A bearer token with plausible claims but a signature from no key of the server, sent with an interaction the CapabilityStatement declares, answers 401 with `WWW-Authenticate: Bearer` ([RFC 6750 §3](https://www.rfc-editor.org/rfc/rfc6750#section-3), invalid_token in [§3.1](https://www.rfc-editor.org/rfc/rfc6750#section-3.1)). The body is not judged: an OperationOutcome is customary, not required.',
  verifies: ['OAUTH-3'],
  level: 'SHALL',
  async run(ctx) {
    if (ctx.target.auth.kind === 'none' || ctx.target.auth.kind === 'sigv4') skip(`the run is not given SMART credentials (--auth ${ctx.target.auth.kind})`)
    const conf = await discoveryJson(ctx)
    const forger = await strangerKey('RS384')
    const now = Math.floor(Date.now() / 1000)
    const forged = await new SignJWT({ scope: 'system/*.read', client_id: 'forger' })
      .setProtectedHeader({ alg: 'RS384', kid: 'forged' })
      .setIssuer(String(conf.issuer ?? 'forger'))
      .setSubject('forger')
      .setAudience(ctx.client.base)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 300)
      .setJti(`forged-${now}`)
      .sign(forger.key)
    const probe = await claimedRequest(ctx)
    if (!probe) skip('the CapabilityStatement declares no search or read interaction to ask for')
    const ex = await ctx.exchange('read-forged-token', 'GET', probe.path, { authorization: `Bearer ${forged}` }, { noAuth: true })
    expect(ex.response?.status === 401, `expected HTTP 401 for ${probe.what} with a forged token, got ${ex.response?.status ?? ex.error}`)
    expect(
      /^Bearer/i.test(ex.response.headers['www-authenticate'] ?? ''),
      `expected \`WWW-Authenticate: Bearer …\` with the 401, got \`${ex.response.headers['www-authenticate'] ?? 'nothing'}\``,
    )
  },
}
