import { expect, type Check } from '../check.js'
import { createdMarked, HTTP, markedIds, markerQuery } from './shared.js'

export const check: Check = {
  id: 'TX-10',
  title: 'Delete and conditional delete (one match) remove the resource',
  description: `\`DELETE Patient/<id>\` answers 200 or 204 (409 allowed for referential integrity), and \`DELETE Patient?identifier=…\` with one match deletes it: a search no longer finds it ([R4 http, delete](${HTTP}#delete); [conditional delete](${HTTP}#3.1.0.7.1)).`,
  verifies: ['FHIR-HTTP-6', 'FHIR-HTTP-14'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'delete', type: 'Patient' },
    { flag: 'conditionalDelete', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const id = await createdMarked(ctx, 'tx10')
    const del = await ctx.exchange('tx10-delete', 'DELETE', `Patient/${id}`)
    expect([200, 204, 409].includes(del.response?.status ?? 0), `expected 200 or 204 for DELETE, got ${del.response?.status ?? del.error}`)
    await createdMarked(ctx, 'tx10-conditional')
    const cond = await ctx.exchange('tx10-conditional-delete', 'DELETE', `Patient?${markerQuery(ctx, 'tx10-conditional')}`)
    expect([200, 204].includes(cond.response?.status ?? 0), `expected 200 or 204 for a conditional delete with one match, got ${cond.response?.status ?? cond.error}`)
    const left = await markedIds(ctx, 'tx10-after', 'tx10-conditional')
    expect(left.length === 0, `expected the conditional delete to remove the match, a search still finds ${left.map((i) => `Patient/${i}`).join(', ')}`)
  },
}
