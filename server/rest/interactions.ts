// The FHIR REST interactions of the reference server, one function each, registered in a table
// (STYLE.md 14). They take a FhirRequest — from HTTP, or from a Bundle entry — so a transaction
// runs the very same code as a plain request. hl7.org/fhir/R4/http.html
import { randomBytes } from 'node:crypto'
import tableJson from '../../lib/validation/element-table.json' with { type: 'json' }
import { resourceTypes } from '../../lib/validation/element-walk.js'
import { badRequest, gone, notFound, OutcomeError, preconditionFailed } from '../../lib/outcomes.js'
import { parseSearch, SearchError, type Include, type ParsedSearch } from '../search/query.js'
import { paramsFor } from '../search/registry.js'
import type { Resource, Store, StoredResource } from '../store/store.js'
import { applyJsonPatch } from './json-patch.js'
import { validateResource } from '../../lib/validation/validator.js'
import { levelRejects, parseLevel, type ValidationLevel } from '../../lib/validation/levels.js'
import { restrictionsFor, type Access, type Restriction } from '../auth/guard.js'
import { permissionFor } from '../auth/scopes.js'
import { NO_FAULTS, type Faults } from '../faults/catalogue.js'

export interface FhirRequest {
  method: string
  /** Path below the base, split: ['Patient', '123', '_history', '2'] */
  parts: string[]
  query: URLSearchParams
  /** Lower-case header names. */
  headers: Record<string, string | undefined>
  /** Parsed JSON body (resource, Bundle, JSON Patch) or the raw text of a form. */
  body?: unknown
  /** What the caller's token allows (absent: no authorization in force). */
  access?: Access
  /** Rows a search may return, set by the guard from scopes (compartment, granular filters). */
  restrict?: Restriction[]
}

export interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/**
 * A resource's stored JSON text, passed through to the response as is: parsing it only to
 * serialise it again was a fifth of a transaction's time. `serialize` splices it in.
 */
export class RawJson {
  constructor(readonly text: string) {}
  parse(): Resource {
    return JSON.parse(this.text) as Resource
  }
}

/** JSON.stringify that writes RawJson values as their text. */
export function serialize(value: unknown): string {
  const raws: string[] = []
  // A nonce per call, so no string in the skeleton (a diagnostics text, say) can pose as a slot.
  const nonce = randomBytes(6).toString('hex')
  const skeleton = JSON.stringify(value, (_k, v) => (v instanceof RawJson ? `\u0000${nonce}:${raws.push(v.text) - 1}` : v))
  if (raws.length === 0) return skeleton
  return skeleton.replace(new RegExp(`"\\\\u0000${nonce}:(\\d+)"`, 'g'), (_m, i: string) => raws[Number(i)])
}

/** `Prefer: return=minimal` (R4 http §3.1.0.6): writes answer without the resource. */
function minimal(req: FhirRequest): boolean {
  return /return=minimal/.test(req.headers.prefer ?? '')
}

export interface Env {
  store: Store
  /** FHIR base URL ending in `/`. */
  base: string
  maxCount: number
  maxBundleEntries: number
  /** Validation of writes unless a request names another level in VALIDATION_HEADER. */
  validation: ValidationLevel
  now?: () => number
  /** Faults in force (server/faults/catalogue.ts); empty unless named. */
  faults?: Faults
  /** Registered $-operations: `[method, pattern, handler]` like ROUTES, e.g. bulk export. */
  operations?: Array<[string, string, Handler]>
  /** SMART endpoints for the CapabilityStatement's rest.security (absent: no SMART). */
  smart?: { authorize: string; token: string; introspect: string; revoke: string }
}

/** HealthLake's per-request validation level header. */
export const VALIDATION_HEADER = 'x-amzn-healthlake-fhir-validation-level'

function levelOf(env: Env, req: FhirRequest): ValidationLevel {
  const h = req.headers[VALIDATION_HEADER]
  if (h === undefined) return env.validation
  const level = parseLevel(h.trim())
  if (!level) throw badRequest(`${VALIDATION_HEADER} must be strict, structure-only or minimal, got ${JSON.stringify(h)}`)
  return level
}

/** Validates at the request's level, then writes: every create, update and patch goes through here. */
function write(env: Env, req: FhirRequest, resource: Resource, method: 'POST' | 'PUT' | 'PATCH') {
  const level = levelOf(env, req)
  const problems = validateResource(resource, { requireId: true }).filter((i) => levelRejects(level, i.rule))
  if (problems.length) {
    const err = new OutcomeError(400, 'invalid', `${resource.resourceType} fails ${level} validation: ${problems.map((p) => `[${p.rule}] ${p.path ?? ''} ${p.message}`.trim()).join('; ')}`)
    throw err
  }
  // write-drops-every-100th: acknowledged like any write, never stored.
  if (faultsOf(env).has('write-drops-every-100th') && (writeCount.set(env, (writeCount.get(env) ?? 0) + 1).get(env)! % 100 === 0)) {
    const now = new Date().toISOString()
    const before = resource.id ? env.store.read(resource.resourceType, resource.id) : undefined
    const version = (before?.version ?? 0) + 1
    const json = JSON.stringify({ ...resource, meta: { ...(resource.meta ?? {}), versionId: String(version), lastUpdated: now } })
    return { stored: { type: resource.resourceType, id: resource.id!, version, lastUpdated: now, deleted: false, json }, created: !before }
  }
  return env.store.put(resource, method)
}

const writeCount = new WeakMap<Env, number>()

export type Handler = (env: Env, req: FhirRequest) => Reply

const ID = /^[A-Za-z0-9\-.]{1,64}$/
const summaryTable = (tableJson as unknown as { summary: Record<string, string[]>; elements: Record<string, Record<string, [number, number, string, number?]>> })

