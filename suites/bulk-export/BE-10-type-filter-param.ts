import { expect, shown, skip, type Check } from '../check.js'
import type { CheckContext } from '../context.js'
import { exportedResources, SPEC, withOptionalParameter, writeTagged } from './shared.js'

const FILTER = 'Patient?gender=female'
const QUERY = `?_type=Patient&_typeFilter=${encodeURIComponent(FILTER)}`

/** A tagged Patient of that gender (registered for clean-up), or a skip. */
async function patient(ctx: CheckContext, gender: string): Promise<string> {
  const { id, ex: post } = await writeTagged(ctx, `export-typefilter-${gender}`, { resourceType: 'Patient', name: [{ family: 'TypeFilter' }], gender })
  if (!id) skip(`the create of a Patient answered HTTP ${post.response?.status ?? post.error} without a Location (TX-03)`)
  return id
}

export const check: Check = {
  id: 'BE-10',
  title: '_typeFilter is applied, or the kick-off is refused',
  description: `\`_typeFilter\` is optional for servers; one that does not support it SHOULD refuse the kick-off with an error and an OperationOutcome, so the client can ask again without it, unless \`Prefer: handling=lenient\` ([Bulk Data IG, Query parameters](${SPEC}#query-parameters)). A female and a male Patient are written; the export \`${QUERY}\` is either refused (4xx) or holds only female Patients, the new female one among them. Accepting the filter and ignoring it hands the client data it asked to leave out.`,
  verifies: ['BULK-15'],
  level: 'SHOULD',
  writes: true,
  async run(ctx) {
    const female = await patient(ctx, 'female')
    const male = await patient(ctx, 'male')
    const manifest = await withOptionalParameter(ctx, QUERY, '_typeFilter')
    if (manifest === 'refused') return
    const found = new Map<string, unknown>()
    for (const r of await exportedResources<{ resourceType?: string; id?: string; gender?: unknown }>(ctx, manifest, 'export-typefilter-file'))
      if (r.resourceType === 'Patient' && r.id) found.set(r.id, r.gender)
    const others = [...found].filter(([, g]) => g !== 'female')
    expect(
      others.length === 0,
      `expected only Patients matching \`_typeFilter=${FILTER}\` (or the kick-off refused, as a server without _typeFilter should), got ${others
        .slice(0, 3)
        .map(([id, g]) => `Patient/${id} (gender ${shown(g ?? null)})`)
        .join(', ')}${found.has(male) ? `, the male Patient/${male} written for the check among them` : ''}`,
    )
    expect(found.has(female), `expected the female Patient/${female} written for the check in the filtered export, got ${found.size} Patient(s) without it`)
  },
}
