import { expect, shown, type Check } from '../check.js'
import { importJob, SPEC } from './shared.js'
import type { CheckContext } from '../context.js'

/** 1,100 minimal Patients: enough to cross the 1,000-resource boundaries where importers lose lines. */
export function bulkPatients(code: string, system: string, n = 1100): string {
  return Array.from({ length: n }, (_, i) => JSON.stringify({ resourceType: 'Patient', id: `shoreline-im-${code}-${i}`, meta: { tag: [{ system, code }] }, gender: 'unknown' })).join('\n') + '\n'
}

/** The 1,100-Patient import IM-01 and HL-11 share, under its own tag (other writing checks share the run tag). */
export async function bulkImport(ctx: CheckContext) {
  const { system } = ctx.runTag
  const code = `${ctx.runTag.code}-import`
  for (let i = 0; i < 1100; i++) ctx.created.add(`Patient/shoreline-im-${code}-${i}`)
  return { system, code, result: await importJob(ctx, 'im01', bulkPatients(code, system)) }
}

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
    const ex = await ctx.exchange('im01-count', 'GET', `Patient?_tag=${encodeURIComponent(`${system}|${code}`)}&_summary=count`)
    const total = JSON.parse(ex.response?.body ?? '{}').total
    expect(total === 1100, `expected 1,100 Patients with the run's tag after the import, got ${shown(total)}`)
  },
}
