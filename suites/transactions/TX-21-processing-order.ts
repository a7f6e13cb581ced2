import { expect, shown, skip, type Check } from '../check.js'
import { HTTP, marked, markerQuery, sendBundle } from './shared.js'

export const check: Check = {
  id: 'TX-21',
  title: 'A GET in a transaction sees the writes of the same transaction',
  description: `Transactions are processed DELETE, POST, PUT/PATCH, then GET, whatever the entry order: a search listed before a create still finds the created Patient ([R4 http, transaction processing rules](${HTTP}#trules)).`,
  verifies: ['FHIR-HTTP-15'],
  level: 'SHALL',
  needs: [{ system: 'transaction' }],
  writes: true,
  async run(ctx) {
    const tx = await sendBundle(ctx, 'tx21-transaction', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ request: { method: 'GET', url: `Patient?${markerQuery(ctx, 'tx21')}` } }, { resource: marked(ctx, 'tx21'), request: { method: 'POST', url: 'Patient' } }],
    })
    if (tx.status !== 200) skip(`the transaction answered ${tx.status ?? tx.ex.error}`)
    const found = (tx.body?.entry?.[0]?.resource?.entry ?? []) as unknown[]
    expect(
      found.length === 1,
      `expected the GET entry's search to find the Patient created in the same transaction, got ${found.length} matches (${shown(tx.body?.entry?.[0]?.response)})`,
    )
  },
}
