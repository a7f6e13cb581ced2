import { parseBody } from '../expect.js'
import { expect, skip, type Check } from '../check.js'
import { createdMarked, FHIR_JSON, HTTP, marked } from './shared.js'

export const check: Check = {
  id: 'TX-14',
  title: 'History `_since` filters by time: a future instant lists nothing',
  description: `\`_history?_since=<instant>\` lists only versions changed at or after it: a \`_since\` before the create lists both versions, one a day ahead lists none ([R4 http, history](${HTTP}#history)).`,
  verifies: ['FHIR-HTTP-5'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'history-instance', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const id = await createdMarked(ctx, 'tx14')
    const up = await ctx.exchange('tx14-update', 'PUT', `Patient/${id}`, FHIR_JSON, { body: JSON.stringify(marked(ctx, 'tx14', { id, gender: 'other' })) })
    if (up.response?.status !== 200) skip(`the update answered ${up.response?.status ?? up.error} (TX-05)`)
    const count = async (name: string, since: string) => {
      const ex = await ctx.exchange(name, 'GET', `Patient/${id}/_history?_since=${encodeURIComponent(since)}`, { accept: 'application/fhir+json' })
      expect(ex.response?.status === 200, `expected 200 for \`_history?_since=${since}\`, got ${ex.response?.status ?? ex.error}`)
      return ((parseBody(ex.response.body) as { entry?: unknown[] }).entry ?? []).length
    }
    const past = new Date(Date.now() - 3_600_000).toISOString()
    const future = new Date(Date.now() + 86_400_000).toISOString()
    const before = await count('tx14-since-past', past)
    expect(before === 2, `expected 2 versions since ${past}, got ${before}`)
    const after = await count('tx14-since-future', future)
    expect(after === 0, `expected no versions since ${future} (a day ahead), got ${after}`)
  },
}
