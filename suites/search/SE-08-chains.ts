import type { Check } from '../check.js'
import { expectMatches, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-08',
  title: 'Chained and reverse-chained (`_has`) searches',
  description: `\`Observation?patient.birthdate=1950-01-01\` finds the Observation about that Patient; \`Patient?_has:Observation:subject:code=http://loinc.org|9279-1\` finds the Patient an Observation with that code points to ([R4 search, chaining](${SPEC}#chaining); [reverse chaining](${SPEC}#has)).`,
  verifies: ['FHIR-SEARCH-12'],
  level: 'SHALL',
  needs: [
    { interaction: 'search-type', type: 'Observation' },
    { interaction: 'search-type', type: 'Patient' },
    { searchParam: 'patient', type: 'Observation' },
    { searchParam: 'subject', type: 'Observation' },
  ],
  writes: true,
  async run(ctx) {
    await expectMatches(ctx, 'se-chain', 'Observation?patient.birthdate=1950-01-01', ['obs-hr'])
    await expectMatches(ctx, 'se-has', `Patient?_has:Observation:subject:code=${encodeURIComponent('http://loinc.org|9279-1')}`, ['smithson'])
  },
}