/** [method, path pattern, handler]: `T` a resource type, `I` an id, `V` a version id. */
export const ROUTES: Array<[string, string, Handler]> = [
  ['GET', 'metadata', capabilities],
  ['POST', '', bundle],
  ['GET', '_history', systemHistory],
  ['GET', 'T', searchType],
  ['POST', 'T/_search', searchType],
  ['POST', 'T', create],
  ['PUT', 'T', conditionalUpdate],
  ['DELETE', 'T', conditionalDelete],
  ['GET', 'T/_history', typeHistory],
  ['GET', 'T/I', read],
  ['PUT', 'T/I', update],
  ['PATCH', 'T/I', patch],
  ['DELETE', 'T/I', remove],
  ['GET', 'T/I/_history', instanceHistory],
  ['GET', 'T/I/_history/V', vread],
]

export function dispatch(env: Env, req: FhirRequest): Reply {
  const [handler] = route(req.method, req.parts, env.operations, faultsOf(env))
  if (!req.access) return handler(env, req)
  return guarded(env, req, handler)
}

const faultsOf = (env: Env): Faults => env.faults ?? NO_FAULTS

/**
 * Scope enforcement for one interaction (and for every entry of a Bundle, which comes back
 * through dispatch): 403 when no scope grants it; searches get the restrictions as SQL; reads
 * and writes are checked against them on the row, before and after, inside one transaction.
 */
function guarded(env: Env, req: FhirRequest, handler: Handler): Reply {
  const access = req.access!
  const [first, id] = req.parts
  if (first === 'metadata' || (req.parts.length === 0 && req.method === 'POST')) return handler(env, req)
  if (first?.startsWith('$') || req.parts[2]?.startsWith('$') || req.parts[1]?.startsWith('$')) return handler(env, req) // operations check their own scopes
  const type = first && /^[A-Z]/.test(first) ? first : '*'
  const perm = permissionFor(req.method, req.parts)
  const restrictions = restrictionsFor(access, type, perm, faultsOf(env))
  if (restrictions.length === 0) return handler(env, req)
  if (perm === 's') return handler(env, { ...req, restrict: restrictions })
  const instance = id !== undefined && !id.startsWith('_')
  if (perm === 'c' && !instance && req.parts.length === 1) {
    // A create (server-assigned id): written, then checked; outside the scopes it rolls back.
    return env.store.transaction(() => {
      const reply = handler(env, req)
      const created = /\/([A-Za-z0-9\-.]{1,64})\/_history\/\d+$/.exec(reply.headers?.Location ?? '')?.[1]
      if (reply.status < 300 && (!created || !rowAllowed(env, type, created, restrictions))) throw new OutcomeError(403, 'forbidden', `the created ${type} would be outside what the granted scopes allow`)
      return reply
    })
  }
  if (!instance) throw new OutcomeError(403, 'forbidden', `${req.method} /${req.parts.join('/')} is not available with compartment- or filter-limited scopes`)
  return env.store.transaction(() => {
    const current = env.store.read(type, id)
    if (current && !current.deleted && !rowAllowed(env, type, id, restrictions)) throw new OutcomeError(403, 'forbidden', `${type}/${id} is outside what the granted scopes allow`)
    const reply = handler(env, req)
    if ((perm === 'c' || perm === 'u') && reply.status < 300 && !rowAllowed(env, type, id, restrictions)) throw new OutcomeError(403, 'forbidden', `the written ${type}/${id} would be outside what the granted scopes allow`)
    return reply
  })
}

function rowAllowed(env: Env, type: string, id: string, restrictions: Restriction[]): boolean {
  if (restrictions.length === 0) return true
  const sql = `SELECT 1 FROM resources r WHERE r.type = ? AND r.id = ? AND ${restrictions.map((x) => x.sql).join(' AND ')}`
  return env.store.db.prepare(sql).get(type, id, ...restrictions.flatMap((x) => x.args)) !== undefined
}

/** May the caller read this resource (an _include, a transaction's POST entry)? */
function mayTouch(env: Env, access: Access | undefined, type: string, id: string, perm: 'r' | 'c'): boolean {
  if (!access) return true
  try {
    return rowAllowed(env, type, id, restrictionsFor(access, type, perm, faultsOf(env)))
  } catch (err) {
    if (err instanceof OutcomeError && err.status === 403) return false
    throw err
  }
}

function route(method: string, parts: string[], operations: Env['operations'] = [], faults: Faults = NO_FAULTS): [Handler] {
  // read-unknown-type-500: an unknown resource type falls over instead of answering 404.
  if (faults.has('read-unknown-type-500') && parts[0] && /^[A-Z]/.test(parts[0]) && !resourceTypes().has(parts[0])) throw new OutcomeError(500, 'exception', `internal error: no table for ${parts[0]}`)
  let pathMatched = false
  for (const [m, pattern, handler] of [...ROUTES, ...operations]) {
    const pat = pattern === '' ? [] : pattern.split('/')
    if (pat.length !== parts.length) continue
    const ok = pat.every((p, i) => (p === 'T' ? /^[A-Z][A-Za-z]+$/.test(parts[i]) : p === 'I' || p === 'V' ? !parts[i].startsWith('_') && !parts[i].startsWith('$') : p === parts[i]))
    if (!ok) continue
    pathMatched = true
    if (m === method || (method === 'HEAD' && m === 'GET')) {
      if (pat[0] === 'T' && !resourceTypes().has(parts[0])) throw notFound(`resource type ${parts[0]}`)
      if ((pat[1] === 'I' || pat[1] === 'V') && !ID.test(parts[1])) throw badRequest(`\`${parts[1]}\` is not a valid id`)
      return [handler]
    }
  }
  if (pathMatched) throw new OutcomeError(405, 'not-supported', `${method} is not supported on /${parts.join('/')}`)
  if (parts[0] && /^[A-Z]/.test(parts[0]) && !resourceTypes().has(parts[0])) throw notFound(`resource type ${parts[0]}`)
  throw notFound(`/${parts.join('/')}`)
}

// ---- helpers -----------------------------------------------------------------------------------

