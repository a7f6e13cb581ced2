import { expect, shown, skip, type Check } from '../check.js'
import { created, HTTP, marked, markerQuery, patientBody, sendBundle, STALE } from './shared.js'

export const check: Check = {
  id: 'TX-28',
  title: 'A batch answers each entry on its own: a failure does not fail the others',
  description: `A batch of a valid create, an update whose \`If-Match\` names no version (it fails on any server, [R4 http, concurrency](${HTTP}#concurrency)) and a search answers 200 \`batch-response\` with 201, a 4xx carrying an OperationOutcome, and 200 with a \`searchset\` Bundle ([R4 http, batch](${HTTP}#transaction): there are no interdependencies, each entry is processed on its own).`,
  verifies: ['FHIR-HTTP-16'],
  level: 'SHALL',
  needs: [
    { system: 'batch' },
    { interaction: 'create', type: 'Patient' },
    { interaction: 'update', type: 'Patient' },
    { interaction: 'search-type', type: 'Patient' },
    { searchParam: 'identifier', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const { id } = await created(ctx)
    const batch = await sendBundle(ctx, 'tx28-batch', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: marked(ctx, 'tx28'), request: { method: 'POST', url: 'Patient' } },
        { resource: patientBody(ctx, { id, gender: 'female' }), request: { method: 'PUT', url: `Patient/${id}`, ifMatch: STALE } },
        { request: { method: 'GET', url: `Patient?${markerQuery(ctx, 'tx28')}` } },
      ],
    })
    expect(batch.status === 200, `expected 200 for the batch, got ${batch.status ?? batch.ex.error} ${batch.ex.response?.body.slice(0, 160) ?? ''}`)
    if (!Array.isArray(batch.body?.entry)) skip('the batch response has no entries')
    expect(batch.body.type === 'batch-response', `expected Bundle.type \`batch-response\`, got ${shown(batch.body.type)}`)
    const [createdEntry, stale, search] = batch.body.entry as Array<{
      response?: { status?: string; outcome?: { resourceType?: string } }
      resource?: { resourceType?: string; type?: string }
    }>
    expect(String(createdEntry?.response?.status).startsWith('201'), `expected 201 for the valid create, got ${shown(createdEntry?.response?.status)}`)
    const bad = Number(String(stale?.response?.status).slice(0, 3))
    expect(bad >= 400 && bad < 500, `expected a 4xx for the update with a stale If-Match, got ${shown(stale?.response?.status)}`)
    expect(
      stale?.response?.outcome?.resourceType === 'OperationOutcome',
      `expected the failing entry's \`response.outcome\` to be an OperationOutcome, got ${shown(stale?.response?.outcome)}`,
    )
    expect(
      String(search?.response?.status).startsWith('200') && search?.resource?.resourceType === 'Bundle' && search.resource.type === 'searchset',
      `expected 200 with a searchset Bundle for the search entry, got ${shown(search?.response?.status)} ${shown(search?.resource?.type)}`,
    )
  },
}
