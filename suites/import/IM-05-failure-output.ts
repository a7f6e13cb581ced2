import { expect, shown, type Check } from '../check.js'
import { importJob, SPEC } from './shared.js'

export const check: Check = {
  id: 'IM-05',
  title: 'Every rejected line is reported with its lineId and an OperationOutcome',
  description: `A job with rejected lines lists an error file whose entries name each line (\`lineId\`) with an OperationOutcome and a 4xx status ([Bulk import](${SPEC}); HealthLake FAILURE output).`,
  verifies: ['IMPORT-2'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const { code, system } = ctx.runTag
    const good = JSON.stringify({ resourceType: 'Patient', id: `shoreline-im5-${code}`, meta: { tag: [{ system, code }] } })
    ctx.created.add(`Patient/shoreline-im5-${code}`)
    const r = await importJob(ctx, 'im05', `${good}\nnot json at all\n{"resourceType":"Patient"}\n`)
    const got = r.failures.map((f) => ({ lineId: f.lineId, status: f.status, outcome: f.resourceType }))
    expect(r.failures.length === 2, `expected 2 failure entries (lines 2 and 3), got ${shown(got)}`)
    expect(
      r.failures.every((f) => f.status >= 400 && f.status < 500 && f.resourceType === 'OperationOutcome'),
      `expected 4xx with an OperationOutcome for each, got ${shown(got)}`,
    )
    expect(JSON.stringify(r.failures.map((f) => f.lineId).sort()) === '[2,3]', `expected lineIds 2 and 3, got ${shown(r.failures.map((f) => f.lineId))}`)
  },
}