function bodyResource(req: FhirRequest, type: string): Resource {
  const r = req.body as Resource | undefined
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw badRequest('the body must be a JSON resource')
  if (r.resourceType !== type) throw badRequest(`body resourceType \`${String(r.resourceType)}\` does not match the URL's \`${type}\``)
  return r
}

export function resourceHeaders(env: Env, s: StoredResource): Record<string, string> {
  return {
    ETag: `W/"${s.version}"`,
    'Last-Modified': new Date(s.lastUpdated).toUTCString(),
    Location: `${env.base}${s.type}/${s.id}/_history/${s.version}`,
  }
}

/** `If-Match: W/"3"` → 3; malformed → 400 (R4 http §3.1.0.8 managing resource contention). */
function ifMatch(req: FhirRequest): number | undefined {
  const h = req.headers['if-match']
  if (h === undefined) return undefined
  const m = /^(?:W\/)?"(\d+)"$/.exec(h.trim())
  if (!m) throw badRequest(`If-Match must be an ETag like W/"3", got ${JSON.stringify(h)}`)
  return Number(m[1])
}

function checkIfMatch(env: Env, req: FhirRequest, type: string, id: string, current: StoredResource | undefined) {
  const expected = ifMatch(req)
  if (faultsOf(env).has('tx-if-match-ignored')) return
  if (expected !== undefined && (!current || current.deleted || current.version !== expected)) {
    throw preconditionFailed(`If-Match W/"${expected}" but ${type}/${id} is at ${current && !current.deleted ? `W/"${current.version}"` : 'no live version'}`)
  }
}

/** Ids of live resources matching a search, at most `limit` (conditional interactions). */
export function searchIds(env: Env, type: string, query: URLSearchParams, limit: number): string[] {
  const q = parseSearch(type, query, { strict: true, maxCount: env.maxCount })
  const rows = env.store.db.prepare(`SELECT r.id FROM resources r WHERE ${['r.type = ?', 'r.deleted = 0', ...q.where].join(' AND ')} LIMIT ?`).all(type, ...q.args, limit) as Array<{ id: string }>
  return rows.map((r) => r.id)
}

function stored(env: Env, s: StoredResource, status: number, req?: FhirRequest): Reply {
  return { status, body: req && minimal(req) ? undefined : new RawJson(s.json), headers: resourceHeaders(env, s) }
}

// ---- instance and type interactions ------------------------------------------------------------

function read(env: Env, req: FhirRequest): Reply {
  const [type, id] = req.parts
  const s = env.store.read(type, id)
  if (!s) throw notFound(`${type}/${id}`)
  if (s.deleted) {
    if (faultsOf(env).has('tx-404-not-410')) throw notFound(`${type}/${id}`)
    throw new OutcomeError(410, 'deleted', `${type}/${id} has been deleted`, { ETag: `W/"${s.version}"` })
  }
  const reply = stored(env, s, 200)
  if (faultsOf(env).has('tx-no-etag')) delete reply.headers!.ETag
  const summary = req.query.get('_summary')
  const elements = req.query.get('_elements')
  if (summary || elements) reply.body = subset(JSON.parse(s.json) as Resource, summary ?? undefined, elements?.split(','))
  return reply
}

function vread(env: Env, req: FhirRequest): Reply {
  const [type, id, , vid] = req.parts
  const version = Number(vid)
  if (!Number.isInteger(version) || version < 1) throw badRequest(`\`${vid}\` is not a version id`)
  // tx-vread-current: any version id answers with the current version.
  const s = faultsOf(env).has('tx-vread-current') ? env.store.read(type, id) : env.store.vread(type, id, version)
  if (!s) throw notFound(env.store.read(type, id) ? `${type}/${id}/_history/${vid}` : `${type}/${id}`)
  if (s.deleted) throw gone(`${type}/${id}/_history/${vid}`)
  return stored(env, s, 200)
}

function create(env: Env, req: FhirRequest): Reply {
  const [type] = req.parts
  const resource = bodyResource(req, type)
  const ifNoneExist = req.headers['if-none-exist']
  if (ifNoneExist && !faultsOf(env).has('tx-conditional-create-duplicates')) {
    const matches = searchIds(env, type, new URLSearchParams(ifNoneExist), 2)
    if (matches.length === 1) return stored(env, env.store.read(type, matches[0])!, 200, req)
    if (matches.length > 1) throw preconditionFailed(`If-None-Exist matched ${matches.length} resources`)
  }
  // The server assigns the id on create (R4 http §3.1.0.7); a client id is ignored.
  const { stored: s } = write(env, req, { ...resource, id: env.store.newId() }, 'POST')
  const reply = stored(env, s, 201, req)
  if (faultsOf(env).has('tx-no-location')) delete reply.headers!.Location
  return reply
}

function update(env: Env, req: FhirRequest): Reply {
  const [type, id] = req.parts
  const resource = bodyResource(req, type)
  if (resource.id !== id) throw badRequest(`body id \`${String(resource.id)}\` does not match the URL's \`${id}\``)
  return env.store.transaction(() => {
    checkIfMatch(env, req, type, id, env.store.read(type, id))
    const { stored: s, created } = write(env, req, resource, 'PUT')
    const reply = stored(env, s, created ? 201 : 200, req)
    if (!created && faultsOf(env).has('tx-version-not-bumped')) {
      // The reply claims the version before the update, as a server that never bumps would.
      const old = String(s.version - 1)
      const body = JSON.parse(s.json) as Resource
      body.meta = { ...(body.meta ?? {}), versionId: old }
      return { ...reply, body: minimal(req) ? undefined : body, headers: { ...reply.headers, ETag: `W/"${old}"` } }
    }
    return reply
  })
}

