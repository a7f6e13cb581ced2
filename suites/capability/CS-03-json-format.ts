import { expect, shown, type Check } from '../check.js'
import { capability, SPEC } from './shared.js'

export const check: Check = {
  id: 'CS-03',
  title: 'format lists a JSON mime type',
  description: `\`CapabilityStatement.format\` lists the formats supported; a JSON server lists \`json\` or \`application/fhir+json\` ([CapabilityStatement.format](${SPEC}#CapabilityStatement.format)).`,
  verifies: ['FHIR-HTTP-CAP-3'],
  level: 'SHALL',
  async run(ctx) {
    const format = (await capability(ctx)).format
    expect(Array.isArray(format) && format.some((f: unknown) => typeof f === 'string' && /json/.test(f)), `expected \`format\` to list a JSON format, got ${shown(format)}`)
  },
}
