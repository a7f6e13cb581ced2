// The reference target's FHIR REST API on node:http, HealthLake-shaped:
// http://HOST:PORT/datastore/<id>/r4/. One handler per interaction, registered in a table
// (STYLE.md 14); this file's `handle` is the one boundary that turns any error into an
// OperationOutcome with its status (STYLE.md 13). hl7.org/fhir/R4/http.html
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Store, type Resource, type StoredResource } from '../store/store.js'
import { parseSearch, SearchError } from '../search/query.js'
import { paramsFor } from '../search/registry.js'
import { resourceTypes } from '../../generators/validation/element-walk.js'
import { badRequest, gone, notFound, outcome, OutcomeError, preconditionFailed } from '../../lib/outcomes.js'

export interface TargetOptions {
  port?: number
  host?: string
  db?: string
  datastoreId?: string
  /** Largest request body accepted, in bytes (413 above it). */
  maxBodyBytes?: number
  maxCount?: number
}

export interface RunningTarget {
  /** The FHIR base URL, ending in `/r4/`. */
  url: string
  store: Store
  server: Server
  close(): Promise<void>
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8'
const ID = /^[A-Za-z0-9\-.]{1,64}$/

interface Ctx {
  req: IncomingMessage
  res: ServerResponse
  base: string
  url: URL
  store: Store
  opts: Required<Pick<TargetOptions, 'maxBodyBytes' | 'maxCount'>>
  parts: string[]
}

interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

type Handler = (ctx: Ctx) => Promise<Reply> | Reply

/** [method, path pattern, handler]: `T` a resource type, `I` an id, `V` a version id. */
const ROUTES: Array<[string, string, Handler]> = [
  ['GET', 'metadata', capabilities],
  ['GET', 'T', searchType],
  ['POST', 'T/_search', searchType],
  ['POST', 'T', create],
  ['GET', 'T/I', read],
  ['PUT', 'T/I', update],
  ['DELETE', 'T/I', remove],
  ['GET', 'T/I/_history', instanceHistory],
  ['GET', 'T/I/_history/V', vread],
]

export async function startTarget(options: TargetOptions = {}): Promise<RunningTarget> {
  const store = new Store(options.db ?? ':memory:')
  const datastoreId = options.datastoreId ?? 'local'
  const opts = { maxBodyBytes: options.maxBodyBytes ?? 16 * 1024 * 1024, maxCount: options.maxCount ?? 1000 }
  const prefix = `/datastore/${datastoreId}/r4/`
  let base = ''
  const server = createServer((req, res) => {
    void handle(req, res, store, prefix, base, opts)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const addr = server.address() as AddressInfo
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address
  base = `http://${host}:${addr.port}${prefix}`
  return {
    url: base,
    store,
    server,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      store.close()
    },
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, store: Store, prefix: string, base: string, opts: Ctx['opts']) {
  let reply: Reply
  try {
    const url = new URL(req.url ?? '/', 'http://target.invalid')
    if (!url.pathname.startsWith(prefix)) throw notFound(`path ${url.pathname}`)
    negotiate(req, url)
    const parts = url.pathname.slice(prefix.length).split('/').filter(Boolean).map(decodeURIComponent)
    const [handler, bound] = route(req.method ?? 'GET', parts)
    reply = await handler({ req, res, base, url, store, opts, parts: bound })
  } catch (err) {
    reply = toReply(err)
  }
  const body = reply.body === undefined ? undefined : JSON.stringify(reply.body)
  res.writeHead(reply.status, { ...(body !== undefined ? { 'Content-Type': FHIR_JSON } : {}), ...reply.headers })
  res.end(body)
}

function toReply(err: unknown): Reply {
  if (err instanceof OutcomeError) return { status: err.status, body: err.toOutcome(), headers: err.headers }
  if (err instanceof SearchError) return { status: err.status, body: outcome('invalid', err.message) }
  return { status: 500, body: outcome('exception', `internal error: ${(err as Error)?.message ?? String(err)}`) }
}

/** JSON only: application/fhir+json, application/json, or _format json; XML → 406. */
function negotiate(req: IncomingMessage, url: URL) {
  const format = url.searchParams.get('_format')
  if (format && !/json/.test(format)) throw new OutcomeError(406, 'not-supported', `_format ${format} is not supported; this server speaks application/fhir+json`)
  const accept = req.headers.accept
  if (accept && !/json|\*\/\*/.test(accept)) throw new OutcomeError(406, 'not-supported', `Accept ${accept} is not supported; this server speaks application/fhir+json`)
}

function route(method: string, parts: string[]): [Handler, string[]] {
  let pathMatched = false
  for (const [m, pattern, handler] of ROUTES) {
    const pat = pattern.split('/')
    if (pat.length !== parts.length) continue
    const ok = pat.every((p, i) => (p === 'T' ? /^[A-Z][A-Za-z]+$/.test(parts[i]) : p === 'I' || p === 'V' ? !parts[i].startsWith('_') && !parts[i].startsWith('$') : p === parts[i]))
    if (!ok) continue
    pathMatched = true
    if (m === method) {
      if (pat[0] === 'T' && !resourceTypes().has(parts[0])) throw notFound(`resource type ${parts[0]}`)
      if ((pat[1] === 'I' || pat[1] === 'V') && !ID.test(parts[1])) throw badRequest(`\`${parts[1]}\` is not a valid id`)
      return [handler, parts]
    }
  }
  if (pathMatched) throw new OutcomeError(405, 'not-supported', `${method} is not supported on /${parts.join('/')}`)
  if (parts[0] && /^[A-Z]/.test(parts[0]) && !resourceTypes().has(parts[0])) throw notFound(`resource type ${parts[0]}`)
  throw notFound(`/${parts.join('/')}`)
}

// ---- bodies and headers ------------------------------------------------------------------------

async function readBody(ctx: Ctx): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length
    // The rest of the body is never read, so the connection cannot be reused: close it.
    if (size > ctx.opts.maxBodyBytes) throw new OutcomeError(413, 'too-long', `request body over ${ctx.opts.maxBodyBytes} bytes`, { Connection: 'close' })
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

async function readResource(ctx: Ctx, type: string): Promise<Resource> {
  const text = await readBody(ctx)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw badRequest(`body is not JSON: ${(err as Error).message}`)
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest('body must be a JSON object')
  const r = parsed as Resource
  if (r.resourceType !== type) throw badRequest(`body resourceType \`${String(r.resourceType)}\` does not match the URL's \`${type}\``)
  return r
}

function resourceHeaders(ctx: Ctx, s: StoredResource): Record<string, string> {
  return {
    ETag: `W/"${s.version}"`,
    'Last-Modified': new Date(s.lastUpdated).toUTCString(),
    Location: `${ctx.base}${s.type}/${s.id}/_history/${s.version}`,
  }
}

/** `If-Match: W/"3"` → 3; malformed → 400 (R4 http §3.1.0.8 managing resource contention). */
function ifMatch(ctx: Ctx): number | undefined {
  const h = ctx.req.headers['if-match']
  if (h === undefined) return undefined
  const m = /^(?:W\/)?"(\d+)"$/.exec(String(h).trim())
  if (!m) throw badRequest(`If-Match must be an ETag like W/"3", got ${JSON.stringify(h)}`)
  return Number(m[1])
}

// ---- interactions ----------------------------------------------------------------------------

function read(ctx: Ctx): Reply {
  const [type, id] = ctx.parts
  const s = ctx.store.read(type, id)
  if (!s) throw notFound(`${type}/${id}`)
  if (s.deleted) throw new OutcomeError(410, 'deleted', `${type}/${id} has been deleted`, { ETag: `W/"${s.version}"` })
  return { status: 200, body: JSON.parse(s.json), headers: resourceHeaders(ctx, s) }
}

function vread(ctx: Ctx): Reply {
  const [type, id, , vid] = ctx.parts
  const version = Number(vid)
  if (!Number.isInteger(version) || version < 1) throw badRequest(`\`${vid}\` is not a version id`)
  const s = ctx.store.vread(type, id, version)
  if (!s) {
    if (!ctx.store.read(type, id)) throw notFound(`${type}/${id}`)
    throw notFound(`${type}/${id}/_history/${vid}`)
  }
  if (s.deleted) throw gone(`${type}/${id}/_history/${vid}`)
  return { status: 200, body: JSON.parse(s.json), headers: resourceHeaders(ctx, s) }
}

async function create(ctx: Ctx): Promise<Reply> {
  const [type] = ctx.parts
  const resource = await readResource(ctx, type)
  const ifNoneExist = ctx.req.headers['if-none-exist']
  if (ifNoneExist) {
    const matches = searchIds(ctx, type, new URLSearchParams(String(ifNoneExist)), 2)
    if (matches.length === 1) {
      const s = ctx.store.read(type, matches[0])!
      return { status: 200, body: JSON.parse(s.json), headers: resourceHeaders(ctx, s) }
    }
    if (matches.length > 1) throw preconditionFailed(`If-None-Exist matched ${matches.length} resources`)
  }
  // The server assigns the id on create (R4 http §3.1.0.7); a client id is ignored.
  const { stored } = ctx.store.put({ ...resource, id: ctx.store.newId() }, 'POST')
  return { status: 201, body: JSON.parse(stored.json), headers: resourceHeaders(ctx, stored) }
}

async function update(ctx: Ctx): Promise<Reply> {
  const [type, id] = ctx.parts
  const resource = await readResource(ctx, type)
  if (resource.id !== id) throw badRequest(`body id \`${String(resource.id)}\` does not match the URL's \`${id}\``)
  const expected = ifMatch(ctx)
  return ctx.store.transaction(() => {
    const current = ctx.store.read(type, id)
    if (expected !== undefined && (!current || current.deleted || current.version !== expected)) {
      throw preconditionFailed(`If-Match W/"${expected}" but ${type}/${id} is at ${current && !current.deleted ? `W/"${current.version}"` : 'no live version'}`)
    }
    const { stored, created } = ctx.store.put(resource, 'PUT')
    return { status: created ? 201 : 200, body: JSON.parse(stored.json), headers: resourceHeaders(ctx, stored) }
  })
}

function remove(ctx: Ctx): Reply {
  const [type, id] = ctx.parts
  const expected = ifMatch(ctx)
  return ctx.store.transaction(() => {
    const current = ctx.store.read(type, id)
    if (expected !== undefined && (!current || current.deleted || current.version !== expected)) throw preconditionFailed(`If-Match W/"${expected}" does not match ${type}/${id}`)
    const deleted = ctx.store.delete(type, id)
    const headers: Record<string, string> = deleted ? { ETag: `W/"${deleted.version}"` } : {}
    return { status: 204, headers }
  })
}

function instanceHistory(ctx: Ctx): Reply {
  const [type, id] = ctx.parts
  const rows = ctx.store.history(type, id)
  if (rows.length === 0) throw notFound(`${type}/${id}`)
  return {
    status: 200,
    body: {
      resourceType: 'Bundle',
      type: 'history',
      total: rows.length,
      link: [{ relation: 'self', url: ctx.url.href.replace('http://target.invalid/', ctx.base.replace(/datastore\/.*$/, '')) }],
      entry: rows.map((r) => ({
        fullUrl: `${ctx.base}${r.type}/${r.id}`,
        ...(r.deleted ? {} : { resource: JSON.parse(r.json) }),
        request: { method: r.method, url: r.method === 'POST' ? r.type : `${r.type}/${r.id}` },
        response: { status: r.deleted ? '204' : r.version === 1 ? '201' : '200', etag: `W/"${r.version}"`, lastModified: r.lastUpdated },
      })),
    },
  }
}

// ---- search ----------------------------------------------------------------------------------

async function searchType(ctx: Ctx): Promise<Reply> {
  const [type] = ctx.parts
  const params = new URLSearchParams(ctx.url.search)
  if (ctx.req.method === 'POST') {
    const ct = String(ctx.req.headers['content-type'] ?? '')
    if (!ct.startsWith('application/x-www-form-urlencoded')) throw new OutcomeError(415, 'not-supported', 'POST _search needs application/x-www-form-urlencoded')
    for (const [k, v] of new URLSearchParams(await readBody(ctx))) params.append(k, v)
  }
  params.delete('_format')
  const strict = /handling=strict/.test(String(ctx.req.headers.prefer ?? ''))
  const q = parseSearch(type, params, { strict, maxCount: ctx.opts.maxCount })
  const where = ['r.type = ?', 'r.deleted = 0', ...q.where]
  const args = [type, ...q.args]
  const db = ctx.store.db
  const total = q.total === 'accurate' || q.summaryCount ? (db.prepare(`SELECT count(*) AS n FROM resources r WHERE ${where.join(' AND ')}`).get(...args) as { n: number }).n : undefined
  const rows = q.summaryCount
    ? []
    : (db.prepare(`SELECT r.id, r.json FROM resources r WHERE ${where.join(' AND ')} ORDER BY r.last_updated_ms, r.id LIMIT ? OFFSET ?`).all(...args, q.count + 1, q.offset) as Array<{ id: string; json: string }>)
  const hasNext = rows.length > q.count
  const page = rows.slice(0, q.count)
  const selfParams = new URLSearchParams(params)
  const link = (offset: number) => {
    const p = new URLSearchParams(selfParams)
    p.set('_count', String(q.count))
    p.set('_offset', String(offset))
    return `${ctx.base}${type}?${p.toString()}`
  }
  const links = [{ relation: 'self', url: link(q.offset) }, { relation: 'first', url: link(0) }]
  if (hasNext) links.push({ relation: 'next', url: link(q.offset + q.count) })
  if (q.offset > 0) links.push({ relation: 'previous', url: link(Math.max(0, q.offset - q.count)) })
  return {
    status: 200,
    body: {
      resourceType: 'Bundle',
      type: 'searchset',
      ...(total !== undefined ? { total } : {}),
      link: links,
      entry: page.map((r) => ({ fullUrl: `${ctx.base}${type}/${r.id}`, resource: JSON.parse(r.json), search: { mode: 'match' } })),
    },
  }
}

/** Ids matching a search (for conditional interactions), at most `limit`. */
function searchIds(ctx: Ctx, type: string, params: URLSearchParams, limit: number): string[] {
  const q = parseSearch(type, params, { strict: true, maxCount: ctx.opts.maxCount })
  const rows = ctx.store.db.prepare(`SELECT r.id FROM resources r WHERE ${['r.type = ?', 'r.deleted = 0', ...q.where].join(' AND ')} LIMIT ?`).all(type, ...q.args, limit) as Array<{ id: string }>
  return rows.map((r) => r.id)
}

// ---- capabilities ------------------------------------------------------------------------------

let capabilityCache: { base: string; body: unknown } | undefined

function capabilities(ctx: Ctx): Reply {
  // Built once: it compiles every type's search parameters.
  if (capabilityCache?.base !== ctx.base) capabilityCache = { base: ctx.base, body: capabilityBody(ctx) }
  return { status: 200, body: capabilityCache.body }
}

function capabilityBody(ctx: Ctx): unknown {
  const types = [...resourceTypes()].filter((t) => t !== 'Bundle' && t !== 'Parameters' && t !== 'OperationOutcome').sort()
  const supported = new Set(['string', 'token', 'date', 'reference', 'quantity', 'number', 'uri'])
  return {
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: '2026-01-01',
      kind: 'instance',
      software: { name: 'shoreline reference target' },
      implementation: { description: 'Shoreline embedded reference target', url: ctx.base },
      fhirVersion: '4.0.1',
      format: ['application/fhir+json', 'json'],
      rest: [
        {
          mode: 'server',
          resource: types.map((type) => ({
            type,
            versioning: 'versioned',
            readHistory: true,
            updateCreate: true,
            conditionalCreate: true,
            interaction: ['read', 'vread', 'update', 'delete', 'history-instance', 'create', 'search-type'].map((code) => ({ code })),
            searchParam: [
              { name: '_lastUpdated', type: 'date' },
              ...[...paramsFor(type).values()].filter((p) => supported.has(p.type)).map((p) => ({ name: p.code, type: p.type })),
            ],
          })),
        },
      ],
  }
}