/** PUT Type?criteria: 0 matches → create, 1 → update it, more → 412 (R4 http §3.1.0.4.3). */
function conditionalUpdate(env: Env, req: FhirRequest): Reply {
  const [type] = req.parts
  if ([...req.query.keys()].length === 0) throw badRequest('a conditional update needs search criteria')
  const resource = bodyResource(req, type)
  return env.store.transaction(() => {
    const matches = faultsOf(env).has('tx-conditional-update-creates') ? [] : searchIds(env, type, req.query, 2)
    if (matches.length > 1) throw preconditionFailed(`conditional update matched ${matches.length} resources`)
    if (matches.length === 1) {
      if (resource.id !== undefined && resource.id !== matches[0]) throw badRequest(`body id \`${resource.id}\` is not the matched ${type}/${matches[0]}`)
      const { stored: s } = write(env, req, { ...resource, id: matches[0] }, 'PUT')
      return stored(env, s, 200, req)
    }
    const id = typeof resource.id === 'string' ? resource.id : env.store.newId()
    if (env.store.read(type, id) && !env.store.read(type, id)!.deleted) throw badRequest(`${type}/${id} exists but does not match the criteria`)
    const { stored: s } = write(env, req, { ...resource, id }, 'PUT')
    return stored(env, s, 201, req)
  })
}

function patch(env: Env, req: FhirRequest): Reply {
  const [type, id] = req.parts
  const ct = req.headers['content-type'] ?? ''
  if (!ct.startsWith('application/json-patch+json')) throw new OutcomeError(415, 'not-supported', 'PATCH takes application/json-patch+json')
  if (!Array.isArray(req.body)) throw badRequest('a JSON Patch body is an array of operations')
  return env.store.transaction(() => {
    const current = env.store.read(type, id)
    if (!current) throw notFound(`${type}/${id}`)
    if (current.deleted) throw gone(`${type}/${id}`)
    checkIfMatch(env, req, type, id, current)
    const patched = applyJsonPatch(JSON.parse(current.json), req.body as unknown[], { skipTests: faultsOf(env).has('tx-patch-test-ignored') }) as Resource
    if (patched.resourceType !== type || patched.id !== id) throw new OutcomeError(422, 'processing', 'a patch may not change resourceType or id')
    const { stored: s } = write(env, req, patched, 'PATCH')
    return stored(env, s, 200, req)
  })
}

function remove(env: Env, req: FhirRequest): Reply {
  const [type, id] = req.parts
  return env.store.transaction(() => {
    checkIfMatch(env, req, type, id, env.store.read(type, id))
    const deleted = env.store.delete(type, id)
    const headers: Record<string, string> = deleted ? { ETag: `W/"${deleted.version}"` } : {}
    return { status: 204, headers }
  })
}

/** DELETE Type?criteria: deletes every match (0 is fine); R4 http §3.1.0.6.1 allows multiple. */
function conditionalDelete(env: Env, req: FhirRequest): Reply {
  const [type] = req.parts
  if ([...req.query.keys()].length === 0) throw badRequest('a conditional delete needs search criteria')
  return env.store.transaction(() => {
    const matches = searchIds(env, type, req.query, env.maxCount + 1)
    if (matches.length > env.maxCount) throw preconditionFailed(`conditional delete matched more than ${env.maxCount} resources`)
    if (!faultsOf(env).has('tx-conditional-delete-ignored')) for (const id of matches) env.store.delete(type, id)
    return { status: 204 }
  })
}

// ---- history -----------------------------------------------------------------------------------

function instanceHistory(env: Env, req: FhirRequest): Reply {
  const [type, id] = req.parts
  const current = env.store.read(type, id)
  if (!current) throw notFound(`${type}/${id}`)
  if (faultsOf(env).has('tx-history-missing-versions')) return history(env, req, 'h.type = ? AND h.id = ? AND h.version = ?', [type, id, current.version], `${type}/${id}/_history`)
  return history(env, req, 'h.type = ? AND h.id = ?', [type, id], `${type}/${id}/_history`)
}

function typeHistory(env: Env, req: FhirRequest): Reply {
  const [type] = req.parts
  return history(env, req, 'h.type = ?', [type], `${type}/_history`)
}

function systemHistory(env: Env, req: FhirRequest): Reply {
  return history(env, req, '1 = 1', [], '_history')
}

/** Newest first, `_since` (instant), `_count` and offset paging (R4 http §3.1.0.9). */
function history(env: Env, req: FhirRequest, where: string, args: unknown[], path: string): Reply {
  const count = Math.min(wholeParam(req.query, '_count') ?? 100, env.maxCount)
  const offset = wholeParam(req.query, '_offset') ?? 0
  const since = req.query.get('_since')
  const clauses = [where]
  if (since && !faultsOf(env).has('tx-history-since-ignored')) {
    const ms = Date.parse(since)
    if (Number.isNaN(ms) || !/T.*(Z|[+-]\d\d:\d\d)$/.test(since)) throw badRequest(`\`_since\` must be an instant with a time zone, got ${JSON.stringify(since)}`)
    clauses.push('h.last_updated_ms >= ?')
    args = [...args, ms]
  }
  const db = env.store.db
  const total = (db.prepare(`SELECT count(*) AS n FROM history h WHERE ${clauses.join(' AND ')}`).get(...args) as { n: number }).n
  const rows = db
    .prepare(`SELECT type, id, version, last_updated AS lastUpdated, deleted, method, json FROM history h WHERE ${clauses.join(' AND ')} ORDER BY h.seq ${faultsOf(env).has('tx-history-oldest-first') ? 'ASC' : 'DESC'} LIMIT ? OFFSET ?`)
    .all(...args, count, offset) as Array<Omit<StoredResource, 'deleted'> & { method: string; deleted: number }>
  const links = pageLinks(`${env.base}${path}`, req.query, count, offset, offset + count < total)
  return {
    status: 200,
    body: {
      resourceType: 'Bundle',
      type: 'history',
      total,
      link: links,
      entry: rows.map((r) => ({
        fullUrl: `${env.base}${r.type}/${r.id}`,
        ...(r.deleted ? {} : { resource: JSON.parse(r.json) }),
        request: { method: r.method, url: r.method === 'POST' ? r.type : `${r.type}/${r.id}` },
        response: { status: r.deleted ? '204' : r.version === 1 ? '201' : '200', etag: `W/"${r.version}"`, lastModified: r.lastUpdated },
      })),
    },
  }
}

