import { expect, shown, type Check } from '../check.js'
import { allPages, fixture, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-22',
  title: '_sort with ties pages stably',
  description: `With \`_sort=gender\` (four ties), pages of 2 visit every match exactly once: ties are broken the same way on every page ([R4 search, _sort](${SPEC}#_sort)).`,
  verifies: ['FHIR-SEARCH-7'],
  level: 'SHALL',
  needs: [{ interaction: 'search-type', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    await fixture(ctx)
    const seen = await allPages(ctx, 'se-sort', 'Patient?_sort=gender&_count=2')
    expect(new Set(seen).size === 5 && seen.length === 5, `expected 5 distinct Patients across the sorted pages, got ${shown(seen)}`)
  },
}
