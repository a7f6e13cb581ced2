import { parseBody } from '../expect.js'
import { expect, shown, skip, type Check } from '../check.js'
import { createdMarked, HTTP, marked, markedIds, markerQuery, sendBundle } from './shared.js'

export const check: Check = {
  id: 'TX-19',
  title: 'A transaction mixing DELETE, POST and a conditional PUT does each',
  description: `One transaction deletes Patient A, creates an Observation about B and updates B through \`PUT Patient?identifier=…\`: A is gone, B has a new version and is still the only match, the Observation exists ([R4 http, transaction](${HTTP}#transaction); [conditional update](${HTTP}#cond-update)).`,
  verifies: ['FHIR-HTTP-9', 'FHIR-HTTP-12'],
  level: 'SHALL',
  needs: [{ system: 'transaction' }, { flag: 'conditionalUpdate', type: 'Patient' }, { interaction: 'delete', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    const a = await createdMarked(ctx, 'tx19-a')
    const b = await createdMarked(ctx, 'tx19-b')
    const tx = await sendBundle(ctx, 'tx19-transaction', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { request: { method: 'DELETE', url: `Patient/${a}` } },
        {
          resource: ctx.tagged({ resourceType: 'Observation', status: 'final', code: { text: 'tx19' }, subject: { reference: `Patient/${b}` } }),
          request: { method: 'POST', url: 'Observation' },
        },
        { resource: marked(ctx, 'tx19-b', { gender: 'male' }), request: { method: 'PUT', url: `Patient?${markerQuery(ctx, 'tx19-b')}` } },
      ],
    })
    expect(tx.status === 200, `expected 200 for the transaction, got ${tx.status ?? tx.ex.error} ${tx.ex.response?.body.slice(0, 160) ?? ''}`)
    const statuses = (tx.body?.entry ?? []).map((e: { response?: { status?: string } }) => String(e.response?.status ?? '').slice(0, 3))
    expect(['200', '204'].includes(statuses[0]) && statuses[1] === '201' && statuses[2] === '200', `expected entry statuses 200/204, 201, 200, got ${shown(statuses)}`)
    const goneA = await ctx.exchange('tx19-read-a', 'GET', `Patient/${a}`, { accept: 'application/fhir+json' })
    expect(goneA.response?.status === 410 || goneA.response?.status === 404, `expected Patient/${a} deleted (410/404), got ${goneA.response?.status ?? goneA.error}`)
    const matches = await markedIds(ctx, 'tx19-search-b', 'tx19-b', { settle: true })
    expect(matches.length === 1 && matches[0] === b, `expected the conditional PUT to update Patient/${b} (the only match), a search finds ${shown(matches)}`)
    const readB = await ctx.exchange('tx19-read-b', 'GET', `Patient/${b}`, { accept: 'application/fhir+json' })
    const gender = readB.response?.status === 200 ? (parseBody(readB.response.body) as { gender?: string }).gender : undefined
    if (readB.response?.status !== 200) skip(`reading Patient/${b} answered ${readB.response?.status ?? readB.error}`)
    expect(gender === 'male', `expected Patient/${b}.gender \`male\` after the conditional PUT, got ${shown(gender)}`)
  },
}
