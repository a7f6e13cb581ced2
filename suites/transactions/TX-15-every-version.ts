import { parseBody } from '../expect.js'
import { expect, shown, skip, type Check } from '../check.js'
import { createdMarked, FHIR_JSON, HTTP, marked } from './shared.js'

export const check: Check = {
  id: 'TX-15',
  title: 'Every version in a history is readable with vread; history of a missing resource is 404',
  description: `Each entry of \`Patient/<id>/_history\` can be read at \`_history/<versionId>\` and answers that version; the history of a resource that never existed answers 404 ([R4 http, vread](${HTTP}#vread); [history](${HTTP}#history)).`,
  verifies: ['FHIR-HTTP-11', 'FHIR-HTTP-5'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'history-instance', type: 'Patient' },
    { interaction: 'vread', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const id = await createdMarked(ctx, 'tx15')
    const up = await ctx.exchange('tx15-update', 'PUT', `Patient/${id}`, FHIR_JSON, { body: JSON.stringify(marked(ctx, 'tx15', { id, gender: 'male' })) })
    if (up.response?.status !== 200) skip(`the update answered ${up.response?.status ?? up.error} (TX-05)`)
    const hist = await ctx.exchange('tx15-history', 'GET', `Patient/${id}/_history`, { accept: 'application/fhir+json' })
    if (hist.response?.status !== 200) skip(`the history answered ${hist.response?.status ?? hist.error} (TX-13)`)
    const versions = ((parseBody(hist.response.body) as { entry?: Array<{ resource?: { meta?: { versionId?: string } } }> }).entry ?? [])
      .map((e) => e.resource?.meta?.versionId)
      .filter((v): v is string => typeof v === 'string')
    if (versions.length < 2) skip(`the history lists ${versions.length} version(s) (TX-13)`)
    for (const v of versions) {
      const ex = await ctx.exchange(`tx15-vread-${v}`, 'GET', `Patient/${id}/_history/${encodeURIComponent(v)}`, { accept: 'application/fhir+json' })
      expect(ex.response?.status === 200, `expected 200 for vread of version ${v}, got ${ex.response?.status ?? ex.error}`)
      const got = (parseBody(ex.response.body) as { meta?: { versionId?: string } }).meta?.versionId
      expect(got === v, `expected vread of version ${v} to answer \`meta.versionId\` ${v}, got ${shown(got)}`)
    }
    const missing = await ctx.exchange('tx15-history-missing', 'GET', `Patient/${ctx.runTag.code}-never-created/_history`, { accept: 'application/fhir+json' })
    expect(missing.response?.status === 404, `expected 404 for the history of a resource that never existed, got ${missing.response?.status ?? missing.error}`)
  },
}
