import { readInputJson } from '../expect.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, skip, type Check } from '../check.js'
import type { CheckContext } from '../context.js'
import { chunks, openDataset } from '../../lib/seed/dataset.js'
import { seedDataset } from '../../lib/seed/seed.js'
import { idMapFromTarget, targetAssignsIds, type IdMap } from '../../lib/seed/server-ids.js'
import { pageOf, SPEC } from './shared.js'
import { PROFILES } from '../../profiles/index.js'
import { nth, settled } from '../settle.js'

interface Truth {
  name: string
  query: string
  match: string[]
  include: string[]
}

/** The dataset's ground truth and every `Type/id` it holds; the dataset seeded first unless --no-seed. */
async function loaded(ctx: CheckContext): Promise<{ truths: Truth[]; ids: Set<string>; idMap?: IdMap }> {
  if (!ctx.dataset) skip('needs a generated dataset (--data DIR)')
  const manifest = readInputJson(readFileSync(join(ctx.dataset, 'manifest.json'), 'utf8'), 'manifest.json') as { groundTruth?: Truth[] }
  const truths = manifest.groundTruth ?? []
  if (truths.length === 0) skip('the dataset has no ground-truth queries')
  const ds = openDataset(ctx.dataset)
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
function chainsOrHas(query: string): boolean {
  return (query.split('?')[1] ?? '').split('&').some((p) => {
    const name = p.split('=')[0] ?? ''
    return name.startsWith('_has:') || (!name.startsWith('_') && name.includes('.'))
  })
}

/** A query with the dataset's ids replaced by the target's (identifier values, `urn:uuid:…`, stay as generated). */
function toTargetIds(query: string, idMap: IdMap | undefined, flat: Map<string, string>): string {
  if (!idMap) return query
  return query.replace(/(?<!uuid:|uuid%3A)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, (id) => flat.get(id) ?? id)
}

export const check: Check = {
  id: 'SE-30',
  title: "Every ground-truth query of the dataset finds all its expected resources and none of the dataset's others",
  description: `For each query in the generated dataset's \`groundTruth\` — every parameter type, prefixes, modifiers, chains, \`_has\`, \`_include\`/\`_revinclude\` — following every \`next\` link returns each expected id (completeness), no other resource of the dataset (correctness; resources not from the dataset are ignored), and every expected include ([R4 search](${SPEC})).`,
  verifies: ['FHIR-SEARCH-17'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const { truths, ids, idMap } = await loaded(ctx)
    // With ids the target assigned: queries are sent with its ids, and what it answers is read back as the dataset's.
    const flat = new Map([...(idMap ?? [])].map(([key, id]) => [key.slice(key.indexOf('/') + 1), id]))
    const generatedOf = new Map([...(idMap ?? [])].map(([key, id]) => [`${key.split('/')[0]}/${id}`, key]))
    const back = (ref: string) => (idMap ? (generatedOf.get(ref) ?? `${ref.split('/')[0]}/?${ref.slice(ref.indexOf('/') + 1)}`) : ref)
    const problems: string[] = []
    // Large pages (the target may hold far more than the dataset), within what its profile documents.
    const pageSize = Math.min(200, PROFILES[ctx.target.profile].limits?.maxPageSize?.value ?? 200)
    // A profile that documents a limit on chained and _has searches (HealthLake: more than 100
    // results at any level fails the search) may refuse such a query on a large dataset: that is
    // its documented behaviour, not a wrong answer.
    const chainLimit = PROFILES[ctx.target.profile].limits?.maxChainResults?.value
    for (const t of truths) {
      const matches = new Set<string>()
      const included = new Set<string>()
      const query = toTargetIds(t.query, idMap, flat)
      const first = /[?&]_count=/.test(query) ? query : `${query}&_count=${pageSize}`
      let page = pageOf(await ctx.exchange(`gt-${t.name}-0`, 'GET', first, { accept: 'application/fhir+json' }))
      // A server may refuse a page larger than its own maximum: the query is asked again at its default page size.
      if (page.status === 400 && first !== query) page = pageOf(await ctx.exchange(`gt-${t.name}-0-default-page`, 'GET', query, { accept: 'application/fhir+json' }))
      if (page.status !== 200) {
        if (!(page.status === 400 && chainLimit !== undefined && chainsOrHas(t.query))) problems.push(`\`${t.query}\` answered HTTP ${page.status}`)
        continue
      }
      for (let i = 1; ; i++) {
        page.ids.map(back).forEach((r) => matches.add(r.slice(r.indexOf('/') + 1)))
        page.included.map(back).forEach((r) => included.add(r))
        if (!page.next || i > 500) break
        page = pageOf(await ctx.exchange(`gt-${t.name}-${i}`, 'GET', page.next, { accept: 'application/fhir+json' }))
      }
      const type = t.query.split('?')[0]
      const missing = t.match.filter((id) => !matches.has(id))
      const extra = [...matches].filter((id) => !t.match.includes(id) && ids.has(`${type}/${id}`))
      const missingIncludes = t.include.filter((ref) => !included.has(ref))
      if (missing.length) problems.push(`\`${t.query}\` missed ${missing.length} of ${t.match.length} (e.g. ${type}/${missing[0]})`)
      if (extra.length) problems.push(`\`${t.query}\` also answered ${extra.length} that do not match (e.g. ${type}/${extra[0]})`)
      if (missingIncludes.length) problems.push(`\`${t.query}\` lacked ${missingIncludes.length} included (e.g. ${missingIncludes[0]})`)
    }
    expect(problems.length === 0, `${problems.length} of ${truths.length} ground-truth queries wrong: ${problems.slice(0, 3).join('; ')}`)
  },
}
