import { expect, shown, type Check } from '../check.js'
import { FHIR_JSON, HTTP, patientBody } from './shared.js'

export const check: Check = {
  id: 'TX-06',
  title: 'Conditional update creates on no match and updates on one',
  description: `\`PUT [base]/Patient?identifier=…\`: no match creates (201); a second PUT with one match updates that resource (200, same id) ([R4 http, conditional update](${HTTP}#cond-update)).`,
  verifies: ['FHIR-HTTP-12'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const value = `${ctx.runTag.code}-cond`
    const body = patientBody(ctx, { identifier: [{ system: 'https://shoreline.invalid/tx', value }] })
    const first = await ctx.exchange('tx-cond-update-1', 'PUT', `Patient?identifier=https://shoreline.invalid/tx|${value}`, FHIR_JSON, { body: JSON.stringify(body) })
    const id1 = /Patient\/([A-Za-z0-9\-.]{1,64})/.exec(first.response?.headers.location ?? '')?.[1]
    if (id1) ctx.created.add(`Patient/${id1}`)
    expect(first.response?.status === 201, `expected 201 when nothing matches, got ${first.response?.status ?? first.error}`)
    const second = await ctx.exchange('tx-cond-update-2', 'PUT', `Patient?identifier=https://shoreline.invalid/tx|${value}`, FHIR_JSON, {
      body: JSON.stringify({ ...body, gender: 'other' }),
    })
    const id2 = /Patient\/([A-Za-z0-9\-.]{1,64})/.exec(second.response?.headers.location ?? '')?.[1]
    if (id2) ctx.created.add(`Patient/${id2}`)
    expect(second.response?.status === 200 && id2 === id1, `expected 200 updating Patient/${id1}, got ${second.response?.status ?? second.error} for ${shown(id2)}`)
  },
}
