import { expect, shown, type Check } from '../check.js'
import { corpusAtLevel, HL_SPEC } from './shared.js'

export const check: Check = {
  id: 'HL-32',
  title: 'structure-only validation accepts what only breaks a declared profile',
  description: `At \`structure-only\` resources are validated against base R4, declared profiles ignored: the corpus item that breaks only its profile imports; structural ones and a code outside a required binding (an R4 rule) fail ([StartFHIRImportJob, ValidationLevel](${HL_SPEC}#HealthLake-StartFHIRImportJob-request-ValidationLevel); [Creating a FHIR resource](https://docs.aws.amazon.com/healthlake/latest/devguide/managing-fhir-resources-create.html)).`,
  verifies: ['IMPORT-3'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const wrong = await corpusAtLevel(ctx, 'structure-only')
    expect(wrong.length === 0, `expected every corpus item as labelled at structure-only, got these wrong: ${shown(wrong)}`)
  },
}
