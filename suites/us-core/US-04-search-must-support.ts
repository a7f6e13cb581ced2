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
    description: `The resources US-01 reads are also searched for, \`${p.type}?_id=…\`: each comes back as a match whose must-support elements (${p.mustSupport.map((e) => `\`${e}\``).join(', ')}) are as written — a server may not shape search results differently from reads ([Must Support](${MUST_SUPPORT}); [US Core Server CapabilityStatement](${SERVER_CS})).`,
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
      const ids = list.map((s) => idMap?.get(s.ref) ?? s.ref.slice(s.ref.indexOf('/') + 1))
      const ex = await ctx.exchange(`us-search-${slug}`, 'GET', `${p.type}?_id=${ids.join(',')}&_count=${ids.length}`, { accept: 'application/fhir+json' })
      expect(ex.response?.status === 200, `expected HTTP 200 for ${p.type}?_id=…, got ${ex.response?.status ?? ex.error}`)
      const found = new Map<string, Json>()
      for (const e of parseBody<{ entry?: Array<{ resource?: Json }> }>(ex.response.body, `${p.type}?_id=…`).entry ?? []) {
        if (e.resource?.resourceType !== p.type) continue
        noteReturned(ctx, e.resource)
        const back = asGenerated(e.resource, idMap)
        found.set(back.ref, back.resource)
      }
      const problems: string[] = []
      for (const s of list) {
        const back = found.get(s.ref)
        if (!back) {
          problems.push(`${s.ref} not found by \`_id\``)
          continue
        }
        problems.push(...mustSupportDiffs(p, s.ref, s.resource, back, 'found'))
      }
      expect(problems.length === 0, `expected ${list.length} ${p.type} claiming ${slug} to be found with their must-support elements unaltered: ${problems.slice(0, 3).join('; ')}`)
    },
  }
}
