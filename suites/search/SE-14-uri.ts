// SE-14, uri search: one family, two rules of R4 search §uri. SE-14-uri: a uri parameter matches
// the whole URI, case-sensitively, and `:below` the URIs under it. SE-14-version: on the canonical
// url of a conformance resource, a trailing `|version` searches on the version (SHOULD).
import { expect, shown, skip, type Check } from '../check.js'
import type { CheckContext } from '../context.js'
import { createdId } from '../fhir.js'
import { nth, settled } from '../settle.js'
import { FHIR_JSON } from '../transactions/shared.js'
import { pageOf, SPEC } from './shared.js'

const KEYS = ['v1', 'v2', 'longer'] as const
type Key = (typeof KEYS)[number]
interface Written {
  /** The canonical url the first two share (versions 1.0.0 and 2.0.0); `longer` extends it. */
  url: string
  ref: Record<Key, string>
}

const cache = new WeakMap<CheckContext, Promise<Written>>()

/** Three ValueSets of the run's own: `url` at versions 1.0.0 and 2.0.0, and `url` with more after it. */
function written(ctx: CheckContext): Promise<Written> {
  let p = cache.get(ctx)
  if (!p) {
    p = (async () => {
      const url = `https://shoreline.invalid/fhir/${ctx.runTag.code}/ValueSet/se14`
      const bodies: Record<Key, Record<string, unknown>> = {
        v1: { url, version: '1.0.0' },
        v2: { url, version: '2.0.0' },
        longer: { url: `${url}-longer`, version: '1.0.0' },
      }
      const ref = {} as Record<Key, string>
      for (const k of KEYS) {
        const body = ctx.tagged({ resourceType: 'ValueSet', status: 'draft', name: `ShorelineSE14${k}`, ...bodies[k] })
        const ex = await ctx.exchange(`se14-create-${k}`, 'POST', 'ValueSet', FHIR_JSON, { body: JSON.stringify(body) })
        if (ex.response?.status !== 201) skip(`creating a ValueSet answered ${ex.response?.status ?? ex.error}`)
        const id = createdId(ctx, ex, 'ValueSet')
        ref[k] = `ValueSet/${id}`
      }
      // Search may index them later (eventual consistency): asked again, within --settle, until all three show.
      const ids = KEYS.map((k) => ref[k].slice('ValueSet/'.length)).join(',')
      await settled(
        ctx,
        async (n) => pageOf(await ctx.exchange(nth('se14-visible', n), 'GET', `ValueSet?_id=${ids}`)).ids.length,
        (found) => found >= KEYS.length,
      )
      return { url, ref }
    })()
    cache.set(ctx, p)
  }
  return p
}

/** The ValueSets of this run that `query` finds (the run's tag added), or the status it was refused with. */
async function found(ctx: CheckContext, name: string, query: string): Promise<{ status: number; refs: string[] }> {
  const tag = `${ctx.runTag.system}|${ctx.runTag.code}`
  const page = pageOf(await ctx.exchange(name, 'GET', `ValueSet?${query}&_tag=${encodeURIComponent(tag)}`))
  return { status: page.status, refs: [...page.ids].sort() }
}

async function expectFound(ctx: CheckContext, name: string, query: string, want: string[]): Promise<void> {
  const r = await found(ctx, name, query)
  expect(r.status === 200, `expected 200 for \`ValueSet?${decodeURIComponent(query)}\`, got ${r.status}`)
  const sorted = [...want].sort()
  expect(JSON.stringify(r.refs) === JSON.stringify(sorted), `expected ${shown(sorted)} for \`ValueSet?${decodeURIComponent(query)}\`, got ${shown(r.refs)}`)
}

const needs = [
  { interaction: 'create' as const, type: 'ValueSet' },
  { interaction: 'search-type' as const, type: 'ValueSet' },
  { searchParam: 'url', type: 'ValueSet' },
]

export const uriCheck: Check = {
  id: 'SE-14-uri',
  title: 'A uri parameter matches the whole URI, case-sensitively; :below matches the URIs under it',
  description: `By default a \`uri\` search matches the entire URI, precisely (case and escapes count); \`:below\` matches the URIs that start with the value ([R4 search, uri](${SPEC}#uri)). Three ValueSets are written: two at one canonical \`url\` (versions 1.0.0 and 2.0.0) and one whose \`url\` extends it. \`url=[url]\` must find the first two only (a prefix match would add the third), the same \`url\` with one letter's case changed none, and \`url:below=\` the folder all three (a server that refuses \`:below\` with a 4xx is not judged on it).`,
  verifies: ['FHIR-SEARCH-18'],
  level: 'SHALL',
  needs,
  writes: true,
  async run(ctx) {
    const { url, ref } = await written(ctx)
    await expectFound(ctx, 'se14-url-exact', `url=${encodeURIComponent(url)}`, [ref.v1, ref.v2])
    await expectFound(ctx, 'se14-url-case', `url=${encodeURIComponent(url.replace(/se14$/, 'SE14'))}`, [])
    const folder = url.slice(0, url.lastIndexOf('/') + 1)
    const below = await found(ctx, 'se14-url-below', `url:below=${encodeURIComponent(folder)}`)
    if (below.status >= 400 && below.status < 500) return
    await expectFound(ctx, 'se14-url-below', `url:below=${encodeURIComponent(folder)}`, [ref.v1, ref.v2, ref.longer])
  },
}

export const versionCheck: Check = {
  id: 'SE-14-version',
  title: 'A canonical url searched with |version finds that version only',
  description: `On the canonical \`url\` of a conformance resource, servers SHOULD read a trailing \`|[version]\` as a search on the version ([R4 search, uri](${SPEC}#uri)). Of two ValueSets at one \`url\`, \`url=[url]|2.0.0\` must find version 2.0.0 alone, and \`url=[url]|3.0.0\` nothing.`,
  verifies: ['FHIR-SEARCH-19'],
  level: 'SHOULD',
  needs,
  writes: true,
  async run(ctx) {
    const { url, ref } = await written(ctx)
    await expectFound(ctx, 'se14-url-version', `url=${encodeURIComponent(`${url}|2.0.0`)}`, [ref.v2])
    await expectFound(ctx, 'se14-url-version-none', `url=${encodeURIComponent(`${url}|3.0.0`)}`, [])
  },
}
