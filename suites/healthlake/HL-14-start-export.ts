import { expect, shown, type Check } from '../check.js'
import { API, controlPlaneExport, dataStore } from './shared.js'

export const check: Check = {
  id: 'HL-14',
  title: 'StartFHIRExportJob answers JobId, JobStatus and DatastoreId, and the job completes',
  description: `\`StartFHIRExportJob\` answers \`JobId\`, \`JobStatus\` (SUBMITTED at first) and this \`DatastoreId\`; \`DescribeFHIRExportJob\` then follows the job to COMPLETED ([API_StartFHIRExportJob](${API}/API_StartFHIRExportJob.html); [API_DescribeFHIRExportJob](${API}/API_DescribeFHIRExportJob.html)).`,
  verifies: ['HL-CP-4'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const { start, statuses } = await controlPlaneExport(ctx)
    expect(typeof start.JobId === 'string' && start.JobId.length > 0, `expected a \`JobId\`, got ${shown(start.JobId)}`)
    expect(start.DatastoreId === dataStore(ctx).datastoreId, `expected \`DatastoreId\` ${shown(dataStore(ctx).datastoreId)}, got ${shown(start.DatastoreId)}`)
    expect(['SUBMITTED', 'QUEUED', 'IN_PROGRESS'].includes(String(start.JobStatus)), `expected \`JobStatus\` SUBMITTED (or QUEUED / IN_PROGRESS), got ${shown(start.JobStatus)}`)
    expect(statuses.at(-1) === 'COMPLETED', `expected the job to end COMPLETED, it went ${shown(statuses)}`)
  },
}
