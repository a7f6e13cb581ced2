import { expect, shown, type Check } from '../check.js'
import { capability, SPEC } from './shared.js'

export const check: Check = {
  id: 'CS-02',
  title: 'fhirVersion is R4 (4.0.x)',
  description: `\`CapabilityStatement.fhirVersion\` names the version the server speaks; for R4, \`4.0.1\` ([CapabilityStatement.fhirVersion](${SPEC}#CapabilityStatement.fhirVersion)).`,
  verifies: ['FHIR-HTTP-CAP-2'],
  level: 'SHALL',
  async run(ctx) {
    const v = (await capability(ctx)).fhirVersion
    expect(typeof v === 'string' && /^4\.0\.\d+$/.test(v), `expected \`fhirVersion\` to be 4.0.x, got ${shown(v)}`)
  },
}
