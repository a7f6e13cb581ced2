import { expect, shown, type Check } from '../check.js'
import { introspect } from './shared.js'
import { expectStatus } from '../fhir.js'
import { scopedToken } from './shared.js'

export const check: Check = {
  id: 'AU-38',
  title: 'Introspecting a live backend token answers active:true with its client, scope and exp',
  description:
    'For a token just issued, introspection answers 200 JSON with `active: true`, the `client_id` it was issued to, the granted `scope` and an `exp` in the future ([RFC 7662 §2.2](https://www.rfc-editor.org/rfc/rfc7662#section-2.2); [SMART App Launch, Token introspection](https://hl7.org/fhir/smart-app-launch/STU2.1/token-introspection.html)).',
  verifies: ['OAUTH-7'],
  level: 'SHALL',
  needs: [{ endpoint: 'introspection_endpoint' }],
  async run(ctx) {
    const { token, granted } = await scopedToken(ctx, 'system/Patient.rs')
    const ex = await introspect(ctx, 'introspect-live', token)
    expectStatus(ex, 200)
    const body = ex.json<{ active?: unknown; client_id?: unknown; scope?: unknown; exp?: unknown }>()
    const auth = ctx.target.auth
    expect(body.active === true, `expected \`active\` true for a live token, got ${shown(body.active)}`)
    expect(
      auth.kind !== 'backend' || body.client_id === auth.clientId,
      `expected \`client_id\` ${shown(auth.kind === 'backend' ? auth.clientId : undefined)}, got ${shown(body.client_id)}`,
    )
    expect(body.scope === granted, `expected \`scope\` ${shown(granted)} (as granted), got ${shown(body.scope)}`)
    expect(typeof body.exp === 'number' && body.exp > Date.now() / 1000, `expected a future \`exp\` (seconds), got ${shown(body.exp)}`)
  },
}
