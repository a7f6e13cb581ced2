import { expect, shown, type Check } from '../check.js'
import { allPages, fixture, search, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-24',
  title: '`_total=accurate` counts every match across pages',
  description: `With \`_total=accurate&_count=2\`, \`Bundle.total\` on the first page equals the matches found by following every \`next\` link ([R4 search, _total](${SPEC}#total)).`,
  verifies: ['FHIR-SEARCH-4'],
  level: 'SHALL',
  needs: [
    { interaction: 'search-type', type: 'Patient' },
    { searchParam: 'gender', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    await fixture(ctx)
    const first = await search(ctx, 'se-total-accurate', 'Patient?gender=female&_total=accurate&_count=2')
    const all = await allPages(ctx, 'se-total-pages', 'Patient?gender=female&_count=2')
    expect(first.total === all.length, `expected \`total\` ${all.length} (the matches across every page), got ${shown(first.total)}`)
  },
}
