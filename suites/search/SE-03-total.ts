import { expect, shown, type Check } from '../check.js'
import { fixture, search, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-03',
  title: 'Bundle.total counts the matches',
  description: `A searchset with \`total\` states the number of matches ([R4 search, total](${SPEC}#total); Bundle.total).`,
  verifies: ['FHIR-SEARCH-4'],
  level: 'SHALL',
  needs: [{ interaction: 'search-type', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    const f = await fixture(ctx)
    const page = await search(ctx, 'se-total', 'Patient?_total=accurate')
    expect(page.total === f.size - 2, `expected \`total\` 5, got ${shown(page.total)}`)
  },
}
