import type { Check } from '../check.js'
import { expectMatches, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-15',
  title: 'A comma list ORs its values',
  description: `\`family=Jones,Brown\` finds both, and \`birthdate=1950-01-01,1990-07-07\` finds Smith and Green ([R4 search, composite OR](${SPEC}#combining)).`,
  verifies: ['FHIR-SEARCH-15'],
  level: 'SHALL',
  needs: [
    { interaction: 'search-type', type: 'Patient' },
    { searchParam: 'family', type: 'Patient' },
    { searchParam: 'birthdate', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    await expectMatches(ctx, 'se-or-string', 'Patient?family=Jones,Brown', ['jones', 'brown'])
    await expectMatches(ctx, 'se-or-date', 'Patient?birthdate=1950-01-01,1990-07-07', ['smith', 'green'])
  },
}
