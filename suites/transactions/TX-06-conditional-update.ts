import { expect, shown, type Check } from '../check.js'
import { FHIR_JSON, HTTP, markedIds, markerQuery, marked } from './shared.js'

export const check: Check = {
  id: 'TX-06',
  title: 'Conditional update creates on no match and updates on one',
  description: `\`PUT [base]/Patient?identifier=…\`: no match creates (201); a second PUT with one match updates that resource (200). Which resource was updated is read from a search by the identifier, not from \`Location\`, which a 200 update need not send ([R4 http, conditional update](${HTTP}#cond-update)).`,
  verifies: ['FHIR-HTTP-12'],
  level: 'SHALL',
  needs: [
    { flag: 'conditionalUpdate', type: 'Patient' },
    { interaction: 'search-type', type: 'Patient' },
    { searchParam: 'identifier', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const url = `Patient?${markerQuery(ctx, 'cond')}`
    const first = await ctx.exchange('tx-cond-update-1', 'PUT', url, FHIR_JSON, { body: JSON.stringify(marked(ctx, 'cond')) })
    const afterFirst = await markedIds(ctx, 'tx-cond-update-search-1', 'cond', { settle: true })
    expect(first.response?.status === 201, `expected 201 when nothing matches, got ${first.response?.status ?? first.error}`)
    expect(afterFirst.length === 1, `expected the conditional update to create one Patient, found ${shown(afterFirst)}`)
    const second = await ctx.exchange('tx-cond-update-2', 'PUT', url, FHIR_JSON, { body: JSON.stringify(marked(ctx, 'cond', { gender: 'other' })) })
    const afterSecond = await markedIds(ctx, 'tx-cond-update-search-2', 'cond', { settle: true })
    expect(second.response?.status === 200, `expected 200 when one resource matches, got ${second.response?.status ?? second.error}`)
    expect(
      afterSecond.length === 1 && afterSecond[0] === afterFirst[0],
      `expected Patient/${afterFirst[0]} updated in place, found ${shown(afterSecond.map((i) => `Patient/${i}`))}`,
    )
    const read = await ctx.exchange('tx-cond-update-read', 'GET', `Patient/${afterFirst[0]}`, { accept: 'application/fhir+json' })
    expect(
      read.response?.status === 200 && read.json().gender === 'other',
      `expected Patient/${afterFirst[0]} to carry the update (gender other), got ${shown(read.response?.status === 200 ? read.json().gender : read.response?.status)}`,
    )
  },
}
