// Search at type level (GET and POST _search): criteria planned into SQL, sort, totals on request,
// snapshot paging, _include/_revinclude (with :iterate), _summary/_elements (R4 search).
import { badRequest, gone, OutcomeError } from '../../lib/outcomes.js'
import { parseSearch, SearchError, typeTest, type Include, type ParsedSearch } from '../search/query.js'
import type { Resource, Store, StoredResource } from '../store/store.js'
import { cut } from '../../lib/text.js'
import { pageLinks, unpage } from './paging.js'
import { mayTouch } from './scope-enforcement.js'
import { snapshotsOf, takeSnapshot } from './snapshots.js'
import { subset } from './subset.js'
import { isStrong } from '../store/index-lag.js'
import { MAX_CHAIN_RESULTS, refuseUnsupported } from '../search/healthlake-limits.js'
import { faultsOf, typeOf, variantsOf, type Env, type FhirRequest, type Reply } from './types.js'
import { withoutProfileElement } from '../faults/us-core.js'
import { PID, SEARCHABLE } from '../store/schema.js'
import { paramsFor } from '../search/registry.js'
import { STATUS_SEARCH } from '../../lib/us-core/status.js'

export function searchType(env: Env, req: FhirRequest): Reply {
  const type = typeOf(req)
  const params = unpage(new URLSearchParams(req.query))
  if (req.method === 'POST') {
    const ct = req.headers['content-type'] ?? ''
    if (!ct.startsWith('application/x-www-form-urlencoded')) throw new OutcomeError(415, 'not-supported', 'POST _search needs application/x-www-form-urlencoded')
    if (!faultsOf(env).has('search-post-body-ignored')) for (const [k, v] of new URLSearchParams(typeof req.body === 'string' ? req.body : '')) params.append(k, v)
  }
  params.delete('_format')
  // Paging reads the snapshot the first page took, so writes during paging neither skip nor repeat matches.
  const snapshotKey = params.get('_snapshot')
  params.delete('_snapshot')
  const strict = /handling=strict/.test(req.headers.prefer ?? '') && !faultsOf(env).has('search-strict-ignored')
  let q: ParsedSearch
  try {
    // page-size-100: HealthLake's page limit, a larger _count (or _count=0) refused as invalid.
    refuseAsConfigured(env, type, params)
    const pageLimit = variantsOf(env).has('page-size-100')
    const chainLimit = variantsOf(env).has('healthlake-search')
      ? {
          max: MAX_CHAIN_RESULTS,
          count: (sql: string, args: unknown[]) =>
            env.store.db
              .prepare(sql)
              .pluck()
              .get(...args) as number,
        }
      : undefined
    q = parseSearch(type, params, {
      strict,
      maxCount: pageLimit ? 100 : env.maxCount,
      countOverMax: pageLimit ? 'refuse' : 'cap',
      now: env.now?.(),
      faults: env.faults,
      chainLimit,
    })
    if (faultsOf(env).has('search-count-ignored') && q.summary !== 'count') q.count = 20
  } catch (err) {
    if (err instanceof SearchError) throw badRequest(err.message)
    throw err
  }
  const db = env.store.db
  const { where, args } = plan(db, type, q, req.restrict ?? [])
  // eventual-search: resources whose index update is pending are left out unless the search asks for strong.
  const pending = env.store.indexLag && (!isStrong(req.headers) || faultsOf(env).has('strong-consistency-ignored')) ? env.store.indexLag.hidden(type) : []
  if (pending.length) {
    where.push('r.id NOT IN (SELECT value FROM json_each(?))')
    args.push(JSON.stringify(pending))
  }
  // One pass finds every match in order; the total is its length and the page is a slice.
  // (A separate count(*) would filter everything twice.)
  // `+` keeps SQLite from walking the lastUpdated index to avoid a sort: the criteria drive.
  const faults = faultsOf(env)
  // search-unstable-sort: ties after the _sort keys broken one way on even pages, the other on odd.
  const unstable = faults.has('search-unstable-sort') && q.sort.length > 0 && Math.floor(q.offset / Math.max(q.count, 1)) % 2 === 1
  const order = [
    ...q.sort.map((k) => `${k.sql} IS NULL, ${k.sql} ${k.desc ? 'DESC' : 'ASC'}`),
    ...(unstable ? ['+r.last_updated_ms DESC', 'r.id DESC'] : ['+r.last_updated_ms', 'r.id']),
  ]
  if (faults.has('search-deleted-visible')) where.splice(where.indexOf('r.deleted = 0'), 1)
  const orderArgs = q.sort.flatMap((k) => [...k.args, ...k.args])
  // cursor-paging: Bundle.total on every searchset, asked for or not (it is optional either way).
  const wantTotal = q.total === 'accurate' || q.summary === 'count' || variantsOf(env).has('cursor-paging')
  const useSnapshots = !faults.has('search-unstable-sort')
  let snapshot = snapshotKey && useSnapshots ? snapshotsOf(env).get(snapshotKey) : undefined
  if (snapshotKey && useSnapshots && !snapshot) throw gone(`search snapshot ${snapshotKey} (it expired; search again)`)
  const ids = snapshot
    ? snapshot.ids
    : wantTotal
      ? (db
          .prepare(`SELECT r.id FROM resources r WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')}`)
          .pluck()
          .all(...args, ...orderArgs) as string[])
      : (db
          .prepare(`SELECT r.id FROM resources r WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`)
          .pluck()
          .all(...args, ...orderArgs, q.count + 1, q.offset) as string[])
  const total = wantTotal ? ids.length + (faults.has('search-wrong-total') ? 1 : 0) : undefined
  const window = wantTotal || snapshot ? ids.slice(q.offset, q.offset + q.count + 1) : ids
  let hasNext = q.count > 0 && window.length > q.count
  if (hasNext && faults.has('search-last-page-dropped') && wantTotal && ids.length <= q.offset + 2 * q.count) hasNext = false
  if (!snapshot && hasNext && wantTotal && useSnapshots) snapshot = takeSnapshot(env, ids)
  const page = window
    .slice(0, q.count)
    .map((id) => env.store.read(type, id))
    .filter((s): s is StoredResource => s !== undefined && (!s.deleted || faults.has('search-deleted-visible')))
    .map((s) => JSON.parse(s.json) as Resource)
  // search-match-dropped: the first page leaves out its last match.
  if (faults.has('search-match-dropped') && q.offset === 0) page.pop()
  if (faults.has('uscore-must-support-dropped')) page.forEach((r, i) => (page[i] = withoutProfileElement(r, 'mustSupport') as Resource))
  const wantedIncludes = q.includes.filter((i) => !faults.has(i.kind === 'include' ? 'search-includes-missing' : 'search-revinclude-missing'))
  const included = includes(env, page, wantedIncludes).filter((r) => mayTouch(env, req.access, r.resourceType, r.id as string, 'r'))
  const linkParams = new URLSearchParams(params)
  if (snapshot) linkParams.set('_snapshot', snapshot.key)
  const links = pageLinks(`${env.base}${type}`, linkParams, q.count, q.offset, hasNext, variantsOf(env).has('cursor-paging'))
  const shape = (r: Resource) => ((q.summary && q.summary !== 'false') || q.elements ? subset(r, q.summary, q.elements) : r)
  const warnings = [
    ...(q.ignored.length ? [{ severity: 'warning', code: 'not-supported', diagnostics: `ignored search parameters: ${q.ignored.join(', ')}` }] : []),
    ...(q.cappedCount !== undefined
      ? [{ severity: 'warning', code: 'too-costly', diagnostics: `_count=${q.cappedCount} is over this server's maximum page of ${q.count}; pages hold ${q.count}` }]
      : []),
  ]
  const outcomeEntry = warnings.length ? [{ resource: { resourceType: 'OperationOutcome', issue: warnings }, search: { mode: 'outcome' } }] : []
  return {
    status: 200,
    body: {
      resourceType: 'Bundle',
      type: 'searchset',
      ...(total !== undefined ? { total } : {}),
      link: links,
      entry: [
        ...page.map((r) => ({ fullUrl: `${env.base}${type}/${r.id}`, resource: shape(r), search: { mode: 'match' } })),
        ...included.map((r) => ({ fullUrl: `${env.base}${r.resourceType}/${r.id}`, resource: shape(r), search: { mode: 'include' } })),
        ...outcomeEntry,
      ],
    },
  }
}

