import { expect, skip, type Check } from '../check.js'
import { exportedResources, SPEC, withOptionalParameter } from './shared.js'

const QUERY = `?_type=Patient&_elements=${encodeURIComponent('id,Patient.meta')}`
/** Elements a Patient keeps under _elements=id,Patient.meta: those listed, and resourceType (mandatory). */
const KEPT = new Set(['resourceType', 'id', 'meta'])

export const check: Check = {
  id: 'BE-11',
  title: '_elements trims the exported resources, or the kick-off is refused',
  description: `With \`_elements\`, the server SHOULD omit unlisted, non-mandatory elements from the resources it exports; a server unable to support \`_elements\` SHOULD refuse the kick-off with an error and an OperationOutcome so the client can ask again without it ([Bulk Data IG, Query parameters](${SPEC}#query-parameters)). The export \`${QUERY}\` is either refused (4xx, while the same export without \`_elements\` is accepted) or holds Patients with no element beyond \`id\` and \`meta\`.`,
  verifies: ['BULK-16'],
  level: 'SHOULD',
  async run(ctx) {
    const manifest = await withOptionalParameter(ctx, QUERY, '_elements')
    if (manifest === 'refused') return
    const extra = new Map<string, string[]>()
    let patients = 0
    for (const r of await exportedResources(ctx, manifest, 'export-elements-file')) {
      if (r.resourceType !== 'Patient') continue
      patients++
      const unlisted = Object.keys(r).filter((k) => !KEPT.has(k))
      if (unlisted.length) extra.set(String(r.id), unlisted)
    }
    if (patients === 0) skip('the export holds no Patient to judge')
    expect(
      extra.size === 0,
      `expected Patients with only \`id\` and \`meta\` under _elements=id,Patient.meta (or the kick-off refused), got ${[...extra]
        .slice(0, 3)
        .map(([id, keys]) => `Patient/${id} with ${keys.join(', ')}`)
        .join('; ')}${extra.size > 3 ? ` and ${extra.size - 3} more` : ''}`,
    )
  },
}
