import { expectStatus } from '../fhir.js'
import { expect, shown, type Check } from '../check.js'
import { bulkImport, SPEC } from './shared.js'

export const check: Check = {
  id: 'IM-01',
  title: 'Every imported resource is in the target afterwards',
  description: `After \`$import\` of 1,100 resources reported imported, a search finds all 1,100 ([Bulk import, ping and pull](${SPEC})): nothing acknowledged and then lost.`,
  verifies: ['IMPORT-1'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const { system, code, result: r } = await bulkImport(ctx)
    expect(r.body.counters?.imported === 1100, `expected the job to report 1,100 imported, got ${shown(r.body.counters)}`)
    // _total=accurate with a one-resource page counts on every server; HealthLake does not take _summary=count.
    const ex = await ctx.exchange('im01-count', 'GET', `Patient?_tag=${encodeURIComponent(`${system}|${code}`)}&_total=accurate&_count=1`)
    expectStatus(ex, 200)
    const total = ex.json<{ total?: unknown }>().total
    expect(total === 1100, `expected 1,100 Patients with the run's tag after the import, got ${shown(total)}`)
  },
}
