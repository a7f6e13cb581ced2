import { expect, skip, type Check } from '../check.js'
import { HTTP, FHIR_JSON, patientBody } from './shared.js'

export const check: Check = {
  id: 'TX-11',
  title: 'A deleted resource reads as 410 Gone',
  description: `After \`DELETE\`, a read answers 410 Gone (a server that keeps history knows it existed) ([R4 http, delete](${HTTP}#delete); [read](${HTTP}#read)).`,
  verifies: ['FHIR-HTTP-6'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'delete', type: 'Patient' },
    { interaction: 'read', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const made = await ctx.exchange('tx-create-for-delete', 'POST', 'Patient', FHIR_JSON, { body: JSON.stringify(patientBody(ctx)) })
    const id = /Patient\/([A-Za-z0-9\-.]{1,64})/.exec(made.response?.headers.location ?? '')?.[1]
    if (made.response?.status !== 201 || !id) skip('the create did not succeed (TX-03)')
    const del = await ctx.exchange('tx-delete', 'DELETE', `Patient/${id}`)
    if (!del.response || del.response.status >= 300) {
      ctx.created.add(`Patient/${id}`)
      skip(`the delete answered ${del.response?.status ?? del.error}`)
    }
    const ex = await ctx.exchange('tx-read-deleted', 'GET', `Patient/${id}`)
    expect(ex.response?.status === 410, `expected HTTP 410 for a deleted resource, got ${ex.response?.status ?? ex.error}`)
  },
}
