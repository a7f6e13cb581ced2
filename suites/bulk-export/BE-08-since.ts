import { parseBody } from '../expect.js'
import { expect, skip, type Check } from '../check.js'
import type { CheckContext } from '../context.js'
import { exportedResources, finished, SPEC, writeTagged } from './shared.js'

/** Writes a tagged Patient (registered for clean-up) and returns its id and the server's lastUpdated. */
async function written(ctx: CheckContext, name: string): Promise<{ id: string; at: number; lastUpdated: string }> {
  const { id, ex: post } = await writeTagged(ctx, `export-since-${name}`, { resourceType: 'Patient', name: [{ family: `Since-${name}` }] })
  if (!id) skip(`the create of a Patient answered HTTP ${post.response?.status ?? post.error} without a Location (TX-03)`)
  const read = await ctx.exchange(`export-since-${name}-read`, 'GET', `Patient/${id}`, { accept: 'application/fhir+json' })
  const lastUpdated = read.response?.status === 200 ? (parseBody(read.response.body).meta?.lastUpdated as unknown) : undefined
  if (typeof lastUpdated !== 'string' || Number.isNaN(Date.parse(lastUpdated))) skip(`Patient/${id} has no meta.lastUpdated to place _since by`)
  return { id, at: Date.parse(lastUpdated), lastUpdated }
}

export const check: Check = {
  id: 'BE-08',
  title: '_since leaves out resources not changed since then, and keeps those that were',
  description: `Two Patients are written a little over a second apart; \`_since\` is placed between their \`meta.lastUpdated\` (the server's clock, not ours). The export of Patients holds the later one and nothing last updated before \`_since\` ([Bulk Data IG, Query parameters](${SPEC}#query-parameters): \`_since\` is required of servers).`,
  verifies: ['BULK-14'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const before = await written(ctx, 'before')
    await new Promise((r) => setTimeout(r, 1100))
    const after = await written(ctx, 'after')
    if (after.at <= before.at) skip(`the server's lastUpdated did not advance between two writes (${before.lastUpdated}, ${after.lastUpdated})`)
    const since = new Date(Math.floor((before.at + after.at) / 2)).toISOString()
    const { manifest } = await finished(ctx, `?_type=Patient&_since=${encodeURIComponent(since)}`)
    const cut = Date.parse(since)
    const ids = new Set<string>()
    for (const r of await exportedResources<{ resourceType?: string; id?: string; meta?: { lastUpdated?: string } }>(ctx, manifest, 'export-since-file')) {
      if (r.resourceType === 'Patient' && r.id) ids.add(r.id)
      const at = Date.parse(r.meta?.lastUpdated ?? '')
      expect(!(at < cut), `expected only resources changed after _since ${since}, got ${r.resourceType}/${r.id} last updated ${r.meta?.lastUpdated ?? '(no meta.lastUpdated)'}`)
    }
    expect(ids.has(after.id), `expected Patient/${after.id} (last updated ${after.lastUpdated}, after _since ${since}) in the export, got ${ids.size} Patient(s) without it`)
    expect(!ids.has(before.id), `expected Patient/${before.id} (last updated ${before.lastUpdated}, before _since ${since}) left out of the export`)
  },
}
