// Batch and transaction Bundles posted to the base (R4 http §3.1.0.11): every entry runs through
// dispatch, so an entry is checked exactly like the plain request it stands for.
import { badRequest, OutcomeError, preconditionFailed } from '../../lib/outcomes.js'
import { SearchError } from '../search/query.js'
import type { Resource } from '../store/store.js'
import { CONSISTENCY_HEADER } from '../store/index-lag.js'
import { searchIds, stored, VALIDATION_HEADER, write } from './repository.js'
import { dispatch } from './routes.js'
import { mayTouch } from './scope-enforcement.js'
import { cut } from '../../lib/text.js'
import { VALIDATION_ISSUES_HEADER } from '../../lib/validation/levels.js'
import { faultsOf, variantsOf, type Env, type FhirRequest, type Reply } from './types.js'
import { deferred, refuseIfReferred } from './integrity.js'
import { limitBundle } from './bundle-limits.js'
import { examined, hasUrnReferences } from './bundle-examine.js'

export function bundle(env: Env, req: FhirRequest): Reply {
  const b = req.body as { resourceType?: string; type?: string; entry?: unknown[] } | undefined
  if ((!b || b.resourceType !== 'Bundle') && faultsOf(env).has('tx-base-accepts-non-bundle'))
    return { status: 200, body: { resourceType: 'Bundle', type: 'batch-response', entry: [] } }
  if (!b || b.resourceType !== 'Bundle') throw badRequest('POST to the base takes a Bundle')
  if (b.type !== 'transaction' && b.type !== 'batch') throw badRequest(`Bundle.type must be transaction or batch, got ${JSON.stringify(b.type)}`)
  const entries = (b.entry ?? []) as Array<Record<string, unknown>>
  if (!Array.isArray(entries)) throw badRequest('Bundle.entry must be an array')
  if (entries.length > env.maxBundleEntries) throw new OutcomeError(413, 'too-long', `the Bundle has ${entries.length} entries; this server takes at most ${env.maxBundleEntries}`)
  // tx-conditional-put-batch-only: HealthLake's rule for conditional PUTs in Bundles.
  if (faultsOf(env).has('tx-conditional-put-batch-only')) refuseConditionalPuts(b.type, entries)
  const run = () => withIssuesHeader(b.type === 'batch' ? runBatch(env, entries, req) : runTransaction(env, entries, req))
  // healthlake-bundles: HealthLake's entry limits, and asynchronous transactions.
  if (variantsOf(env).has('healthlake-bundles')) return limitBundle(env, req, b.type, entries, run) ?? run()
  return run()
}

/** minimal: a Bundle whose entries were stored with validation issues says so in the response header too. */
function withIssuesHeader(reply: Reply): Reply {
  const entries = (reply.body as { entry?: Array<{ response?: { status?: string; outcome?: unknown } }> } | undefined)?.entry ?? []
  const flagged = entries.some((e) => e.response?.outcome && Number(e.response.status?.slice(0, 3)) < 400)
  return flagged ? { ...reply, headers: { ...reply.headers, [VALIDATION_ISSUES_HEADER]: 'true' } } : reply
}

/** HealthLake: conditional PUTs only in batch Bundles, and only by _id (alone or with _tag, createdAt or _lastUpdated). */
function refuseConditionalPuts(type: string, entries: Array<Record<string, unknown>>) {
  entries.forEach((e, i) => {
    const r = e.request as { method?: unknown; url?: unknown } | undefined
    if (r?.method !== 'PUT' || typeof r.url !== 'string' || !r.url.includes('?')) return
    if (type === 'transaction') throw badRequest(`entry[${i}]: conditional PUTs are supported only in batch Bundles`)
    const keys = [...new URLSearchParams(r.url.slice(r.url.indexOf('?') + 1)).keys()]
    if (!keys.includes('_id') || keys.some((k) => !['_id', '_tag', 'createdAt', '_lastUpdated'].includes(k)))
      throw badRequest(`entry[${i}]: a conditional PUT in a Bundle takes _id, alone or with _tag, createdAt or _lastUpdated`)
  })
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
  const [path, qs] = cut(url, '?')
  // Entries inherit the Bundle request's validation level, return preference and consistency level.
  const headers: Record<string, string | undefined> = {
    'if-none-exist': er.ifNoneExist,
    'if-match': er.ifMatch,
    'content-type': er.method === 'PATCH' ? 'application/json-patch+json' : 'application/fhir+json',
    [VALIDATION_HEADER]: outer.headers[VALIDATION_HEADER],
    prefer: outer.headers.prefer,
    [CONSISTENCY_HEADER]: outer.headers[CONSISTENCY_HEADER],
  }
  return { method: er.method, parts: path.split('/').filter(Boolean), query: new URLSearchParams(qs ?? ''), headers, body, access: outer.access }
}

