import type { Check } from '../check.js'
import { expectMatches, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-28',
  title: 'String search ignores case',
  description: `\`family=smith\` and \`family=SMITH\` match Smith and Smithson: "the search is case-insensitive and accent-insensitive" ([R4 search, string](${SPEC}#string)).`,
  verifies: ['FHIR-SEARCH-1'],
  level: 'SHALL',
  needs: [
    { interaction: 'search-type', type: 'Patient' },
    { searchParam: 'family', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    await expectMatches(ctx, 'se-case-lower', 'Patient?family=smith', ['smith', 'smithson'])
    await expectMatches(ctx, 'se-case-upper', 'Patient?family=SMITH', ['smith', 'smithson'])
  },
}
