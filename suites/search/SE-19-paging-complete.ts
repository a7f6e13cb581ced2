import { expect, shown, type Check } from '../check.js'
import { allPages, fixture, refs, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-19',
  title: 'Following next links returns every match exactly once',
  description: `Paging through \`next\` links visits every match once: completeness and no duplicates ([R4 search, paging](${SPEC}#count); [http paging](https://hl7.org/fhir/R4/http.html#paging)).`,
  verifies: ['FHIR-SEARCH-5'],
  level: 'SHALL',
  needs: [{ interaction: 'search-type', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    const f = await fixture(ctx)
    const seen = await allPages(ctx, 'se-paging', 'Patient?_count=2&_sort=birthdate')
    const want = refs(
      'Patient',
      ['smith', 'smithson', 'jones', 'brown', 'green'].map((k) => f.get(k as never)),
    )
    expect(JSON.stringify([...seen].sort()) === JSON.stringify(want), `expected every Patient once across the pages, got ${shown(seen)}`)
  },
}