/**
 * The WHERE clause for a search: the most selective simple criterion (estimated by counting at
 * most 500 of its index rows) drives as `rid IN (…)`; the other simple ones are checked per row
 * with EXISTS on the (rid, code) index; the caller's restrictions follow. Without statistics
 * SQLite would materialise every list.
 */
function plan(db: Store['db'], type: string, q: ParsedSearch, restrict: Array<{ sql: string; args: unknown[] }>): { where: string[]; args: unknown[] } {
  const simple = q.criteria.filter((c) => c.sub && c.exists)
  let driver = simple[0]
  if (simple.length > 1) {
    let best = Infinity
    for (const c of simple) {
      const n = (db.prepare(`SELECT count(*) AS n FROM (${c.sub} LIMIT 500)`).get(...c.args) as { n: number }).n
      if (n < best) {
        best = n
        driver = c
      }
    }
  }
  // Restrictions (a patient's compartment) come last; one can hand over the keys when no criterion does.
  const sql = [...q.criteria.map((c) => (c !== driver && c.exists !== undefined ? c.exists : c.sql)), ...restrict.map((r) => r.sql)]
  const args = [type, ...q.criteria.flatMap((c) => c.args), ...restrict.flatMap((r) => r.args)]
  const keyed = sql.map((x) => ({ sql: x }))
  return { where: [typeTest('r', keyed), 'r.deleted = 0', SEARCHABLE, ...sql], args }
}

