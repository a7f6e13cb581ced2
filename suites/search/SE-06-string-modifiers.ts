import type { Check } from '../check.js'
import { expectMatches, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-06',
  title: 'String modifiers `:exact` and `:contains`',
  description: `\`family:exact=Smith\` matches Smith but not Smithson; \`family:contains=mith\` matches both — anywhere in the value ([R4 search, string](${SPEC}#string)).`,
  verifies: ['FHIR-SEARCH-1'],
  level: 'SHALL',
  needs: [
    { interaction: 'search-type', type: 'Patient' },
    { searchParam: 'family', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    await expectMatches(ctx, 'se-exact', 'Patient?family:exact=Smith', ['smith'])
    await expectMatches(ctx, 'se-contains', 'Patient?family:contains=mith', ['smith', 'smithson'])
  },
}