/** self/first/next/previous links that keep every other parameter (offset paging). */
function pageLinks(url: string, params: URLSearchParams, count: number, offset: number, hasNext: boolean) {
  const link = (o: number) => {
    const p = new URLSearchParams(params)
    p.set('_count', String(count))
    p.set('_offset', String(o))
    return `${url}?${p}`
  }
  const links = [{ relation: 'self', url: link(offset) }, { relation: 'first', url: link(0) }]
  if (hasNext) links.push({ relation: 'next', url: link(offset + count) })
  if (offset > 0) links.push({ relation: 'previous', url: link(Math.max(0, offset - count)) })
  return links
}

function wholeParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name)
  if (v === null) return undefined
  const n = Number(v)
  if (!Number.isSafeInteger(n) || n < 0) throw badRequest(`\`${name}\` must be a whole number, got ${JSON.stringify(v)}`)
  return n
}

// ---- search ------------------------------------------------------------------------------------

function searchType(env: Env, req: FhirRequest): Reply {
  const [type] = req.parts
  const params = new URLSearchParams(req.query)
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
    q = parseSearch(type, params, { strict, maxCount: env.maxCount, now: env.now?.(), faults: env.faults })
    if (faultsOf(env).has('search-count-ignored') && q.summary !== 'count') q.count = 20
  } catch (err) {
    if (err instanceof SearchError) throw badRequest(err.message)
    throw err
  }
  const db = env.store.db
  const { where, args } = plan(db, type, q)
  for (const r of req.restrict ?? []) {
    where.push(r.sql)
    args.push(...r.args)
  }
  // One pass finds every match in order; the total is its length and the page is a slice.
  // (A separate count(*) would filter everything twice.)
  // `+` keeps SQLite from walking the lastUpdated index to avoid a sort: the criteria drive.
  const faults = faultsOf(env)
  // search-unstable-sort: ties after the _sort keys broken one way on even pages, the other on odd.
  const unstable = faults.has('search-unstable-sort') && q.sort.length > 0 && Math.floor(q.offset / Math.max(q.count, 1)) % 2 === 1
  const order = [...q.sort.map((k) => `${k.sql} IS NULL, ${k.sql} ${k.desc ? 'DESC' : 'ASC'}`), ...(unstable ? ['+r.last_updated_ms DESC', 'r.id DESC'] : ['+r.last_updated_ms', 'r.id'])]
  if (faults.has('search-deleted-visible')) where.splice(where.indexOf('r.deleted = 0'), 1)
  const orderArgs = q.sort.flatMap((k) => [...k.args, ...k.args])
  const wantTotal = q.total === 'accurate' || q.summary === 'count'
  const useSnapshots = !faults.has('search-unstable-sort')
  let snapshot = snapshotKey && useSnapshots ? snapshotsOf(env).get(snapshotKey) : undefined
  if (snapshotKey && useSnapshots && !snapshot) throw gone(`search snapshot ${snapshotKey} (it expired; search again)`)
  const ids = snapshot
    ? snapshot.ids
    : wantTotal
    ? (db.prepare(`SELECT r.id FROM resources r WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')}`).pluck().all(...args, ...orderArgs) as string[])
    : (db.prepare(`SELECT r.id FROM resources r WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`).pluck().all(...args, ...orderArgs, q.count + 1, q.offset) as string[])
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
  const wantedIncludes = q.includes.filter((i) => !(faults.has(i.kind === 'include' ? 'search-includes-missing' : 'search-revinclude-missing')))
  const included = includes(env, page, wantedIncludes).filter((r) => mayTouch(env, req.access, r.resourceType, r.id as string, 'r'))
  const linkParams = new URLSearchParams(params)
  if (snapshot) linkParams.set('_snapshot', snapshot.key)
  const links = pageLinks(`${env.base}${type}`, linkParams, q.count, q.offset, hasNext)
  const shape = (r: Resource) => (q.summary && q.summary !== 'false') || q.elements ? subset(r, q.summary, q.elements) : r
  const warnings = [
    ...(q.ignored.length ? [{ severity: 'warning', code: 'not-supported', diagnostics: `ignored search parameters: ${q.ignored.join(', ')}` }] : []),
    ...(q.cappedCount !== undefined ? [{ severity: 'warning', code: 'too-costly', diagnostics: `_count=${q.cappedCount} is over this server's maximum page of ${q.count}; pages hold ${q.count}` }] : []),
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

interface Snapshot {
  key: string
  ids: string[]
  expires: number
}

const SNAPSHOTS = new WeakMap<Env, Map<string, Snapshot>>()
const SNAPSHOT_TTL_MS = 10 * 60_000
const MAX_SNAPSHOTS = 64

function snapshotsOf(env: Env): Map<string, Snapshot> {
  let m = SNAPSHOTS.get(env)
  if (!m) SNAPSHOTS.set(env, (m = new Map()))
  const now = Date.now()
  for (const [k, s] of m) if (s.expires < now) m.delete(k)
  return m
}

/** Keeps a search's ordered matches for its next pages (bounded; the oldest goes first). */
function takeSnapshot(env: Env, ids: string[]): Snapshot {
  const m = snapshotsOf(env)
  if (m.size >= MAX_SNAPSHOTS) m.delete(m.keys().next().value!)
  const s = { key: randomBytes(12).toString('hex'), ids, expires: Date.now() + SNAPSHOT_TTL_MS }
  m.set(s.key, s)
  return s
}

/**
 * The WHERE clause for a search: the most selective simple criterion (estimated by counting at
 * most 2,000 of its index rows) drives as `id IN (…)`; the other simple ones are checked per row
 * with EXISTS on the (type, id) index. Without statistics SQLite would materialise every list.
 */
function plan(db: Store['db'], type: string, q: ParsedSearch): { where: string[]; args: unknown[] } {
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
  const where = ['r.type = ?', 'r.deleted = 0']
  const args: unknown[] = [type]
  for (const c of q.criteria) {
    const asExists = c !== driver && c.exists !== undefined
    where.push(asExists ? c.exists! : c.sql)
    args.push(...c.args)
  }
  return { where, args }
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
        const [t, id] = key.split('/')
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
      .prepare(`SELECT target_type AS t, target_id AS i FROM sp_reference WHERE type = ? AND code = ? AND id IN (SELECT value FROM json_each(?)) AND target_id IS NOT NULL${spec.targetType ? ' AND target_type = ?' : ''}`)
      .all(spec.sourceType, spec.param, JSON.stringify(ids), ...(spec.targetType ? [spec.targetType] : [])) as Array<{ t: string; i: string }>
    for (const r of rows) keys.push(`${r.t}/${r.i}`)
  } else {
    for (const targetType of new Set(from.map((r) => r.resourceType))) {
      const ids = from.filter((r) => r.resourceType === targetType).map((r) => r.id as string)
      const rows = db
        .prepare(`SELECT ref.id AS i FROM sp_reference ref JOIN resources r ON r.type = ref.type AND r.id = ref.id AND r.deleted = 0 WHERE ref.type = ? AND ref.code = ? AND ref.target_type = ? AND ref.target_id IN (SELECT value FROM json_each(?))`)
        .all(spec.sourceType, spec.param, targetType, JSON.stringify(ids)) as Array<{ i: string }>
      for (const r of rows) keys.push(`${spec.sourceType}/${r.i}`)
    }
  }
  return keys
}

