import { parseBody } from '../expect.js'
import { expect, shown, type Check } from '../check.js'
import { FHIR_JSON, HTTP, patientBody } from './shared.js'

export const check: Check = {
  id: 'TX-22',
  title: 'A failing transaction commits nothing',
  description: `A transaction either succeeds entirely or fails with nothing changed ([R4 http, transaction](${HTTP}#transaction)): one invalid entry leaves the valid ones uncommitted.`,
  verifies: ['FHIR-HTTP-9'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const marker = `${ctx.runTag.code}-atomic`
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: patientBody(ctx, { identifier: [{ system: 'https://shoreline.invalid/tx', value: marker }] }), request: { method: 'POST', url: 'Patient' } },
        { resource: { resourceType: 'Observation', status: 'not-a-status', code: { text: 'invalid on purpose' } }, request: { method: 'POST', url: 'Observation' } },
      ],
    }
    const ex = await ctx.exchange('tx-transaction-failing', 'POST', '', FHIR_JSON, { body: JSON.stringify(bundle) })
    expect(ex.response && ex.response.status >= 400, `expected a 4xx for a transaction with an invalid entry, got ${ex.response?.status ?? ex.error}`)
    const search = await ctx.exchange('tx-atomic-search', 'GET', `Patient?identifier=https://shoreline.invalid/tx|${marker}`)
    const found = (parseBody(search.response?.body ?? '{}').entry ?? []).map((e: { resource?: { id?: string } }) => e.resource?.id)
    for (const id of found) ctx.created.add(`Patient/${id}`)
    expect(found.length === 0, `expected nothing committed, found ${shown(found.map((id: string) => `Patient/${id}`))}`)
  },
}
