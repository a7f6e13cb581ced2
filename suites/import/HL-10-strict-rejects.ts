import { expect, shown, type Check } from '../check.js'
import { corpusAtLevel, HL_SPEC } from './shared.js'

export const check: Check = {
  id: 'HL-10',
  title: 'strict validation rejects exactly the labelled-invalid corpus items',
  description: `Importing the labelled invalid corpus at \`strict\`, every item labelled rejected fails and every item labelled accepted imports ([StartFHIRImportJob, ValidationLevel](${HL_SPEC}#HealthLake-StartFHIRImportJob-request-ValidationLevel)).`,
  verifies: ['IMPORT-3'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const wrong = await corpusAtLevel(ctx, 'strict')
    expect(wrong.length === 0, `expected every corpus item as labelled at strict, got these wrong: ${shown(wrong)}`)
  },
}
