import { parseBody } from '../expect.js'
import { expect, shown, skip, type Check } from '../check.js'
import { created, HTTP, updated } from './shared.js'

export const check: Check = {
  id: 'TX-09',
  title: 'vread returns the version asked for',
  description: `\`GET [base]/Patient/[id]/_history/[vid]\` returns that version, not the current one ([R4 http, vread](${HTTP}#vread)).`,
  verifies: ['FHIR-HTTP-11'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'vread', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const { id, body } = await created(ctx)
    if ((await updated(ctx)).response?.status !== 200) skip('the update did not succeed (TX-05)')
    const first = body?.meta?.versionId
    if (!first) skip('the create answered no meta.versionId')
    const ex = await ctx.exchange('tx-vread-first', 'GET', `Patient/${id}/_history/${first}`)
    expect(ex.response?.status === 200, `expected HTTP 200 for version ${first}, got ${ex.response?.status ?? ex.error}`)
    const got = parseBody(ex.response.body)
    expect(
      got.meta?.versionId === first && got.gender === body.gender,
      `expected version ${shown(first)} as created (gender ${shown(body.gender)}), got version ${shown(got.meta?.versionId)} with gender ${shown(got.gender)}`,
    )
  },
}
