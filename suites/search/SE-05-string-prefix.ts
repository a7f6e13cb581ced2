import { expect, shown, type Check } from '../check.js'
import { fixture, refs, search, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-05',
  title: 'String search matches case-insensitive prefixes',
  description: `A string parameter matches when the value starts with the search text, ignoring case and accents: \`family=smith\` finds Smith and Smithson ([R4 search, string](${SPEC}#string)).`,
  verifies: ['FHIR-SEARCH-1'],
  level: 'SHALL',
  needs: [
    { interaction: 'search-type', type: 'Patient' },
    { searchParam: 'family', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const f = await fixture(ctx)
    const page = await search(ctx, 'se-string', 'Patient?family=smith')
    expect(page.status === 200, `expected HTTP 200, got ${page.status}`)
    const want = refs('Patient', [f.get('smith'), f.get('smithson')])
    expect(JSON.stringify(page.ids.sort()) === JSON.stringify(want), `expected exactly ${shown(want)} for family=smith, got ${shown(page.ids.sort())}`)
  },
}
