import { expect, skip, type Check } from '../check.js'
import { parseBody } from '../expect.js'
import { exportedResources, KICKOFF, poll, SPEC, type Manifest } from './shared.js'

const PARAMETER = '_shorelineNoSuchParameter'
const QUERY = `?_type=Patient&${PARAMETER}=1`

export const check: Check = {
  id: 'BE-05',
  title: 'A lenient kick-off says in its error files which parameters it ignored',
  description: `With \`Prefer: handling=lenient\` a server MAY process a kick-off holding a parameter it does not support instead of refusing it; when it does, it SHOULD put an OperationOutcome for each such parameter in the manifest's \`error\` files ([Bulk Data IG, Complete status](${SPEC}#response---complete-status)). The kick-off \`${QUERY}\` is sent with \`Prefer: respond-async, handling=lenient\`: a refusal passes; a finished export must list an error file holding an OperationOutcome that names \`${PARAMETER}\`.`,
  verifies: ['BULK-18'],
  level: 'SHOULD',
  async run(ctx) {
    const kick = await ctx.exchange('export-kickoff-lenient', 'GET', `$export${QUERY}`, { ...KICKOFF, prefer: 'respond-async, handling=lenient' })
    const status = kick.response?.status ?? 0
    if (status >= 400 && status < 500) return // refusing is the server's right: MAY process, not SHALL
    const location = kick.response?.headers['content-location']
    if (status !== 202 || !location) skip(`the lenient kick-off answered ${status || kick.error}${status === 202 ? ' without a Content-Location (BE-01)' : ''}`)
    const done = await poll(ctx, 'export-status-lenient', location)
    if (done.response?.status !== 200) skip(`the lenient export ended with HTTP ${done.response?.status ?? done.error}`)
    const manifest = parseBody(done.response.body, 'the complete status') as Manifest
    const files = (Array.isArray(manifest.error) ? manifest.error : []) as NonNullable<Manifest['output']>
    const outcomes = await exportedResources<{ resourceType?: string }>(ctx, { ...manifest, output: files }, 'export-lenient-error-file')
    const naming = outcomes.filter((o) => o.resourceType === 'OperationOutcome' && JSON.stringify(o).includes(PARAMETER))
    expect(
      naming.length > 0,
      `expected an OperationOutcome in the manifest's error files naming \`${PARAMETER}\`, which the lenient export ignored; got ${files.length} error file(s) holding ${outcomes.length} resource(s), none naming it`,
    )
  },
}
