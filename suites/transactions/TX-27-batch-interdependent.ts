import { expect, shown, type Check } from '../check.js'
import { HTTP, marked, sendBundle } from './shared.js'

export const check: Check = {
  id: 'TX-27',
  title: "A batch entry that depends on another entry's urn:uuid is refused, not resolved",
  description: `A batch whose second entry references the first by its \`urn:uuid\` fullUrl (a Patient whose \`link.other\` is the Patient created beside it) is either refused whole with a 4xx, or answered \`batch-response\` with the dependent entry failing 4xx: there SHALL be no interdependencies between a batch's entries, and servers SHALL validate that this is the case ([R4 http, batch/transaction processing rules](${HTTP}#brules)). A server that stores the reference unresolved, or resolves it as in a transaction, fails.`,
  verifies: ['FHIR-HTTP-20'],
  level: 'SHALL',
  needs: [{ system: 'batch' }, { interaction: 'create', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    const urn = `urn:uuid:${crypto.randomUUID()}`
    const batch = await sendBundle(ctx, 'tx27-batch', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { fullUrl: urn, resource: marked(ctx, 'tx27-a'), request: { method: 'POST', url: 'Patient' } },
        { resource: marked(ctx, 'tx27-b', { link: [{ other: { reference: urn }, type: 'seealso' }] }), request: { method: 'POST', url: 'Patient' } },
      ],
    })
    const status = batch.status ?? 0
    // Refused whole: the server saw the dependency (or refused the batch for its own reasons) and stored nothing.
    if (status >= 400 && status < 500) return
    expect(status === 200, `expected 200 (a batch-response) or a 4xx refusing the batch, got ${status || batch.ex.error} ${batch.ex.response?.body.slice(0, 160) ?? ''}`)
    const dependent = (batch.body?.entry as Array<{ response?: { status?: string; location?: string } }> | undefined)?.[1]
    const code = Number(String(dependent?.response?.status ?? '').slice(0, 3))
    expect(
      code >= 400 && code < 500,
      `expected the entry referencing another entry's urn:uuid to fail with a 4xx (batch entries may not depend on each other), got ${shown(dependent?.response?.status)}${dependent?.response?.location ? ` at ${dependent.response.location}` : ''}`,
    )
  },
}
