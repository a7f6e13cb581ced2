import type { Check } from '../check.js'
import { expectMatches, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-13',
  title: 'Quantity search: equality, prefixes and units',
  description: `An Observation with 72 /min matches \`value-quantity=72\`, \`ge72\`, \`gt71\` and \`72|http://unitsofmeasure.org|/min\`; not \`gt72\` nor \`lt50\` ([R4 search, quantity](${SPEC}#quantity); [prefixes](${SPEC}#prefix)).`,
  verifies: ['FHIR-SEARCH-2', 'FHIR-SEARCH-14'],
  level: 'SHALL',
  needs: [
    { interaction: 'search-type', type: 'Observation' },
    { searchParam: 'value-quantity', type: 'Observation' },
  ],
  writes: true,
  async run(ctx) {
    for (const q of ['72', 'ge72', 'gt71', '72|http://unitsofmeasure.org|/min'])
      await expectMatches(ctx, `se-qty-${q}`, `Observation?value-quantity=${encodeURIComponent(q)}`, ['obs-hr'])
    for (const q of ['gt72', 'lt50']) await expectMatches(ctx, `se-qty-${q}`, `Observation?value-quantity=${q}`, [])
  },
}
