import { expect, shown, type Check } from '../check.js'
import { capability } from './shared.js'

export const check: Check = {
  id: 'CS-09',
  title: 'An export operation is declared',
  description:
    'A Bulk Data server declares `export` (system), `patient-export` or `group-export` in `rest.operation`, defined by the Bulk Data OperationDefinitions ([Bulk Data IG 2.0, Server Capability Documentation](https://hl7.org/fhir/uv/bulkdata/STU2/export.html#server-capability-documentation)).',
  verifies: ['BULK-CAP-2'],
  level: 'SHALL',
  async run(ctx) {
    const rest = (await capability(ctx)).rest?.[0]
    const ops = [...(rest?.operation ?? []), ...(rest?.resource ?? []).flatMap((r: { operation?: unknown[] }) => r.operation ?? [])] as Array<{
      name?: string
      definition?: string
    }>
    const exports = ops.filter((o) => /export$/.test(o.name ?? '') && /bulkdata\/OperationDefinition\/(patient-|group-)?export/.test(o.definition ?? ''))
    expect(exports.length > 0, `expected an \`export\` operation defined by the Bulk Data IG, got operations ${shown(ops.map((o) => o.name))}`)
  },
}
