// The generated dataset's ground truth on the target: the dataset seeded once per run (whichever
// suite asks first; the others wait for the same seeding), the ids the target assigned where it
// assigns its own, and the queries with their expected answers. SE-30 judges every query; the
// interop suite walks one of them page by page as an application would.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readInputJson } from '../expect.js'
import { skip } from '../check.js'
import type { CheckContext } from '../context.js'
import type { TargetClient } from '../../lib/target/client.js'
import { chunks, openDataset } from '../../lib/seed/dataset.js'
import { seedDataset } from '../../lib/seed/seed.js'
import { idMapFromTarget, targetAssignsIds, type IdMap } from '../../lib/seed/server-ids.js'
import { pageOf } from './shared.js'
import { nth, settled } from '../settle.js'
import { PROFILES } from '../../profiles/index.js'
import { withEveryStatus } from '../../lib/us-core/status.js'
import { isOutcome } from '../transactions/shared.js'

export interface Truth {
  name: string
  query: string
  match: string[]
  include: string[]
}

export interface Loaded {
  truths: Truth[]
  ids: Set<string>
  idMap?: IdMap
}

/** One loading per run (the suites of a run share its client) and dataset. */
const runs = new WeakMap<TargetClient, Map<string, Promise<Loaded>>>()

/** The dataset's ground truth and every `Type/id` it holds; the dataset seeded first unless --no-seed. */
export function loaded(ctx: CheckContext): Promise<Loaded> {
  if (!ctx.dataset) skip('needs a generated dataset (--data DIR)')
  let byData = runs.get(ctx.client)
  if (!byData) runs.set(ctx.client, (byData = new Map()))
  const key = `${ctx.dataset}\n${ctx.seedData}`
  let p = byData.get(key)
  if (!p) byData.set(key, (p = load(ctx)))
  return p
}

async function load(ctx: CheckContext): Promise<Loaded> {
  const dataset = ctx.dataset ?? ''
  const manifest = readInputJson(readFileSync(join(dataset, 'manifest.json'), 'utf8'), 'manifest.json') as { groundTruth?: Truth[] }
  const truths = manifest.groundTruth ?? []
  if (truths.length === 0) skip('the dataset has no ground-truth queries')
  const ds = openDataset(dataset)
  const ids = new Set<string>()
  for await (const c of chunks(ds, 1000)) for (const r of c.resources) ids.add(`${r.type}/${r.id}`)
  let idMap: IdMap | undefined
  if (ctx.seedData) {
    const seeded = await ctx.call('ground-truth-seed', { method: 'seed (batch PUT by id, or transaction POSTs where the target assigns ids)', url: ctx.client.base }, () =>
      seedDataset(ctx.client, ds, { via: 'batch', concurrency: 4, bundleSize: 100 }),
    )
    if (seeded.error) skip(`seeding the dataset failed: ${seeded.error}`)
    const [first] = seeded.value?.errors ?? []
    if (first) skip(`seeding the dataset failed for ${seeded.value?.errors.length} resources (first: ${first.type}/${first.id} ${first.status})`)
    idMap = seeded.value?.idMap
    await searchCaughtUp(ctx, ids, idMap)
  } else if ((await targetAssignsIds(ctx.client)).assigns) {
    // Seeded by an earlier run into a target that assigns ids: its ids are found through the source identifiers.
    const found = await ctx.call('ground-truth-id-map', { method: 'GET [type]?identifier=urn:ietf:rfc:3986|… (the id map)', url: ctx.client.base }, () =>
      idMapFromTarget(ctx.client, ds),
    )
    if (found.error) skip(`finding the dataset's resources by identifier failed: ${found.error}`)
    idMap = found.value
  }
  return { truths, ids, ...(idMap ? { idMap } : {}) }
}

/**
 * After seeding, waits (within --settle) until search shows the last resources written of every
 * type: an eventually consistent index shows the latest writes last (suites/settle.ts).
 */
