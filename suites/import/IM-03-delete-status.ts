import { expect, skip, type Check } from '../check.js'
import { isOutcome } from '../transactions/shared.js'
import { importJob, SPEC } from './shared.js'

export const check: Check = {
  id: 'IM-03',
  title: 'After a DELETE, the import polling location answers 404 with an OperationOutcome',
  description: `A client may send DELETE to an import's polling location, to cancel it or to say it is done with the outcome; from then on the polling location SHALL answer 404 with an OperationOutcome in JSON ([Bulk import, Delete request](${SPEC}#bulk-data-import-delete-request-data-provider-to-data-consumer)). One tagged Patient is imported, its job polled to the end, the polling location deleted (2xx) and asked again.`,
  verifies: ['IMPORT-4'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const id = `shoreline-im03-${ctx.runTag.code}`
    const patient = ctx.tagged({ resourceType: 'Patient', id, gender: 'unknown' })
    ctx.created.add(`Patient/${id}`)
    const job = await importJob(ctx, 'lifecycle', `${JSON.stringify(patient)}\n`)
    const del = await ctx.exchange('import-lifecycle-delete', 'DELETE', job.statusUrl, { accept: 'application/fhir+json' })
    const status = del.response?.status ?? 0
    if (status < 200 || status > 299) skip(`the DELETE of the polling location answered ${status || del.error}: the server does not take the request`)
    const after = await ctx.exchange('import-lifecycle-after-delete', 'GET', job.statusUrl, { accept: 'application/json' })
    expect(
      after.response?.status === 404 && isOutcome(after.response.body),
      `expected 404 with an OperationOutcome after the DELETE of ${job.statusUrl}, got ${after.response ? `HTTP ${after.response.status}${after.response.status === 404 ? ' without an OperationOutcome' : ''}` : after.error}`,
    )
  },
}