/** _include / _revinclude for a page, with :iterate applied up to 4 rounds; never the matches twice. */
function includes(env: Env, page: Resource[], specs: Include[]): Resource[] {
  if (specs.length === 0 || page.length === 0) return []
  const seen = new Set(page.map((r) => `${r.resourceType}/${r.id}`))
  const out: Resource[] = []
  let frontier = page
  for (let round = 0; round < 4 && frontier.length; round++) {
    const next: Resource[] = []
    for (const spec of specs) {
      if (round > 0 && !spec.iterate) continue
      const keys = include(env, spec, frontier)
      for (const key of keys) {
        if (seen.has(key)) continue
        seen.add(key)
        const [t, id = ''] = cut(key, '/')
        const s = env.store.read(t, id)
        if (!s || s.deleted) continue
        const r = JSON.parse(s.json) as Resource
        out.push(r)
        next.push(r)
      }
    }
    frontier = next
  }
  return out
}

function include(env: Env, spec: Include, from: Resource[]): string[] {
  const db = env.store.db
  const keys: string[] = []
  if (spec.kind === 'include') {
    const ids = from.filter((r) => r.resourceType === spec.sourceType).map((r) => r.id as string)
    if (ids.length === 0) return []
    const rows = db
      .prepare(
        `SELECT ref.target_type AS t, ref.target_id AS i FROM resources r JOIN sp_reference ref INDEXED BY sp_reference_r ON ref.rid = r.rid AND ref.pid = ${PID} WHERE r.type = ? AND r.id IN (SELECT value FROM json_each(?)) AND ref.target_id IS NOT NULL${spec.targetType ? ' AND ref.target_type = ?' : ''}`,
      )
      .all(spec.sourceType, spec.param, spec.sourceType, JSON.stringify(ids), ...(spec.targetType ? [spec.targetType] : [])) as Array<{ t: string; i: string }>
    for (const r of rows) keys.push(`${r.t}/${r.i}`)
  } else {
    for (const targetType of new Set(from.map((r) => r.resourceType))) {
      const ids = from.filter((r) => r.resourceType === targetType).map((r) => r.id as string)
      const rows = db
        .prepare(
          `SELECT r.id AS i FROM sp_reference ref JOIN resources r ON r.rid = ref.rid AND r.deleted = 0 WHERE ref.pid = ${PID} AND ref.target_type = ? AND ref.target_id IN (SELECT value FROM json_each(?))`,
        )
        .all(spec.sourceType, spec.param, targetType, JSON.stringify(ids)) as Array<{ i: string }>
      for (const r of rows) keys.push(`${spec.sourceType}/${r.i}`)
    }
  }
  return keys
}

/** What a variant's server refuses: healthlake-search, HealthLake's documented search subset (what it lacks); us-core-status-required; single-value-references. */
function refuseAsConfigured(env: Env, type: string, params: URLSearchParams) {
  if (variantsOf(env).has('healthlake-search')) refuseUnsupported(params)
  requireStatus(env, type, params)
  if (variantsOf(env).has('single-value-references')) refuseReferenceLists(type, params)
}

/** single-value-references: a reference parameter (or the first link of a chain) with a comma list of values is refused. */
function refuseReferenceLists(type: string, params: URLSearchParams) {
  const defs = paramsFor(type)
  for (const [name, value] of params) {
    if (name.startsWith('_')) continue
    const base = name.split('.')[0]?.split(':')[0] ?? name
    if (defs.get(base)?.type === 'reference' && /(?<!\\),/.test(value)) throw new SearchError(`\`${name}\` takes one reference here, not a comma list`)
  }
}

/**
 * us-core-status-required: a patient search of a type with a status names one, or is refused with
 * 400 and an OperationOutcome, as US Core lets a server do. status-required-with-status-refused:
 * refused even with the status given.
 */
function requireStatus(env: Env, type: string, params: URLSearchParams) {
  const faulty = faultsOf(env).has('status-required-with-status-refused')
  const s = STATUS_SEARCH[type]
  if (!s || !(variantsOf(env).has('us-core-status-required') || faulty) || !params.has('patient')) return
  if (faulty || !params.has(s.param)) throw badRequest(`${type} searches by patient need \`${s.param}\` here: add ${s.param}=${s.values.join(',')} for every ${type}`)
}
