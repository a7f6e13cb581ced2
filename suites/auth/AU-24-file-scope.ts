import { expect, skip, type Check } from '../check.js'
import { finished, SPEC } from '../bulk-export/shared.js'
import { scopedToken } from './shared.js'

export const check: Check = {
  id: 'AU-24',
  title: 'An export file does not download with a token whose scopes exclude its type',
  description: `A file of resource type T is refused (401/403) to a token that grants no read of T — here an Observation-only token fetching the Patient file ([Bulk Data IG, File request](${SPEC}#file-request); [SMART App Launch, Scopes](https://hl7.org/fhir/smart-app-launch/STU2.1/scopes-and-launch-context.html)).`,
  verifies: ['SMART-SC-1', 'BULK-5'],
  level: 'SHALL',
  async run(ctx) {
    const { manifest } = await finished(ctx)
    if (manifest.requiresAccessToken !== true) skip('requiresAccessToken is not true')
    const file = manifest.output?.find((o) => o.type === 'Patient')
    if (!file?.url) skip('the export has no Patient file')
    const { token } = await scopedToken(ctx, 'system/Observation.rs')
    const ex = await ctx.exchange('export-file-wrong-scope', 'GET', file.url, { accept: 'application/fhir+ndjson', authorization: `Bearer ${token}` }, { noAuth: true })
    expect(
      ex.response?.status === 403 || ex.response?.status === 401,
      `expected 403 (or 401) for the Patient file with an Observation-only token, got ${ex.response?.status ?? ex.error}`,
    )
  },
}