async function searchCaughtUp(ctx: CheckContext, ids: Set<string>, idMap: IdMap | undefined): Promise<void> {
  const latest = new Map<string, string[]>()
  for (const ref of ids) {
    const [type = '', id = ''] = ref.split('/')
    const list = latest.get(type) ?? []
    list.push(idMap?.get(ref) ?? id)
    if (list.length > 20) list.shift()
    latest.set(type, list)
  }
  const missing = async (n: number) => {
    let short = 0
    for (const [type, list] of latest) {
      const page = pageOf(await ctx.exchange(nth(`gt-settle-${type}`, n), 'GET', `${type}?_id=${list.join(',')}&_count=${list.length}`, { accept: 'application/fhir+json' }))
      short += list.length - page.ids.length
    }
    return short
  }
  await settled(ctx, missing, (short) => short === 0)
}

/** Does the query chain a reference (`encounter.class=`) or use `_has`? */
export function chainsOrHas(query: string): boolean {
  return (query.split('?')[1] ?? '').split('&').some((p) => {
    const name = p.split('=')[0] ?? ''
    return name.startsWith('_has:') || (!name.startsWith('_') && name.includes('.'))
  })
}

/** A query with the dataset's ids replaced by the target's (identifier values, `urn:uuid:…`, stay as generated). */
export function toTargetIds(query: string, idMap: IdMap | undefined, flat: Map<string, string>): string {
  if (!idMap) return query
  return query.replace(/(?<!uuid:|uuid%3A)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, (id) => flat.get(id) ?? id)
}

/** Parameters that shape the answer rather than select it: their comma lists (`_sort=a,b`) are not ORs. */
export const SHAPING = new Set(['_include', '_revinclude', '_count', '_sort', '_total', '_summary', '_elements', '_contained', '_containedType'])

/** Most single-value queries one ground-truth query is asked as (its OR lists multiplied out). */
const MAX_ALTERNATIVES = 400
/** Single-value queries of one list in flight at once. */
const OR_CONCURRENCY = 4

/**
 * A query with its comma lists (ORs: `patient=Patient/a,Patient/b`) asked one value at a time:
 * the queries whose answers, together, are the query's answer. Whether a server takes a comma list
 * for a parameter is its choice (R4 SearchParameter.multipleOr; US Core gives `patient`, `_id`,
 * `name` and most others MAY), so a check of what a parameter finds asks single values, except
 * for the parameters `keep` names. An escaped comma (`\,`) is part of its value.
 */
export function orAlternatives(query: string, keep: (param: string) => boolean = () => false): string[] {
  const at = query.indexOf('?')
  if (at < 0) return [query]
  let alternatives = ['']
  for (const part of query.slice(at + 1).split('&')) {
    const eq = part.indexOf('=')
    const name = eq < 0 ? part : part.slice(0, eq)
    const base = name.split(':')[0] ?? name
    const values = eq < 0 || SHAPING.has(base) || keep(base) ? [eq < 0 ? undefined : part.slice(eq + 1)] : part.slice(eq + 1).split(/(?<!\\|%5C)(?:,|%2C)/i)
    const next: string[] = []
    for (const a of alternatives) for (const v of values) next.push(`${a}${a ? '&' : ''}${v === undefined ? name : `${name}=${v}`}`)
    if (next.length > MAX_ALTERNATIVES) return [query]
    alternatives = next
  }
  return alternatives.map((a) => `${query.slice(0, at)}?${a}`)
}

/**
 * One ground-truth query asked of the target, every page followed: what it missed, what it answered
 * that does not match (resources not from the dataset are ignored) and the includes it lacked, each
 * as a line (none: the answer is right). `onPage` sees each page's body (what the server returned).
 * A comma list is asked one value at a time and the answers joined (orAlternatives), except for
 * the parameters `keepOr` names: SE-15 is the check of the comma list itself.
 */
