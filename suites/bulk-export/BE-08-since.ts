import { parseBody } from '../expect.js'
import { expect, skip, type Check } from '../check.js'
import { finished, SPEC } from './shared.js'

export const check: Check = {
  id: 'BE-08',
  title: '_since leaves out resources not changed since then',
  description: `With \`_since\` a moment ago, every exported resource has \`meta.lastUpdated\` at or after it: nothing last changed before is exported. Writes by others meanwhile may be exported; they carry later times ([Bulk Data IG, Query parameters](${SPEC}#query-parameters)).`,
  verifies: ['BULK-6'],
  level: 'SHALL',
  async run(ctx) {
    // A moment ahead, so whatever was written before this check is strictly older than _since.
    const since = new Date(Date.now() + 5).toISOString()
    await new Promise((r) => setTimeout(r, 25))
    const { manifest } = await finished(ctx, `?_since=${encodeURIComponent(since)}`)
    const cut = Date.parse(since)
    for (const [i, o] of (manifest.output ?? []).slice(0, 20).entries()) {
      if (!o.url) continue
      const file = await ctx.exchange(`export-since-file-${i}`, 'GET', o.url, { accept: 'application/fhir+ndjson' })
      if (file.response?.status !== 200) skip(`the ${o.type} file answered ${file.response?.status ?? file.error}`)
      for (const line of file.response.body.split('\n').filter((l) => l.trim())) {
        let r: { resourceType?: string; id?: string; meta?: { lastUpdated?: string } }
        try {
          r = parseBody(line)
        } catch {
          skip(`a line of the ${o.type} file is not JSON (BE-17)`)
        }
        const at = Date.parse(r.meta?.lastUpdated ?? '')
        expect(!(at < cut), `expected only resources changed at or after ${since}, got ${r.resourceType}/${r.id} last updated ${r.meta?.lastUpdated ?? '(no meta.lastUpdated)'}`)
      }
    }
  },
}
