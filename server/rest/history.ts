// History at instance, type and system level: newest first, _since, _count, offset paging
// (R4 http §3.1.0.9).
import { badRequest, notFound } from '../../lib/outcomes.js'
import type { StoredResource } from '../store/store.js'
import { pageLinks, wholeParam } from './paging.js'
import { etagOf } from './repository.js'
import { faultsOf, instanceOf, typeOf, type Env, type FhirRequest, type Reply } from './types.js'

export function instanceHistory(env: Env, req: FhirRequest): Reply {
  const [type, id] = instanceOf(req)
  const current = env.store.read(type, id)
  if (!current) throw notFound(`${type}/${id}`)
  if (faultsOf(env).has('tx-history-missing-versions')) return history(env, req, 'h.type = ? AND h.id = ? AND h.version = ?', [type, id, current.version], `${type}/${id}/_history`)
  return history(env, req, 'h.type = ? AND h.id = ?', [type, id], `${type}/${id}/_history`)
}

export function typeHistory(env: Env, req: FhirRequest): Reply {
  const type = typeOf(req)
  return history(env, req, 'h.type = ?', [type], `${type}/_history`)
}

export function systemHistory(env: Env, req: FhirRequest): Reply {
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
    .prepare(
      `SELECT type, id, version, last_updated AS lastUpdated, deleted, method, json FROM history h WHERE ${clauses.join(' AND ')} ORDER BY h.seq ${faultsOf(env).has('tx-history-oldest-first') ? 'ASC' : 'DESC'} LIMIT ? OFFSET ?`,
    )
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
        response: { status: r.deleted ? '204' : r.version === 1 ? '201' : '200', etag: etagOf(env, r.version), lastModified: r.lastUpdated },
      })),
    },
  }
}
