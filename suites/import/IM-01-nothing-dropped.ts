import { expectStatus } from '../fhir.js'
import { nth, settled } from '../settle.js'
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
    // Search may index the import later (HealthLake): counted again while it is short, up to --settle.
    const count = (n: number) => ctx.exchange(nth('im01-count', n), 'GET', `Patient?_tag=${encodeURIComponent(`${system}|${code}`)}&_total=accurate&_count=1`)
    const ex = await settled(ctx, count, (e) => e.response?.status !== 200 || (e.json<{ total?: unknown }>().total as number) >= 1100)
    expectStatus(ex, 200)
    const total = ex.json<{ total?: unknown }>().total
    expect(total === 1100, `expected 1,100 Patients with the run's tag after the import, got ${shown(total)}`)
  },
}
