import { expect, skip, type Check } from '../check.js'
import { KICKOFF, poll, SPEC, type Manifest } from './shared.js'

export const check: Check = {
  id: 'BE-22',
  title: 'After DELETE on a completed export, its files answer 404',
  description: `A client deletes a finished export with \`DELETE\` on the status URL (202); the server MAY then take it as the client being done and remove the files, so that they answer 404 ([Bulk Data IG, Delete request](${SPEC}#bulk-data-delete-request)).`,
  verifies: ['BULK-13'],
  level: 'MAY',
  async run(ctx) {
    const kick = await ctx.exchange('export-kickoff-to-delete', 'GET', '$export?_type=Patient', KICKOFF)
    const location = kick.response?.headers['content-location']
    if (kick.response?.status !== 202 || !location) skip('the kick-off was not accepted (BE-01)')
    const done = await poll(ctx, 'export-status-to-delete', location)
    if (done.response?.status !== 200) skip(`the export ended with HTTP ${done.response?.status ?? done.error}`)
    const url = (done.json() as Manifest).output?.[0]?.url
    if (!url) skip('the export has no files')
    const del = await ctx.exchange('export-delete-completed', 'DELETE', location)
    expect(del.response?.status === 202, `expected 202 for DELETE on a completed export, got ${del.response?.status ?? del.error}`)
    const file = await ctx.exchange('export-file-after-delete', 'GET', url, { accept: 'application/fhir+ndjson' })
    expect(file.response?.status === 404 || file.response?.status === 410, `expected 404 for a file of a deleted export, got ${file.response?.status ?? file.error}`)
  },
}
