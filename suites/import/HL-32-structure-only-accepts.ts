import { expect, shown, type Check } from '../check.js'
import { corpusAtLevel, HL_SPEC } from './shared.js'

export const check: Check = {
  id: 'HL-32',
  title: 'structure-only validation accepts what only breaks profiles or bindings',
  description: `At \`structure-only\` only base-R4 structure is checked: corpus items that break a binding or a profile import; structural ones fail ([StartFHIRImportJob, ValidationLevel](${HL_SPEC}#HealthLake-StartFHIRImportJob-request-ValidationLevel); the corpus labels state the assumed semantics).`,
  verifies: ['IMPORT-3'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const wrong = await corpusAtLevel(ctx, 'structure-only')
    expect(wrong.length === 0, `expected every corpus item as labelled at structure-only, got these wrong: ${shown(wrong)}`)
  },
}