export async function judgeTruth(ctx: CheckContext, t: Truth, data: Loaded, onPage?: (body: string) => void, keepOr?: (param: string) => boolean): Promise<string[]> {
  const { ids, idMap } = data
  // With ids the target assigned: queries are sent with its ids, and what it answers is read back as the dataset's.
  const flat = new Map([...(idMap ?? [])].map(([key, id]) => [key.slice(key.indexOf('/') + 1), id]))
  const generatedOf = new Map([...(idMap ?? [])].map(([key, id]) => [`${key.split('/')[0]}/${id}`, key]))
  const back = (ref: string) => (idMap ? (generatedOf.get(ref) ?? `${ref.split('/')[0]}/?${ref.slice(ref.indexOf('/') + 1)}`) : ref)
  // Large pages (the target may hold far more than the dataset), within what its profile documents.
  const pageSize = Math.min(200, PROFILES[ctx.target.profile].limits?.maxPageSize?.value ?? 200)
  // A profile that documents a limit on chained and _has searches (HealthLake: more than 100
  // results at any level fails the search) may refuse such a query on a large dataset: that is
  // its documented behaviour, not a wrong answer.
  const chainLimit = PROFILES[ctx.target.profile].limits?.maxChainResults?.value
  const matches = new Set<string>()
  const included = new Set<string>()
  const alternatives = orAlternatives(t.query, keepOr)
  /** One query asked, every page followed: undefined when answered, null when refused as the profile documents, else the problem. */
  const ask = async (k: number, asked: string): Promise<string | null | undefined> => {
    const name = alternatives.length > 1 ? `gt-${t.name}-or${k}` : `gt-${t.name}`
    const query = toTargetIds(asked, idMap, flat)
    const first = /[?&]_count=/.test(query) ? query : `${query}&_count=${pageSize}`
    let ex = await ctx.exchange(`${name}-0`, 'GET', first, { accept: 'application/fhir+json' })
    let page = pageOf(ex)
    // A server may refuse a page larger than its own maximum: the query is asked again at its default page size.
    if (page.status === 400 && first !== query) page = pageOf((ex = await ctx.exchange(`${name}-0-default-page`, 'GET', query, { accept: 'application/fhir+json' })))
    // A US Core server may require a status: refused with an OperationOutcome, the search is asked
    // again with every status value, which may restrict nothing (SE-18 judges the refusal itself).
    const everyStatus = withEveryStatus(first)
    if (page.status === 400 && everyStatus && isOutcome(ex.response?.body))
      page = pageOf((ex = await ctx.exchange(`${name}-0-every-status`, 'GET', everyStatus, { accept: 'application/fhir+json' })))
    if (page.status !== 200) {
      if (page.status === 400 && chainLimit !== undefined && chainsOrHas(t.query)) return null
      return alternatives.length > 1 ? `\`${asked}\` (one value of \`${t.name}\`'s list) answered HTTP ${page.status}` : `\`${t.query}\` answered HTTP ${page.status}`
    }
    for (let i = 1; ; i++) {
      if (ex.response) onPage?.(ex.response.body)
      page.ids.map(back).forEach((r) => matches.add(r.slice(r.indexOf('/') + 1)))
      page.included.map(back).forEach((r) => included.add(r))
      if (!page.next || i > 500) return undefined
      page = pageOf((ex = await ctx.exchange(`${name}-${i}`, 'GET', page.next, { accept: 'application/fhir+json' })))
    }
  }
  // The values of a list are asked a few at a time: a remote target's latency, not its load, is what a list of 40 costs.
  const outcomes: Array<string | null | undefined> = []
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(OR_CONCURRENCY, alternatives.length) }, async () => {
      for (let k = next++; k < alternatives.length; k = next++) outcomes[k] = await ask(k, alternatives[k]!)
    }),
  )
  if (outcomes.includes(null)) return []
  const refused = outcomes.find((o): o is string => typeof o === 'string')
  if (refused) return [refused]
  const type = t.query.split('?')[0]
  const missing = t.match.filter((id) => !matches.has(id))
  const extra = [...matches].filter((id) => !t.match.includes(id) && ids.has(`${type}/${id}`))
  const missingIncludes = t.include.filter((ref) => !included.has(ref))
  const problems: string[] = []
  if (missing.length) problems.push(`\`${t.query}\` missed ${missing.length} of ${t.match.length} (e.g. ${type}/${missing[0]})`)
  if (extra.length) problems.push(`\`${t.query}\` also answered ${extra.length} that do not match (e.g. ${type}/${extra[0]})`)
  if (missingIncludes.length) problems.push(`\`${t.query}\` lacked ${missingIncludes.length} included (e.g. ${missingIncludes[0]})`)
  return problems
}
