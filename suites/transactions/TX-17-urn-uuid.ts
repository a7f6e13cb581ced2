import { parseBody } from '../expect.js'
import { expect, shown, type Check } from '../check.js'
import { FHIR_JSON, HTTP, patientBody } from './shared.js'

export const check: Check = {
  id: 'TX-17',
  title: 'A transaction rewrites urn:uuid references to the new ids',
  description: `In a transaction, a reference to an entry's \`urn:uuid\` fullUrl is replaced by the id the server assigns ([R4 http, Transaction processing rules](${HTTP}#trules)).`,
  verifies: ['FHIR-HTTP-8'],
  level: 'SHALL',
  needs: [{ system: 'transaction' }],
  writes: true,
  async run(ctx) {
    const urn = `urn:uuid:${crypto.randomUUID()}`
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: urn, resource: patientBody(ctx), request: { method: 'POST', url: 'Patient' } },
        {
          resource: ctx.tagged({ resourceType: 'Observation', status: 'final', code: { text: 'shoreline transaction check' }, subject: { reference: urn } }),
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    }
    const ex = await ctx.exchange('tx-transaction-urn', 'POST', '', FHIR_JSON, { body: JSON.stringify(bundle) })
    expect(ex.response?.status === 200, `expected HTTP 200 for the transaction, got ${ex.response ? `${ex.response.status} ${ex.response.body.slice(0, 160)}` : ex.error}`)
    const out = parseBody(ex.response.body)
    const locations: string[] = (out.entry ?? []).map((e: { response?: { location?: string } }) => e.response?.location ?? '')
    for (const l of locations) {
      const m = /(Patient|Observation)\/([A-Za-z0-9\-.]{1,64})/.exec(l)
      if (m) ctx.created.add(`${m[1]}/${m[2]}`)
    }
    const patientId = /Patient\/([A-Za-z0-9\-.]{1,64})/.exec(locations[0] ?? '')?.[1]
    const obsId = /Observation\/([A-Za-z0-9\-.]{1,64})/.exec(locations[1] ?? '')?.[1]
    expect(patientId && obsId, `expected a Location for both entries, got ${shown(locations)}`)
    const read = await ctx.exchange('tx-read-urn-target', 'GET', `Observation/${obsId}`)
    const ref = parseBody(read.response?.body ?? '{}').subject?.reference
    expect(typeof ref === 'string' && ref.endsWith(`Patient/${patientId}`), `expected \`subject.reference\` to be Patient/${patientId}, got ${shown(ref)}`)
  },
}
