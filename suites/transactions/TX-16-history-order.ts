import { parseBody } from '../expect.js'
import { expect, shown, skip, type Check } from '../check.js'
import { createdMarked, FHIR_JSON, HTTP, marked, writtenVersion } from './shared.js'

export const check: Check = {
  id: 'TX-16',
  title: 'History is newest first and honours `_count`',
  description: `After two updates, \`_history?_count=2\` answers the two newest versions, newest first, and a \`next\` link to the rest ([R4 http, history](${HTTP}#history): "sorted with the most recent version first").`,
  verifies: ['FHIR-HTTP-5'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'update', type: 'Patient' },
    { interaction: 'history-instance', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const id = await createdMarked(ctx, 'tx16')
    const written: string[] = []
    for (const [i, gender] of ['male', 'other'].entries()) {
      const up = await ctx.exchange(`tx16-update-${i}`, 'PUT', `Patient/${id}`, FHIR_JSON, { body: JSON.stringify(marked(ctx, 'tx16', { id, gender })) })
      if (up.response?.status !== 200) skip(`the update answered ${up.response?.status ?? up.error} (TX-05)`)
      const v = writtenVersion(up)
      if (!v) skip('an update named no versionId (TX-05)')
      written.push(v)
    }
    const ex = await ctx.exchange('tx16-history', 'GET', `Patient/${id}/_history?_count=2`, { accept: 'application/fhir+json' })
    expect(ex.response?.status === 200, `expected 200 for the history, got ${ex.response?.status ?? ex.error}`)
    const b = parseBody(ex.response.body) as { entry?: Array<{ resource?: { meta?: { versionId?: string; lastUpdated?: string } } }>; link?: Array<{ relation: string }> }
    const entries = b.entry ?? []
    expect(entries.length === 2, `expected 2 entries with \`_count=2\`, got ${entries.length}`)
    const times = entries.map((e) => Date.parse(e.resource?.meta?.lastUpdated ?? ''))
    // Version ids are opaque: the two newest are the ones the two updates answered, newest first.
    const versions = entries.map((e) => e.resource?.meta?.versionId)
    const [t0 = NaN, t1 = NaN] = times
    expect(
      t0 >= t1 && versions[0] === written[1] && versions[1] === written[0],
      `expected newest first: \`${written[1]}\` then \`${written[0]}\`, got versions ${shown(versions)} at ${shown(entries.map((e) => e.resource?.meta?.lastUpdated))}`,
    )
    expect(
      (b.link ?? []).some((l) => l.relation === 'next'),
      'expected a `next` link to the third version',
    )
  },
}
