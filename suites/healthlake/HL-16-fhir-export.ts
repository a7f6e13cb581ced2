import { parseBody } from '../expect.js'
import { expect, shown, skip, type Check } from '../check.js'
import { dataStore, fhirExportBody, GUIDE, JOB_STATUSES } from './shared.js'

export const check: Check = {
  id: 'HL-16',
  title: "HealthLake's FHIR $export answers {datastoreId, jobStatus, jobId} and reports exportJobProperties",
  description: `\`POST [base]/$export\` with HealthLake's body (\`JobName\`, \`OutputDataConfig.S3Configuration\`, \`DataAccessRoleArn\`) answers 202, a \`Content-Location\` ending \`/export/<jobId>\` and \`{datastoreId, jobStatus, jobId}\`; a GET there answers \`exportJobProperties\` with a documented \`jobStatus\` ([Exporting with FHIR $export](${GUIDE}/export-datastore-rest.html)).`,
  verifies: ['HL-CP-5'],
  level: 'SHALL',
  needs: [{ storeFeature: 'export-status' }],
  writes: true,
  async run(ctx) {
    const ds = dataStore(ctx)
    const body = fhirExportBody(ctx, 'shoreline-fhir')
    const kick = await ctx.exchange(
      'hl-fhir-export',
      'POST',
      '$export',
      { 'content-type': 'application/fhir+json', accept: 'application/fhir+json', prefer: 'respond-async' },
      { body },
    )
    expect(kick.response?.status === 202, `expected 202, got ${kick.response ? `${kick.response.status} ${kick.response.body.slice(0, 160)}` : kick.error}`)
    let answer: Record<string, unknown>
    try {
      answer = parseBody(kick.response.body) as Record<string, unknown>
    } catch {
      expect(false, `expected a JSON answer, got ${kick.response.body.slice(0, 120)}`)
    }
    expect(
      typeof answer.jobId === 'string' && answer.datastoreId === ds.datastoreId && typeof answer.jobStatus === 'string',
      `expected \`{datastoreId: ${ds.datastoreId}, jobStatus, jobId}\`, got ${shown(answer)}`,
    )
    const location = kick.response.headers['content-location'] ?? ''
    expect(location.endsWith(`/export/${answer.jobId}`), `expected \`Content-Location\` ending /export/${answer.jobId}, got \`${location}\``)
    const status = await ctx.exchange('hl-fhir-export-status', 'GET', location, { accept: 'application/json' })
    if (status.response?.status !== 200) skip(`the status answered ${status.response?.status ?? status.error}`)
    const props = (parseBody(status.response.body) as { exportJobProperties?: { jobStatus?: string } }).exportJobProperties
    expect(props && JOB_STATUSES.has(String(props.jobStatus)), `expected \`exportJobProperties.jobStatus\` a documented status, got ${shown(props)}`)
  },
}