function entryResponse(reply: Reply) {
  return {
    response: {
      status: String(reply.status),
      ...(reply.headers?.Location ? { location: reply.headers.Location } : {}),
      ...(reply.headers?.ETag ? { etag: reply.headers.ETag } : {}),
      ...(reply.headers?.['Last-Modified'] ? { lastModified: new Date(reply.headers['Last-Modified']).toISOString() } : {}),
      ...(reply.status >= 400 && reply.body ? { outcome: reply.body } : reply.outcome ? { outcome: reply.outcome } : {}),
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
  const run = (entry: Record<string, unknown>, i: number) => {
    try {
      const er = entryRequest(entry, i)
      if ((er.method === 'POST' || er.method === 'PUT') && !faultsOf(env).has('tx-batch-urn-stored')) assertNoUrnReferences(entry.resource, i)
      return entryResponse(env.store.transaction(() => dispatch(env, toFhirRequest(env, er, entry.resource, outer))))
    } catch (err) {
      const e = err instanceof OutcomeError ? err : err instanceof SearchError ? badRequest(err.message) : new OutcomeError(500, 'exception', (err as Error).message)
      return { response: { status: String(e.status), outcome: e.toOutcome() } }
    }
  }
  // healthlake-bundles: batch order is not guaranteed (HealthLake says so; R4 batch entries are independent):
  // processed last to first, answered in request order.
  const out: unknown[] = new Array(entries.length)
  const order = entries.map((_, i) => i)
  if (variantsOf(env).has('healthlake-bundles')) order.reverse()
  // One SQLite transaction for the Bundle, each entry in a savepoint of its own (run's inner
  // transaction): an entry that fails is rolled back alone, as a batch requires, and the Bundle
  // commits once. A commit costs more the bigger the database (in :memory:, ~300 µs at 150 MB):
  // once an entry, it made seeding by batches slow down as the data grew.
  env.store.transaction(() => {
    for (const i of order) out[i] = run(entries[i]!, i)
  })
  return { status: 200, body: { resourceType: 'Bundle', type: 'batch-response', entry: out } }
}

function assertNoUrnReferences(resource: unknown, i: number) {
  const exam = resource && typeof resource === 'object' ? examined.get(resource) : undefined
  if (resource && (exam ? exam.urnReferences : hasUrnReferences(resource))) throw badRequest(`entry[${i}]: batch entries cannot reference each other (urn:uuid)`)
}

const ORDER: Record<string, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 }

/** A RESTful fullUrl (`[base]Type/id`) and its base. */
const RESTFUL_FULL_URL = /^(https?:\/\/.+\/)[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/
const RELATIVE_REF = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/

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
      const entry = entries[i] ?? {}
      const fullUrl = typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined
      const [path, qs] = cut(r.url, '?')
      const [type] = cut(path, '/')
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
    // 2. Rewrite references everywhere: urn:uuid → Type/id, Type?criteria → the one match. A
    // relative Type/id inside an entry whose fullUrl is a RESTful URL names the URL on that base
    // (R4 Bundle, resolving references), so it is rewritten when that URL is another entry's fullUrl.
    const resolveRef = (ref: string, i: number): string => {
      const base = RESTFUL_FULL_URL.exec(String(entries[i]?.fullUrl ?? ''))?.[1]
      const relative = base && RELATIVE_REF.test(ref) && !faultsOf(env).has('tx-relative-reference-kept') ? `${base}${ref}` : undefined
      const mapped = idFor.get(ref) ?? (relative === undefined ? undefined : idFor.get(relative))
      if (mapped && !faultsOf(env).has('tx-urn-not-rewritten')) return mapped
      if (mapped) return ref
      if (ref.startsWith('urn:uuid:')) throw badRequest(`entry[${i}]: reference ${ref} matches no fullUrl in the transaction`)
      const m = /^([A-Z][A-Za-z]+)\?(.+)$/.exec(ref)
      if (m) {
        const [, refType = '', criteria] = m
        const matches = searchIds(env, refType, new URLSearchParams(criteria), 2)
        if (matches.length !== 1) throw preconditionFailed(`entry[${i}]: conditional reference ${ref} matched ${matches.length} resources`)
        return `${refType}/${matches[0]}`
      }
      return ref
    }
    const bodies = entries.map((e, i) => (e.resource ? rewriteReferences(e.resource, (ref) => resolveRef(ref, i)) : e.resource))
    // 3. Run in the spec's order; any failure throws and SQLite rolls everything back.
    const order = reqs.map((_, i) => i)
    if (!faultsOf(env).has('tx-processing-order-ignored')) order.sort((a, b) => (ORDER[reqs[a]?.method ?? ''] ?? 0) - (ORDER[reqs[b]?.method ?? ''] ?? 0) || a - b)
    const replies: Reply[] = new Array(entries.length)
    for (const i of order) {
      const r = reqs[i]!
      try {
        if (r.method === 'POST') {
          const [type, id = ''] = cut(r.url, '/')
          if (existing.has(i)) {
            replies[i] = stored(env, env.store.read(type, id)!, 200, outer)
            continue
          }
          const body = bodies[i] as Resource
          if (!body || body.resourceType !== type) throw badRequest(`resourceType of the entry does not match ${type}`)
          const { stored: s, issues } = write(env, outer, { ...body, id }, 'POST')
          if (!mayTouch(env, outer.access, type, id, 'c')) throw new OutcomeError(403, 'forbidden', `the granted scopes do not allow creating this ${type}`)
          replies[i] = stored(env, s, 201, outer, issues)
        } else {
          const body =
            r.method === 'PUT' && bodies[i] && typeof bodies[i] === 'object' && (bodies[i] as Resource).id === undefined
              ? { ...(bodies[i] as Resource), id: cut(r.url, '/')[1] }
              : bodies[i]
          // tx-delete-referenced-refused: referential integrity checked entry by entry, in entry order.
          if (r.method === 'DELETE' && faultsOf(env).has('tx-delete-referenced-refused')) refuseIfReferred(env, ...instanceRef(r.url))
          const req = toFhirRequest(env, r, body, outer)
          if (r.method === 'DELETE') deferred.add(req)
          // A transaction's reads see its own writes, whatever the search index's consistency.
          if (r.method === 'GET' || r.method === 'HEAD') req.headers[CONSISTENCY_HEADER] = 'strong'
          replies[i] = dispatch(env, req)
        }
      } catch (err) {
        const e = err instanceof OutcomeError ? err : err instanceof SearchError ? badRequest(err.message) : err
        // tx-not-atomic: answer the error but let the entries before it commit.
        if (e instanceof OutcomeError && faultsOf(env).has('tx-not-atomic'))
          return { status: e.status, body: new OutcomeError(e.status, e.code, `transaction failed at entry[${i}]: ${e.message}`).toOutcome() }
        if (e instanceof OutcomeError) throw new OutcomeError(e.status, e.code, `transaction failed at entry[${i}] (${r.method} ${r.url}): ${e.message}`)
        throw e
      }
    }
    // referential-integrity: judged on the transaction as a whole, once every entry has run.
    if (variantsOf(env).has('referential-integrity')) for (const r of reqs) if (r.method === 'DELETE' && !r.url.includes('?')) refuseIfReferred(env, ...instanceRef(r.url))
    return { status: 200, body: { resourceType: 'Bundle', type: 'transaction-response', entry: replies.map(entryResponse) } }
  })
}

/** `Type/id` of an entry's url. */
function instanceRef(url: string): [string, string] {
  const [type = '', id = ''] = url.replace(/^\//, '').split('/')
  return [type, id]
}

/**
 * `value` with every `reference` string passed through `fn`: copied only along the paths that
 * change, so a resource with nothing to rewrite stays the object it was (and keeps what a
 * preparing thread made of it: bundle-examine.ts).
 */
function rewriteReferences(value: unknown, fn: (ref: string) => string): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined
    value.forEach((v, i) => {
      const w = rewriteReferences(v, fn)
      if (w !== v) (out ??= value.slice())[i] = w
    })
    return out ?? value
  }
  if (!value || typeof value !== 'object') return value
  let out: Record<string, unknown> | undefined
  for (const [k, v] of Object.entries(value)) {
    const w = k === 'reference' && typeof v === 'string' ? fn(v) : rewriteReferences(v, fn)
    if (w !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = w
  }
  return out ?? value
}
