import { expect, shown, type Check } from '../check.js'
import { finished, SPEC } from './shared.js'

export const check: Check = {
  id: 'BE-09',
  title: '_type limits the export to the named types',
  description: `\`_type=Patient\` exports Patient resources only ([Bulk Data IG, Query parameters](${SPEC}#query-parameters)).`,
  verifies: ['BULK-6'],
  level: 'SHALL',
  async run(ctx) {
    const { manifest } = await finished(ctx, '?_type=Patient')
    const types = [...new Set((manifest.output ?? []).map((o) => o.type))]
    expect(
      types.every((t) => t === 'Patient'),
      `expected only \`Patient\` files with _type=Patient, got ${shown(types)}`,
    )
  },
}
