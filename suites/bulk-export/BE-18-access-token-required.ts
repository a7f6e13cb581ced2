import { expect, skip, type Check } from '../check.js'
import { finished, SPEC } from './shared.js'

export const check: Check = {
  id: 'BE-18',
  title: 'With requiresAccessToken true, files do not download without a token',
  description: `When the manifest says \`requiresAccessToken: true\`, a file request without the access token is refused (400/401/403) ([Bulk Data IG, File request](${SPEC}#file-request)).`,
  verifies: ['BULK-5'],
  level: 'SHALL',
  async run(ctx) {
    const { manifest } = await finished(ctx)
    if (manifest.requiresAccessToken !== true) skip('requiresAccessToken is not true')
    const url = manifest.output?.[0]?.url
    if (!url) skip('the export has no files')
    const ex = await ctx.exchange('export-file-no-token', 'GET', url, { accept: 'application/fhir+ndjson' }, { noAuth: true })
    expect([400, 401, 403].includes(ex.response?.status ?? 0), `expected 400, 401 or 403 without a token, got ${ex.response?.status ?? ex.error}`)
  },
}
