import { parseBody } from '../expect.js'
import { expect, skip, type Check } from '../check.js'
import { SignJWT } from 'jose'
import { strangerKey } from './shared.js'
import { discoveryJson } from '../smart-discovery/shared.js'

export const check: Check = {
  id: 'AU-21',
  title: 'A forged token is refused with 401 and an OperationOutcome',
  description:
    'A bearer token with plausible claims but a signature from no key of the server answers 401 ([RFC 6750 §3.1](https://www.rfc-editor.org/rfc/rfc6750#section-3.1)); a FHIR server says why in an OperationOutcome ([R4 http](https://hl7.org/fhir/R4/http.html#Status-Codes)).',
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
    const ex = await ctx.exchange('read-forged-token', 'GET', 'Patient?_count=1', { authorization: `Bearer ${forged}` }, { noAuth: true })
    expect(ex.response?.status === 401, `expected HTTP 401 for a forged token, got ${ex.response?.status ?? ex.error}`)
    let rt: unknown
    try {
      rt = parseBody(ex.response.body).resourceType
    } catch {
      rt = undefined
    }
    expect(rt === 'OperationOutcome', `expected an OperationOutcome body, got \`${ex.response.body.slice(0, 120)}\``)
  },
}
