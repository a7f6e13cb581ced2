import type { Client } from 'fhir-kit-client'
import { expect, shown, skip, type Check } from '../check.js'
import { chainsOrHas, loaded, orAlternatives, toTargetIds, type Truth } from '../search/ground-truth.js'
import { SPEC } from '../search/shared.js'
import { PROFILES } from '../../profiles/index.js'
import { withEveryStatus } from '../../lib/us-core/status.js'
import { call, failed, KIT, LIB } from './shared.js'

type Page = {
  resourceType?: string
  entry?: Array<{ resource?: { resourceType?: string; id?: string }; search?: { mode?: string } }>
  link?: Array<{ relation?: string; url?: string }>
}

/** The most pages it walks, whatever the server links to. */
const MAX_PAGES = 200

/**
 * The plainest ground-truth query with the most matches: no chain, `_has`, include or sort of its
 * own, and no comma list (whether a server takes one is its choice: orAlternatives).
 */
function widest(truths: Truth[]): Truth | undefined {
  const plain = truths.filter(
    (t) => t.include.length === 0 && !chainsOrHas(t.query) && !/[?&]_(include|revinclude|sort|count|summary|elements)/.test(t.query) && orAlternatives(t.query).length === 1,
  )
  return plain.reduce<Truth | undefined>((best, t) => (t.match.length > (best?.match.length ?? 0) ? t : best), undefined)
}

/** `a=1&b=2&b=3` as fhir-kit-client's searchParams ({ a: '1', b: ['2', '3'] }). */
function paramsOf(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [k, v] of new URLSearchParams(query)) {
    const had = out[k]
    out[k] = had === undefined ? v : [...(Array.isArray(had) ? had : [had]), v]
  }
  return out
}

const matchesOf = (page: Page, type: string) => (page.entry ?? []).filter((e) => e.resource?.resourceType === type && e.search?.mode !== 'include').map((e) => e.resource?.id ?? '')

export const check: Check = {
  id: 'IO-09',
  title: 'fhir-kit-client walks a multi-page search with nextPage() to the end and finds every expected resource',
  description: `An app calls [${LIB}](${KIT})'s \`search()\` with the dataset's ground-truth query that has the most matches, at a page size that makes at least three pages, and follows \`nextPage()\` until there is no \`next\` link: every expected id comes back, none twice. Where the last page links \`previous\`, \`prevPage()\` walks back to the first page over the same resources ([R4 search, paging](${SPEC}#count)).`,
  verifies: ['FHIR-SEARCH-5', 'FHIR-SEARCH-17'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const { truths, idMap } = await loaded(ctx)
    const truth = widest(truths)
    if (!truth || truth.match.length < 3) skip('the dataset has no plain ground-truth query with three or more matches')
    const flat = new Map([...(idMap ?? [])].map(([key, id]) => [key.slice(key.indexOf('/') + 1), id]))
    const [type = '', query = ''] = toTargetIds(truth.query, idMap, flat).split('?')
    const back = new Map([...flat].map(([generated, assigned]) => [assigned, generated]))
    const max = PROFILES[ctx.target.profile].limits?.maxPageSize?.value ?? 100
    const size = Math.max(1, Math.min(max, Math.ceil(truth.match.length / 3)))
    const walk = async (c: Client, direction: 'next' | 'previous', from: Page) => {
      const pages: Page[] = [from]
      for (let page = from; pages.length < MAX_PAGES;) {
        const further = (direction === 'next' ? c.nextPage({ bundle: page as never }) : c.prevPage({ bundle: page as never })) as Promise<Page> | undefined
        if (!further) break
        pages.push((page = await further))
      }
      return pages
    }
    // A US Core server may require a status (400 with an OperationOutcome): the app asks again with every status value.
    const everyStatus = withEveryStatus(`${type}?${query}`)
    const first = async (c: Client) => {
      try {
        return (await c.search({ resourceType: type, searchParams: { ...paramsOf(query), _count: size } })) as Page
      } catch (err) {
        const refused = (err as { response?: { status?: number; data?: { resourceType?: string } } }).response
        if (!everyStatus || refused?.status !== 400 || refused.data?.resourceType !== 'OperationOutcome') throw err
        return (await c.search({ resourceType: type, searchParams: { ...paramsOf(everyStatus.split('?')[1] ?? ''), _count: size } })) as Page
      }
    }
    const r = await call(ctx, 'io-paging', async (c) => walk(c, 'next', await first(c)))
    expect(!r.error && r.value, `expected ${LIB} to walk \`${truth.query}\` (_count=${size}) with nextPage() to the end; ${failed(r)}`)
    const pages = r.value
    const ids = pages.flatMap((p) => matchesOf(p, type)).map((id) => back.get(id) ?? id)
    const missing = truth.match.filter((id) => !ids.includes(id))
    expect(
      missing.length === 0,
      `expected all ${truth.match.length} matches of \`${truth.query}\` over nextPage(), missed ${missing.length} (e.g. ${type}/${missing[0]}) in ${pages.length} pages`,
    )
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i)
    expect(twice.length === 0, `expected each match once over nextPage(), got ${shown(twice.slice(0, 3))} twice in ${pages.length} pages`)
    const last = pages[pages.length - 1] ?? {}
    if (pages.length < 2 || !(last.link ?? []).some((l) => /^prev(ious)?$/.test(l.relation ?? ''))) return
    const back2 = await call(ctx, 'io-paging-back', (c) => walk(c, 'previous', last))
    expect(!back2.error && back2.value, `expected ${LIB} to walk back with prevPage() from the last page; ${failed(back2)}`)
    const again = new Set(back2.value.flatMap((p) => matchesOf(p, type)))
    const lost = pages.flatMap((p) => matchesOf(p, type)).filter((id) => !again.has(id))
    expect(lost.length === 0, `expected prevPage() to walk back over the same ${ids.length} matches, missed ${lost.length} (e.g. ${type}/${lost[0]})`)
  },
}
