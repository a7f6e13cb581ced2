import { expect, shown, skip, type Check } from '../check.js'
import { assertion, backendClient, backendForm, tokenExchange } from './shared.js'
import { fixture, pageOf, refs, searchTag } from '../search/shared.js'

export const check: Check = {
  id: 'AU-23',
  title: 'A v2 granular scope limits search results to its filter',
  description:
    'With `system/Observation.rs?code=http://loinc.org|8867-4` only, an Observation search returns only Observations that match the filter ([SMART App Launch, Finer-grained resource constraints](https://hl7.org/fhir/smart-app-launch/STU2.1/scopes-and-launch-context.html#finer-grained-resource-constraints-using-search-parameters)).',
  verifies: ['SMART-SC-2'],
  level: 'SHALL',
  needs: [{ authorization: 'smart-v2' }, { capability: 'permission-v2' }, { interaction: 'search-type', type: 'Observation' }, { interaction: 'create', type: 'Observation' }],
  writes: true,
  async run(ctx) {
    const f = await fixture(ctx)
    const c = await backendClient(ctx)
    const tok = await tokenExchange(ctx, c, 'token-granular', backendForm(c, await assertion(c), 'system/Observation.rs?code=http://loinc.org|8867-4'))
    if (tok.response?.status !== 200) skip(`the server did not grant the granular scope (HTTP ${tok.response?.status ?? tok.error})`)
    const token = (tok.json() as { access_token: string }).access_token
    const tag = searchTag(ctx)
    const page = pageOf(
      await ctx.exchange('search-granular', 'GET', `Observation?_tag=${encodeURIComponent(`${tag.system}|${tag.code}`)}`, { authorization: `Bearer ${token}` }, { noAuth: true }),
    )
    const want = refs('Observation', [f.get('obs-hr')])
    expect(JSON.stringify(page.ids.sort()) === JSON.stringify(want), `expected only ${shown(want)} under the granular scope, got ${shown(page.ids.sort())}`)
  },
}
