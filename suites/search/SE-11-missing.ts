import type { Check } from '../check.js'
import { expectMatches, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-11',
  title: '`:missing` selects resources with and without a value',
  description: `Of two Observations only one has a value: \`value-quantity:missing=true\` finds the other, \`:missing=false\` finds it ([R4 search, missing](${SPEC}#missing)).`,
  verifies: ['FHIR-SEARCH-13'],
  level: 'SHALL',
  needs: [
    { interaction: 'search-type', type: 'Observation' },
    { searchParam: 'value-quantity', type: 'Observation' },
  ],
  writes: true,
  async run(ctx) {
    await expectMatches(ctx, 'se-missing-true', 'Observation?value-quantity:missing=true', ['obs-rr'])
    await expectMatches(ctx, 'se-missing-false', 'Observation?value-quantity:missing=false', ['obs-hr'])
  },
}
