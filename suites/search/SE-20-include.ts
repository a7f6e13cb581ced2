import { expect, shown, type Check } from '../check.js'
import { fixture, refs, search, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-20',
  title: '_include adds the referenced resources',
  description: `\`_include=Observation:subject\` adds each match's subject with \`search.mode\` include ([R4 search, _include](${SPEC}#include)).`,
  verifies: ['FHIR-SEARCH-6'],
  level: 'SHALL',
  needs: [{ interaction: 'search-type', type: 'Observation' }],
  writes: true,
  async run(ctx) {
    const f = await fixture(ctx)
    const page = await search(ctx, 'se-include', 'Observation?_include=Observation:subject')
    const want = refs('Patient', [f.get('smith'), f.get('smithson')])
    expect(JSON.stringify(page.included.sort()) === JSON.stringify(want), `expected the subjects ${shown(want)} included, got ${shown(page.included.sort())}`)
  },
}
