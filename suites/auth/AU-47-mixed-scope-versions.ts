import { expect, shown, skip, type Check } from '../check.js'
import { granting, parseScopes } from '../../lib/smart-scopes.js'
import { assertion, backendClient, backendForm, BS_SPEC, grantsOnlyItsScope, oauthError, tokenExchange } from './shared.js'

const SCOPES_SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.1/scopes-and-launch-context.html'
const MIXED = 'system/Patient.read system/Observation.rs'
const TYPES = ['Patient', 'Observation'] as const

export const check: Check = {
  id: 'AU-47',
  title: 'A token asked for with v1 and v2 scopes together reaches what its answer grants, and no more',
  description: `A server that lists both \`permission-v1\` and \`permission-v2\` takes either syntax ([SMART App Launch, Scopes](${SCOPES_SPEC}#scopes-for-requesting-fhir-resources)); a backend client may ask for \`${MIXED}\` in one request. The request may be refused with an OAuth error. A token issued for it must reach each type its answer's \`scope\` grants search on (Patient and Observation, when granted) and nothing beyond ([SMART Backend Services, Access FHIR API](${BS_SPEC}#access-fhir-api)).`,
  verifies: ['SMART-SC-3', 'SMART-BS-7'],
  level: 'SHALL',
  needs: [{ authorization: 'smart-v2' }, { capability: 'permission-v1' }, { capability: 'permission-v2' }, ...TYPES.map((type) => ({ interaction: 'search-type' as const, type }))],
  writes: true,
  async run(ctx) {
    const c = await backendClient(ctx)
    // Nothing beyond the grant (and a refusal must be an OAuth error).
    await grantsOnlyItsScope(ctx, c, 'AU-47', MIXED)
    // The same exchange (recorded once per name): what it granted must work.
    const tok = await tokenExchange(ctx, c, `token-AU-47-${MIXED}`, backendForm(c, await assertion(c), MIXED))
    if (tok.response?.status !== 200) skip(`the server refuses v1 and v2 scopes in one request (${oauthError(tok).got})`)
    const body = tok.json() as { access_token?: unknown; scope?: unknown }
    if (typeof body.access_token !== 'string') skip('the token response holds no access_token (AU-30)')
    const said = typeof body.scope === 'string' ? body.scope : MIXED
    const granted = parseScopes(said)
    for (const type of TYPES.filter((t) => granting(granted, t, 's').length > 0)) {
      const ex = await ctx.exchange(`AU-47-search-${type}`, 'GET', `${type}?_count=1`, { authorization: `Bearer ${body.access_token}` }, { noAuth: true })
      expect(
        ex.response?.status === 200,
        `the token response granted ${shown(said)} (asked: ${shown(MIXED)}), but searching ${type} with it answered ${ex.response?.status ?? ex.error}`,
      )
    }
  },
}
