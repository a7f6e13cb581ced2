import { expect, shown, type Check } from '../check.js'
import { API, controlPlaneExport, JOB_STATUSES } from './shared.js'

export const check: Check = {
  id: 'HL-12',
  title: 'Export job statuses are the documented ones, moving forward only',
  description: `Every \`JobStatus\` DescribeFHIRExportJob reports is one of ${[...JOB_STATUSES].join(', ')}, and a job never goes back (IN_PROGRESS never returns to SUBMITTED or QUEUED) ([API_ExportJobProperties](${API}/API_ExportJobProperties.html)).`,
  verifies: ['HL-CP-4'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const { statuses } = await controlPlaneExport(ctx)
    const odd = statuses.filter((s) => !JOB_STATUSES.has(s))
    expect(odd.length === 0, `expected documented statuses only, saw ${shown([...new Set(odd)])} (in ${shown(statuses)})`)
    const rank: Record<string, number> = { SUBMITTED: 0, QUEUED: 1, IN_PROGRESS: 2 }
    const ranks = statuses.map((s) => rank[s] ?? 3)
    expect(
      ranks.every((r, i) => r >= (ranks[i - 1] ?? r)),
      `expected statuses to move forward only, got ${shown(statuses)}`,
    )
  },
}
