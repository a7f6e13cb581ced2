import type { Check } from '../check.js'
import { expectMatches, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-16',
  title: 'Several parameters AND together',
  description: `\`gender=female&birthdate=ge1960\` finds only the women born in or after 1960; every match satisfies every parameter ([R4 search, combining](${SPEC}#combining)).`,
  verifies: ['FHIR-SEARCH-15'],
  level: 'SHALL',
  needs: [
    { interaction: 'search-type', type: 'Patient' },
    { searchParam: 'gender', type: 'Patient' },
    { searchParam: 'birthdate', type: 'Patient' },
    { searchParam: 'family', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    await expectMatches(ctx, 'se-and', 'Patient?gender=female&birthdate=ge1960', ['smithson', 'jones', 'brown'])
    await expectMatches(ctx, 'se-and-2', 'Patient?family=Smith&birthdate=lt1955', ['smith'])
  },
}
