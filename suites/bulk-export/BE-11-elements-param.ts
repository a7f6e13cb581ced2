import { parseBody } from '../expect.js'
import { expect, skip, type Check } from '../check.js'
import { finished, kickOff, SPEC } from './shared.js'

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
    const kick = await kickOff(ctx, QUERY)
    const status = kick.response?.status ?? 0
    if (status >= 400 && status < 500) {
      const plain = await kickOff(ctx, '?_type=Patient')
      if (plain.response?.status !== 202) skip(`the export kick-off is refused with or without _elements (HTTP ${plain.response?.status ?? plain.error}; BE-01)`)
      return
    }
    if (status !== 202) skip(`the kick-off with _elements answered ${status || kick.error}`)
    const { manifest } = await finished(ctx, QUERY)
    const extra = new Map<string, string[]>()
    let patients = 0
    for (const [i, o] of (manifest.output ?? []).entries()) {
      if (!o.url) continue
      const file = await ctx.exchange(`export-elements-file-${i}`, 'GET', o.url, { accept: 'application/fhir+ndjson' })
      if (file.response?.status !== 200) skip(`the ${o.type} file answered ${file.response?.status ?? file.error}`)
      for (const line of file.response.body.split('\n').filter((l) => l.trim())) {
        const r = parseBody<Record<string, unknown>>(line, `a line of the ${o.type} file`)
        if (r.resourceType !== 'Patient') continue
        patients++
        const unlisted = Object.keys(r).filter((k) => !KEPT.has(k))
        if (unlisted.length) extra.set(String(r.id), unlisted)
      }
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
