import { expect, type Check } from '../check.js'
import { created, HTTP, isOutcome, marked, sendBundle } from './shared.js'

export const check: Check = {
  id: 'TX-23',
  title: 'A transaction with two entries on the same resource is refused (400)',
  description: `Two PUTs on one existing \`Patient/<id>\` overlap; the transaction fails with 400 and an OperationOutcome ([R4 http, transaction](${HTTP}#trules): "If any resource identities … overlap in steps 1-3, then the transaction SHALL fail").`,
  verifies: ['FHIR-HTTP-9'],
  level: 'SHALL',
  needs: [{ system: 'transaction' }],
  writes: true,
  async run(ctx) {
    // Two updates of a resource that exists: no update-as-create involved (a server may refuse client ids).
    const { id } = await created(ctx)
    const tx = await sendBundle(ctx, 'tx23-transaction', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: ['female', 'male'].map((gender) => ({ resource: marked(ctx, 'tx23', { id, gender }), request: { method: 'PUT', url: `Patient/${id}` } })),
    })
    expect(tx.status === 400 || tx.status === 422, `expected 400 for two entries on Patient/${id}, got ${tx.status ?? tx.ex.error}`)
    expect(isOutcome(tx.ex.response?.body), `expected an OperationOutcome body, got ${tx.ex.response?.body.slice(0, 120)}`)
  },
}
