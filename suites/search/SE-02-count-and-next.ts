import { expect, type Check } from '../check.js'
import { fixture, search, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-02',
  title: '_count limits the page and a next link follows',
  description: `\`_count=2\` returns at most 2 matches and a \`next\` link when more exist ([R4 search, paging](${SPEC}#count)).`,
  verifies: ['FHIR-SEARCH-5'],
  level: 'SHALL',
  needs: [{ interaction: 'search-type', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    await fixture(ctx)
    const page = await search(ctx, 'se-count', 'Patient?_count=2')
    expect(page.ids.length === 2, `expected 2 matches with _count=2, got ${page.ids.length}`)
    expect(page.next, 'expected a `next` link (5 matches, pages of 2), got none')
  },
}