/**
 * _summary and _elements (R4 search §3.1.1.5.7–8): keep the summary, text, data or the listed
 * elements, plus resourceType, id and meta; mark the result SUBSETTED.
 */
export function subset(r: Resource, summary?: string, elements?: string[]): Resource {
  if (summary === 'false' && !elements) return r
  let keep: (key: string) => boolean
  if (elements) {
    const wanted = new Set(elements.map((e) => e.split('.')[0].trim()))
    keep = (k) => wanted.has(k) || wanted.has(k.replace(/[A-Z].*$/, '') + '[x]') || [...wanted].some((w) => k.startsWith(w) && /^[A-Z]/.test(k.slice(w.length)))
  } else if (summary === 'true') {
    const listed = new Set(summaryTable.summary[r.resourceType] ?? [])
    keep = (k) => listed.has(k) || [...listed].some((w) => w.endsWith('[x]') && k.startsWith(w.slice(0, -3)) && /^[A-Z]/.test(k.slice(w.length - 3)))
  } else if (summary === 'text') {
    const mandatory = Object.entries(summaryTable.elements[r.resourceType] ?? {}).filter(([, row]) => row[0] > 0).map(([k]) => k)
    keep = (k) => k === 'text' || mandatory.includes(k)
  } else if (summary === 'data') keep = (k) => k !== 'text'
  else return r
  const out: Resource = { resourceType: r.resourceType, id: r.id }
  const meta = { ...((r.meta as Record<string, unknown>) ?? {}) }
  meta.tag = [...((meta.tag as unknown[]) ?? []), { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED', display: 'Resource encoded in summary mode' }]
  out.meta = meta
  for (const [k, v] of Object.entries(r)) if (k !== 'resourceType' && k !== 'id' && k !== 'meta' && keep(k)) out[k] = v
  return out
}

// ---- batch and transaction ---------------------------------------------------------------------

function bundle(env: Env, req: FhirRequest): Reply {
  const b = req.body as { resourceType?: string; type?: string; entry?: unknown[] } | undefined
  if ((!b || b.resourceType !== 'Bundle') && faultsOf(env).has('tx-base-accepts-non-bundle')) return { status: 200, body: { resourceType: 'Bundle', type: 'batch-response', entry: [] } }
  if (!b || b.resourceType !== 'Bundle') throw badRequest('POST to the base takes a Bundle')
  if (b.type !== 'transaction' && b.type !== 'batch') throw badRequest(`Bundle.type must be transaction or batch, got ${JSON.stringify(b.type)}`)
  const entries = (b.entry ?? []) as Array<Record<string, unknown>>
  if (!Array.isArray(entries)) throw badRequest('Bundle.entry must be an array')
  if (entries.length > env.maxBundleEntries) throw new OutcomeError(413, 'too-long', `the Bundle has ${entries.length} entries; this server takes at most ${env.maxBundleEntries}`)
  return b.type === 'batch' ? runBatch(env, entries, req) : runTransaction(env, entries, req)
}

interface EntryRequest {
  method: string
  url: string
  ifNoneExist?: string
  ifMatch?: string
}

function entryRequest(entry: Record<string, unknown>, index: number): EntryRequest {
  const r = entry.request as Record<string, unknown> | undefined
  if (!r || typeof r.method !== 'string' || typeof r.url !== 'string') throw badRequest(`entry[${index}].request needs method and url`)
  return { method: r.method.toUpperCase(), url: r.url, ifNoneExist: r.ifNoneExist as string | undefined, ifMatch: r.ifMatch as string | undefined }
}

function toFhirRequest(env: Env, er: EntryRequest, body: unknown, outer: FhirRequest): FhirRequest {
  const url = er.url.startsWith(env.base) ? er.url.slice(env.base.length) : er.url.replace(/^\//, '')
  const [path, qs] = url.split('?')
  // Entries inherit the Bundle request's validation level and return preference.
  const headers: Record<string, string | undefined> = { 'if-none-exist': er.ifNoneExist, 'if-match': er.ifMatch, 'content-type': er.method === 'PATCH' ? 'application/json-patch+json' : 'application/fhir+json', [VALIDATION_HEADER]: outer.headers[VALIDATION_HEADER], prefer: outer.headers.prefer }
  return { method: er.method, parts: path.split('/').filter(Boolean), query: new URLSearchParams(qs ?? ''), headers, body, access: outer.access }
}

function entryResponse(reply: Reply) {
  return {
    response: {
      status: String(reply.status),
      ...(reply.headers?.Location ? { location: reply.headers.Location } : {}),
      ...(reply.headers?.ETag ? { etag: reply.headers.ETag } : {}),
      ...(reply.headers?.['Last-Modified'] ? { lastModified: new Date(reply.headers['Last-Modified']).toISOString() } : {}),
      ...(reply.status >= 400 && reply.body ? { outcome: reply.body } : {}),
    },
    ...(reply.status < 300 && reply.body && (reply.body as Resource).resourceType !== 'OperationOutcome' ? { resource: reply.body } : {}),
  }
}

/** Batch: each entry on its own; a failure is that entry's response (R4 http §3.1.0.11.1). */
function runBatch(env: Env, entries: Array<Record<string, unknown>>, outer: FhirRequest): Reply {
  // tx-batch-all-or-nothing: the batch fails whole at its first failing entry, like a transaction.
  if (faultsOf(env).has('tx-batch-all-or-nothing')) {
    return env.store.transaction(() => {
      const out = entries.map((entry, i) => entryResponse(dispatch(env, toFhirRequest(env, entryRequest(entry, i), entry.resource, outer))))
      return { status: 200, body: { resourceType: 'Bundle', type: 'batch-response', entry: out } }
    })
  }
  const out = entries.map((entry, i) => {
    try {
      const er = entryRequest(entry, i)
      if (er.method === 'POST' || er.method === 'PUT') assertNoUrnReferences(entry.resource, i)
      return entryResponse(env.store.transaction(() => dispatch(env, toFhirRequest(env, er, entry.resource, outer))))
    } catch (err) {
      const e = err instanceof OutcomeError ? err : err instanceof SearchError ? badRequest(err.message) : new OutcomeError(500, 'exception', (err as Error).message)
      return { response: { status: String(e.status), outcome: e.toOutcome() } }
    }
  })
  return { status: 200, body: { resourceType: 'Bundle', type: 'batch-response', entry: out } }
}

function assertNoUrnReferences(resource: unknown, i: number) {
  if (resource && JSON.stringify(resource).includes('"reference":"urn:uuid:')) throw badRequest(`entry[${i}]: batch entries cannot reference each other (urn:uuid)`)
}

const ORDER: Record<string, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 }

/**
 * Transaction: all or nothing, in one SQLite transaction, in the spec's order (DELETE, POST,
 * PUT/PATCH, GET), with every urn:uuid and conditional reference replaced by the resolved
 * Type/id anywhere in the resources, forward references included (R4 http §3.1.0.11.2).
 */
function runTransaction(env: Env, entries: Array<Record<string, unknown>>, outer: FhirRequest): Reply {
  const reqs = entries.map((e, i) => entryRequest(e, i))
  for (const [i, r] of reqs.entries()) if (!(r.method in ORDER)) throw badRequest(`entry[${i}]: method ${r.method} is not allowed in a transaction`)
  return env.store.transaction(() => {
    // 1. Decide the identity of every POST/PUT entry first, so references to it can be rewritten.
    const idFor = new Map<string, string>()
    const existing = new Set<number>()
    reqs.forEach((r, i) => {
      const entry = entries[i]
      const fullUrl = typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined
      const [path, qs] = r.url.split('?')
      const type = path.split('/')[0]
      if (r.method === 'POST') {
        let id: string | undefined
        if (r.ifNoneExist && !faultsOf(env).has('tx-conditional-create-duplicates')) {
          const matches = searchIds(env, type, new URLSearchParams(r.ifNoneExist), 2)
          if (matches.length > 1) throw preconditionFailed(`entry[${i}]: If-None-Exist matched ${matches.length} resources`)
          if (matches.length === 1) {
            id = matches[0]
            existing.add(i)
          }
        }
        id ??= env.store.newId()
        if (fullUrl) idFor.set(fullUrl, `${type}/${id}`)
        r.url = `${type}/${id}`
      } else if (r.method === 'PUT' && qs !== undefined) {
        const matches = faultsOf(env).has('tx-conditional-update-creates') ? [] : searchIds(env, type, new URLSearchParams(qs), 2)
        if (matches.length > 1) throw preconditionFailed(`entry[${i}]: conditional update matched ${matches.length} resources`)
        const id = matches[0] ?? env.store.newId()
        if (fullUrl) idFor.set(fullUrl, `${type}/${id}`)
        r.url = `${type}/${id}`
      } else if (r.method === 'PUT' && fullUrl) idFor.set(fullUrl, path)
    })
    // Two entries may not act on one resource (R4 http §3.1.0.11.2: overlapping identities fail).
    const seen = new Map<string, number>()
    reqs.forEach((r, i) => {
      if (r.method === 'GET' || r.method === 'HEAD' || r.url.includes('?') || faultsOf(env).has('tx-duplicate-entries-accepted')) return
      const key = r.url.replace(/^\//, '').split('/').slice(0, 2).join('/')
      if (seen.has(key)) throw badRequest(`entry[${i}] and entry[${seen.get(key)}] both act on ${key}`)
      seen.set(key, i)
    })
    // 2. Rewrite references everywhere: urn:uuid → Type/id, Type?criteria → the one match.
    const resolveRef = (ref: string, i: number): string => {
      const mapped = idFor.get(ref)
      if (mapped && !faultsOf(env).has('tx-urn-not-rewritten')) return mapped
      if (mapped) return ref
      if (ref.startsWith('urn:uuid:')) throw badRequest(`entry[${i}]: reference ${ref} matches no fullUrl in the transaction`)
      const m = /^([A-Z][A-Za-z]+)\?(.+)$/.exec(ref)
      if (m) {
        const matches = searchIds(env, m[1], new URLSearchParams(m[2]), 2)
        if (matches.length !== 1) throw preconditionFailed(`entry[${i}]: conditional reference ${ref} matched ${matches.length} resources`)
        return `${m[1]}/${matches[0]}`
      }
      return ref
    }
    const bodies = entries.map((e, i) => (e.resource ? rewriteReferences(e.resource, (ref) => resolveRef(ref, i)) : e.resource))
    // 3. Run in the spec's order; any failure throws and SQLite rolls everything back.
    const order = reqs.map((_, i) => i)
    if (!faultsOf(env).has('tx-processing-order-ignored')) order.sort((a, b) => ORDER[reqs[a].method] - ORDER[reqs[b].method] || a - b)
    const replies: Reply[] = new Array(entries.length)
    for (const i of order) {
      const r = reqs[i]
      try {
        if (r.method === 'POST') {
          const [type, id] = r.url.split('/')
          if (existing.has(i)) {
            replies[i] = stored(env, env.store.read(type, id)!, 200, outer)
            continue
          }
          const body = bodies[i] as Resource
          if (!body || body.resourceType !== type) throw badRequest(`resourceType of the entry does not match ${type}`)
          const { stored: s } = write(env, outer, { ...body, id }, 'POST')
          if (!mayTouch(env, outer.access, type, id, 'c')) throw new OutcomeError(403, 'forbidden', `the granted scopes do not allow creating this ${type}`)
          replies[i] = stored(env, s, 201, outer)
        } else {
          const body = r.method === 'PUT' && bodies[i] && typeof bodies[i] === 'object' && (bodies[i] as Resource).id === undefined ? { ...(bodies[i] as Resource), id: r.url.split('/')[1] } : bodies[i]
          replies[i] = dispatch(env, toFhirRequest(env, r, body, outer))
        }
      } catch (err) {
        const e = err instanceof OutcomeError ? err : err instanceof SearchError ? badRequest(err.message) : err
        // tx-not-atomic: answer the error but let the entries before it commit.
        if (e instanceof OutcomeError && faultsOf(env).has('tx-not-atomic')) return { status: e.status, body: new OutcomeError(e.status, e.code, `transaction failed at entry[${i}]: ${e.message}`).toOutcome() }
        if (e instanceof OutcomeError) throw new OutcomeError(e.status, e.code, `transaction failed at entry[${i}] (${r.method} ${r.url}): ${e.message}`)
        throw e
      }
    }
    return { status: 200, body: { resourceType: 'Bundle', type: 'transaction-response', entry: replies.map(entryResponse) } }
  })
}

/** A deep copy with every `reference` string passed through `fn`. */
function rewriteReferences(value: unknown, fn: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteReferences(v, fn))
  if (!value || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = k === 'reference' && typeof v === 'string' ? fn(v) : rewriteReferences(v, fn)
  return out
}

// ---- capabilities ------------------------------------------------------------------------------

const capabilityCache = new Map<string, unknown>()

function capabilities(env: Env): Reply {
  // Built once per base, auth and faults: it compiles every type's search parameters.
  const key = JSON.stringify([env.base, env.smart, [...faultsOf(env)].sort(), (env.operations ?? []).map((o) => o[1])])
  let body = capabilityCache.get(key)
  if (!body) {
    body = capabilityBody(env)
    capabilityCache.set(key, body)
  }
  // SMART App Launch 2.2 asks for CORS on metadata as on .well-known (browser apps read both).
  return { status: 200, body, headers: faultsOf(env).has('metadata-no-cors') ? {} : { 'Access-Control-Allow-Origin': '*' } }
}

/** rest.security for SMART (SMART App Launch 2.x §"Declaring support": service coding + oauth-uris). */
function security(env: Env) {
  if (!env.smart || faultsOf(env).has('capability-no-security')) return {}
  return {
    security: {
      extension: [
        {
          url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
          extension: [
            { url: 'authorize', valueUri: env.smart.authorize },
            { url: 'token', valueUri: faultsOf(env).has('capability-oauth-uris-mismatch') ? env.smart.token.replace(/\/auth\/token$/, '/oauth2/token') : env.smart.token },
            { url: 'introspect', valueUri: env.smart.introspect },
            { url: 'revoke', valueUri: env.smart.revoke },
          ],
        },
      ],
      service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }], text: 'OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)' }],
    },
  }
}

