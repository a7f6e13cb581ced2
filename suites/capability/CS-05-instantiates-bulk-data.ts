import { expect, shown, type Check } from '../check.js'
import { capability } from './shared.js'

export const check: Check = {
  id: 'CS-05',
  title: 'instantiates the Bulk Data CapabilityStatement',
  description:
    'A Bulk Data server SHOULD list `http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data` in `instantiates` ([Bulk Data IG 2.0, Server Capability Documentation](https://hl7.org/fhir/uv/bulkdata/STU2/export.html#server-capability-documentation)).',
  verifies: ['BULK-CAP-1'],
  level: 'SHOULD',
  async run(ctx) {
    const inst = (await capability(ctx)).instantiates
    expect(
      Array.isArray(inst) && inst.includes('http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data'),
      `expected \`instantiates\` to include the Bulk Data CapabilityStatement, got ${shown(inst)}`,
    )
  },
}
