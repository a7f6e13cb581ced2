import { expect, shown, type Check } from '../check.js'
import { fixture, refs, search, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-21',
  title: '_revinclude adds the resources that point here',
  description: `\`_revinclude=Observation:subject\` adds the Observations whose subject is a match ([R4 search, _revinclude](${SPEC}#revinclude)).`,
  verifies: ['FHIR-SEARCH-6'],
  level: 'SHALL',
  needs: [{ interaction: 'search-type', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    const f = await fixture(ctx)
    const page = await search(ctx, 'se-revinclude', `Patient?_id=${f.get('smith')}&_revinclude=Observation:subject`)
    const want = refs('Observation', [f.get('obs-hr')])
    expect(JSON.stringify(page.included) === JSON.stringify(want), `expected ${shown(want)} included, got ${shown(page.included)}`)
  },
}