function capabilityBody(env: Env): unknown {
  const types = [...resourceTypes()].filter((t) => t !== 'Bundle' && t !== 'Parameters' && t !== 'OperationOutcome').sort()
  const supported = new Set(['string', 'token', 'date', 'reference', 'quantity', 'number', 'uri'])
  const exportDeclared = (env.operations ?? []).some((o) => o[1].endsWith('$export')) && !faultsOf(env).has('capability-no-export')
  const f = faultsOf(env)
  return {
    resourceType: f.has('capability-not-a-capability-statement') ? 'Conformance' : 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    kind: 'instance',
    software: { name: 'shoreline reference server' },
    implementation: { description: 'Shoreline embedded reference server', url: env.base },
    fhirVersion: f.has('capability-wrong-fhir-version') ? '3.0.2' : '4.0.1',
    format: f.has('capability-no-json-format') ? ['xml', 'application/fhir+xml'] : ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    ...(exportDeclared ? { instantiates: ['http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data'] } : {}),
    rest: [
      {
        mode: 'server',
        ...security(env),
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'history-system' }],
        ...(exportDeclared
          ? {
              operation: [
                { name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' },
                { name: 'patient-export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export' },
                { name: 'group-export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export' },
              ],
            }
          : {}),
        resource: types.map((type) => ({
          type,
          versioning: 'versioned',
          readHistory: true,
          updateCreate: true,
          conditionalCreate: true,
          conditionalUpdate: true,
          conditionalDelete: 'multiple',
          interaction: ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'history-type', 'create', 'search-type'].map((code) => ({ code })),
          searchInclude: [...paramsFor(type).values()].filter((p) => p.type === 'reference').map((p) => `${type}:${p.code}`),
          searchParam: [{ name: '_lastUpdated', type: 'date' }, ...[...paramsFor(type).values()].filter((p) => supported.has(p.type)).map((p) => ({ name: p.code, type: f.has('capability-search-param-types-wrong') ? 'string' : p.type }))],
        })),
      },
    ],
  }
}
