import { expect, shown, type Check } from '../check.js'
import { capability } from './shared.js'

export const check: Check = {
  id: 'CS-09',
  title: 'An export operation is declared',
  description:
    "A Bulk Data server should declare the export operations it offers (`export`, `patient-export` or `group-export`) in its CapabilityStatement, at system or resource level. The operation is recognised by its name; which OperationDefinition it cites is not judged, since servers cite their own as often as the IG's ([Bulk Data IG 2.0, Server Capability Documentation](https://hl7.org/fhir/uv/bulkdata/STU2/export.html#server-capability-documentation)).",
  verifies: ['BULK-CAP-2'],
  level: 'SHOULD',
  async run(ctx) {
    const rest = (await capability(ctx)).rest?.[0]
    const ops = [...(rest?.operation ?? []), ...(rest?.resource ?? []).flatMap((r: { operation?: unknown[] }) => r.operation ?? [])] as Array<{
      name?: string
      definition?: string
    }>
    const exports = ops.filter((o) => /^\$?(patient-|group-)?export$/.test(o.name ?? ''))
    expect(exports.length > 0, `expected an \`export\` operation declared, got operations ${shown(ops.map((o) => o.name))}`)
  },
}
