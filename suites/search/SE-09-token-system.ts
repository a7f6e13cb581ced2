import { expect, shown, type Check } from '../check.js'
import { fixture, refs, search, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-09',
  title: 'Token search by system|code matches the system too',
  description: `A token \`system|code\` matches only codes in that system ([R4 search, token](${SPEC}#token)).`,
  verifies: ['FHIR-SEARCH-3'],
  level: 'SHALL',
  needs: [
    { interaction: 'search-type', type: 'Observation' },
    { searchParam: 'code', type: 'Observation' },
  ],
  writes: true,
  async run(ctx) {
    const f = await fixture(ctx)
    const right = await search(ctx, 'se-token', 'Observation?code=http://loinc.org|8867-4')
    expect(JSON.stringify(right.ids) === JSON.stringify(refs('Observation', [f.get('obs-hr')])), `expected only the heart-rate Observation, got ${shown(right.ids)}`)
    const wrong = await search(ctx, 'se-token-other-system', 'Observation?code=http://shoreline.invalid/other|8867-4')
    expect(wrong.ids.length === 0, `expected nothing for the code in another system, got ${shown(wrong.ids)}`)
  },
}
