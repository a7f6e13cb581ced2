import { expect, shown, type Check } from '../check.js'
import { created, HTTP, marked, markedIds, patientBody, sendBundle, STALE } from './shared.js'

export const check: Check = {
  id: 'TX-22',
  title: 'A failing transaction commits nothing',
  description: `A transaction either succeeds entirely or fails with nothing changed ([R4 http, transaction](${HTTP}#transaction)). Its failing entry is an update whose \`If-Match\` names no version of the resource, which fails on any server (412, [R4 http, concurrency](${HTTP}#concurrency)) whatever it validates; the create beside it must not be committed.`,
  verifies: ['FHIR-HTTP-9'],
  level: 'SHALL',
  needs: [
    { system: 'transaction' },
    { interaction: 'create', type: 'Patient' },
    { interaction: 'update', type: 'Patient' },
    { interaction: 'search-type', type: 'Patient' },
    { searchParam: 'identifier', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const { id } = await created(ctx)
    const res = await sendBundle(ctx, 'tx-transaction-failing', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: marked(ctx, 'atomic'), request: { method: 'POST', url: 'Patient' } },
        { resource: patientBody(ctx, { id, gender: 'female' }), request: { method: 'PUT', url: `Patient/${id}`, ifMatch: STALE } },
      ],
    })
    // What a non-atomic server committed is found (and registered for clean-up) before any verdict.
    const found = await markedIds(ctx, 'tx-atomic-search', 'atomic')
    expect(res.status !== undefined && res.status >= 400, `expected the transaction to fail (its update carried If-Match ${STALE}), got ${res.status ?? res.ex.error}`)
    expect(found.length === 0, `expected nothing committed, found ${shown(found.map((f) => `Patient/${f}`))}`)
  },
}
