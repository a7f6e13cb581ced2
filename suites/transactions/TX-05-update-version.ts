import { parseBody } from '../expect.js'
import { expect, shown, type Check } from '../check.js'
import { created, HTTP, updated } from './shared.js'

export const check: Check = {
  id: 'TX-05',
  title: 'update answers 200 and bumps meta.versionId',
  description: `\`PUT [base]/Patient/[id]\` on an existing resource answers 200 and the new version has a new \`meta.versionId\` ([R4 http, update](${HTTP}#update)).`,
  verifies: ['FHIR-HTTP-3'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'update', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const first = (await created(ctx)).body?.meta?.versionId
    const ex = await updated(ctx)
    expect(ex.response?.status === 200, `expected HTTP 200 for the update, got ${ex.response ? `${ex.response.status} ${ex.response.body.slice(0, 160)}` : ex.error}`)
    const v = parseBody(ex.response.body)?.meta?.versionId
    expect(typeof v === 'string' && v !== first, `expected a new \`meta.versionId\` (was ${shown(first)}), got ${shown(v)}`)
    const etag = ex.response.headers.etag
    expect(!etag || etag.includes(`"${v}"`), `expected the \`ETag\` to name version ${shown(v)}, got ${shown(etag)}`)
  },
}
