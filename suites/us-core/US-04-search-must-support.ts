import { expect, skip, type Check } from '../check.js'
import { parseBody } from '../expect.js'
import { US_CORE_PROFILES } from '../../lib/us-core/index.js'
import { asGenerated, MUST_SUPPORT, mustSupportDiffs, noteReturned, samples, SERVER_CS, slugOf, type Json } from './shared.js'

/** US-04 for one US Core profile: the same resources found by `_id` carry their must-support elements as written. */
export function searchedCheck(url: string): Check {
  const p = US_CORE_PROFILES[url]!
  const slug = slugOf(url)
  return {
    id: `US-04-${slug}`,
    title: `US Core ${p.name}: search results carry the must-support elements as written`,
    description: `The resources US-01 reads are also searched for, one \`${p.type}?_id=…\` each (a comma list of ids is the server's choice): each comes back as a match whose must-support elements (${p.mustSupport.map((e) => `\`${e}\``).join(', ')}) are as written — a server may not shape search results differently from reads ([Must Support](${MUST_SUPPORT}); [US Core Server CapabilityStatement](${SERVER_CS})).`,
    verifies: ['USCORE-MS'],
    level: 'SHALL',
    needs: [
      { interaction: 'search-type', type: p.type },
      { searchParam: '_id', type: p.type },
    ],
    writes: true,
    async run(ctx) {
      const { byProfile, idMap } = await samples(ctx)
      const list = byProfile.get(url) ?? []
      if (list.length === 0) skip(`the dataset holds no ${p.type} claiming ${slug}`)
      // One id at a time: whether `_id` takes a comma list is the server's choice (US Core: multipleOr MAY).
      const found = new Map<string, Json>()
      const refused = new Set<string>()
      const problems: string[] = []
      for (const [i, sample] of list.entries()) {
        const id = idMap?.get(sample.ref) ?? sample.ref.slice(sample.ref.indexOf('/') + 1)
        const ex = await ctx.exchange(`us-search-${slug}-${i}`, 'GET', `${p.type}?_id=${encodeURIComponent(id)}`, { accept: 'application/fhir+json' })
        if (ex.response?.status !== 200) {
          problems.push(`\`${p.type}?_id=${id}\` answered ${ex.response ? `HTTP ${ex.response.status}` : ex.error}`)
          refused.add(sample.ref)
          continue
        }
        for (const e of parseBody<{ entry?: Array<{ resource?: Json }> }>(ex.response.body, `${p.type}?_id=${id}`).entry ?? []) {
          if (e.resource?.resourceType !== p.type) continue
          noteReturned(ctx, e.resource)
          const back = asGenerated(e.resource, idMap)
          found.set(back.ref, back.resource)
        }
      }
      for (const s of list) {
        const back = found.get(s.ref)
        if (!back) {
          if (!refused.has(s.ref)) problems.push(`${s.ref} not found by \`_id\``)
          continue
        }
        problems.push(...mustSupportDiffs(p, s.ref, s.resource, back, 'found'))
      }
      expect(problems.length === 0, `expected ${list.length} ${p.type} claiming ${slug} to be found with their must-support elements unaltered: ${problems.slice(0, 3).join('; ')}`)
    },
  }
}
