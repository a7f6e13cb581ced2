import { expect, shown, skip, type Check } from '../check.js'
import type { ParsedJson } from '../expect.js'
import { sendBundle } from '../transactions/shared.js'
import { dataStore, GUIDE } from './shared.js'

const BUNDLES = `${GUIDE}/managing-fhir-resources-bundle.html`
const COND_UPDATE = 'https://hl7.org/fhir/R4/http.html#cond-update'

type Entry = { response?: { status?: string; location?: string } }
const statusOf = (e: Entry | undefined) => Number(String(e?.response?.status ?? '').slice(0, 3))
const entries = (body: ParsedJson) => (Array.isArray(body?.entry) ? (body.entry as Entry[]) : [])

export const check: Check = {
  id: 'HL-19',
  title: 'A conditional PUT by _id in a batch creates on no match, updates on one, and refuses an id that contradicts the match',
  description: `HealthLake takes conditional PUTs in \`batch\` Bundles, by \`_id\` ([HealthLake, Bundling FHIR resources](${BUNDLES})), with R4's conditional update outcomes ([R4 http, conditional update](${COND_UPDATE})): \`PUT Patient?_id=<unused>\` without an id creates (201); \`PUT Patient?_id=<that Patient>\` with its id updates it (200); the same with another id in the body is refused (400).`,
  verifies: ['HL-BUNDLE-1'],
  level: 'SHALL',
  needs: [{ system: 'batch' }, { flag: 'conditionalUpdate', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    dataStore(ctx)
    const body = (extra: Record<string, unknown> = {}) => ctx.tagged({ resourceType: 'Patient', name: [{ family: 'BatchConditional' }], ...extra })
    const first = await sendBundle(ctx, 'hl19-create', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [{ resource: body(), request: { method: 'PUT', url: `Patient?_id=${crypto.randomUUID()}` } }],
    })
    if (first.status !== 200) skip(`the batch answered ${first.status ?? first.ex.error}`)
    const created = entries(first.body)[0]
    expect(statusOf(created) === 201, `expected 201 for a conditional PUT by an unused _id without an id, got ${shown(created?.response?.status ?? null)}`)
    const id = /Patient\/([A-Za-z0-9\-.]{1,64})/.exec(created?.response?.location ?? '')?.[1]
    if (!id) skip('the created entry named no Location to update')
    const second = await sendBundle(ctx, 'hl19-update', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: body({ id, gender: 'other' }), request: { method: 'PUT', url: `Patient?_id=${id}` } },
        { resource: body({ id: `${id}-other`, gender: 'male' }), request: { method: 'PUT', url: `Patient?_id=${id}` } },
      ],
    })
    if (second.status !== 200) skip(`the second batch answered ${second.status ?? second.ex.error}`)
    const [updated, mismatched] = entries(second.body)
    expect(statusOf(updated) === 200, `expected 200 for a conditional PUT matching Patient/${id} with its id, got ${shown(updated?.response?.status ?? null)}`)
    expect(
      statusOf(mismatched) === 400,
      `expected 400 for a conditional PUT matching Patient/${id} with another id in the body, got ${shown(mismatched?.response?.status ?? null)}`,
    )
  },
}
