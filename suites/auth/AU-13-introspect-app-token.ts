import { decodeJwt } from 'jose'
import { expect, shown, skip, type Check } from '../check.js'
import { expectStatus } from '../fhir.js'
import { APP_SCOPE, appGrant } from './app-launch.js'
import { introspect } from './shared.js'

const SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.1/token-introspection.html'
/** The launch context parameters a token response may carry (SMART Scopes and Launch Context). */
const CONTEXT = ['patient', 'encounter'] as const

export const check: Check = {
  id: 'AU-13',
  title: "Introspecting the app's token gives its scope, client and expiry, its launch context and the id_token's iss and sub",
  description: `The run's app client gets a token through the authorization-code flow (\`openid fhirUser ${APP_SCOPE}\`). Introspected, it must answer \`active\` true with \`scope\` and \`client_id\` as in the token response and a future \`exp\`; each launch context parameter the token response carried (\`patient\`, \`encounter\`) with the same value; and where the response carried an \`id_token\`, that token's \`iss\` and \`sub\` — all SHALL ([SMART App Launch, Token introspection](${SPEC}#required-fields-in-the-introspection-response); [conditional fields](${SPEC}#conditional-fields-in-the-introspection-response)).`,
  verifies: ['SMART-TI-1'],
  level: 'SHALL',
  needs: [{ endpoint: 'authorization_endpoint' }, { endpoint: 'introspection_endpoint' }],
  async run(ctx) {
    const grant = await appGrant(ctx, 'openid', `openid fhirUser ${APP_SCOPE}`)
    if (grant.token.response?.status !== 200) skip('the approved code was not exchanged for a token (AU-05)')
    const issued = grant.token.json() as Record<string, unknown>
    if (typeof issued.access_token !== 'string') skip('the token response has no access_token (AU-05)')
    const ex = await introspect(ctx, 'introspect-app', issued.access_token)
    expectStatus(ex, 200)
    const body = ex.json() as Record<string, unknown>
    expect(body.active === true, `expected \`active\` true for the app's live token, got ${shown(body.active)}`)
    if (typeof issued.scope === 'string') expect(body.scope === issued.scope, `expected \`scope\` ${shown(issued.scope)} as in the token response, got ${shown(body.scope)}`)
    expect(body.client_id === ctx.app!.clientId, `expected \`client_id\` ${shown(ctx.app!.clientId)}, got ${shown(body.client_id)}`)
    expect(typeof body.exp === 'number' && body.exp > Date.now() / 1000, `expected a future \`exp\` (seconds), got ${shown(body.exp)}`)
    for (const k of CONTEXT)
      if (issued[k] !== undefined) expect(body[k] === issued[k], `expected the launch context \`${k}\` ${shown(issued[k])} of the token response, got ${shown(body[k])}`)
    if (typeof issued.id_token !== 'string') return
    const claims = decodeJwt(issued.id_token)
    expect(body.iss === claims.iss, `expected the id_token's \`iss\` ${shown(claims.iss)}, got ${shown(body.iss)}`)
    expect(body.sub === claims.sub, `expected the id_token's \`sub\` ${shown(claims.sub)}, got ${shown(body.sub)}`)
  },
}
