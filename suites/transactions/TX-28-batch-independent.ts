import { expect, shown, skip, type Check } from '../check.js'
import { HTTP, marked, markerQuery, sendBundle } from './shared.js'

export const check: Check = {
  id: 'TX-28',
  title: 'A batch answers each entry on its own: a failure does not fail the others',
  description: `A batch of a valid create, an invalid create and a search answers 200 \`batch-response\` with 201, a 4xx carrying an OperationOutcome, and 200 with a \`searchset\` Bundle ([R4 http, batch](${HTTP}#transaction): "there SHALL be no interdependencies … each entry is processed on its own").`,
  verifies: ['FHIR-HTTP-16'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const batch = await sendBundle(ctx, 'tx28-batch', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: marked(ctx, 'tx28'), request: { method: 'POST', url: 'Patient' } },
        { resource: ctx.tagged({ resourceType: 'Observation', status: 'not-a-status', code: { text: 'invalid on purpose' } }), request: { method: 'POST', url: 'Observation' } },
        { request: { method: 'GET', url: `Patient?${markerQuery(ctx, 'tx28')}` } },
      ],
    })
    expect(batch.status === 200, `expected 200 for the batch, got ${batch.status ?? batch.ex.error} ${batch.ex.response?.body.slice(0, 160) ?? ''}`)
    if (!Array.isArray(batch.body?.entry)) skip('the batch response has no entries')
    expect(batch.body.type === 'batch-response', `expected Bundle.type \`batch-response\`, got ${shown(batch.body.type)}`)
    const [created, invalid, search] = batch.body.entry as Array<{
      response?: { status?: string; outcome?: { resourceType?: string } }
      resource?: { resourceType?: string; type?: string }
    }>
    expect(String(created?.response?.status).startsWith('201'), `expected 201 for the valid create, got ${shown(created?.response?.status)}`)
    const bad = Number(String(invalid?.response?.status).slice(0, 3))
    expect(bad >= 400 && bad < 500, `expected a 4xx for the invalid create, got ${shown(invalid?.response?.status)}`)
    expect(
      invalid?.response?.outcome?.resourceType === 'OperationOutcome',
      `expected the failing entry's \`response.outcome\` to be an OperationOutcome, got ${shown(invalid?.response?.outcome)}`,
    )
    expect(
      String(search?.response?.status).startsWith('200') && search?.resource?.resourceType === 'Bundle' && search.resource.type === 'searchset',
      `expected 200 with a searchset Bundle for the search entry, got ${shown(search?.response?.status)} ${shown(search?.resource?.type)}`,
    )
  },
}
