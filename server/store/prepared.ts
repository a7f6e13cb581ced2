// A resource made ready to store, without the database: its JSON around the two meta elements only
// the writer knows (versionId, lastUpdated), and its search-index rows. Everything here is plain
// data, so a worker thread can prepare resources while the writer stores others (an import's
// batches, server/bulk/prepare-pool.ts); Store.put prepares in place and writes the same way.
import { paramsFor } from '../search/registry.js'
import { dateRows, numberRows, quantityRows, referenceRows, stringRows, tokenRows, uriRows } from '../search/index-values.js'
import { INDEX_TABLES, type IndexTable } from './schema.js'
import type Database from 'better-sqlite3'

/**
 * Each index table's rows for one resource, flat: the values after (rid, type), `STRIDE[table]` to
 * a row, code first. Flat arrays of strings and numbers cross to another thread cheaply.
 */
export type IndexRows = Record<IndexTable, Array<string | number | null>>

/** Each index table's columns after (rid, type, code), in the order a row of IndexRows gives them after its code. */
export const COLUMNS = Object.fromEntries(Object.entries(INDEX_TABLES).map(([t, d]) => [t, d.columns.split(',').map((c) => c.trim().split(' ')[0]!)])) as Record<
  IndexTable,
  string[]
>

/** Values per row in IndexRows: the code and the table's own columns. */
export const STRIDE = Object.fromEntries(Object.entries(COLUMNS).map(([t, c]) => [t, 1 + c.length])) as Record<IndexTable, number>

export interface PreparedResource {
  type: string
  id: string
  /** `{"resourceType":…,"id":…,"meta":{…the resource's other meta elements` */
  head: string
  /** `}` and the rest of the resource's elements, closing it. */
  tail: string
  /** Whether meta has elements besides versionId and lastUpdated (a comma goes before those). */
  metaElements: boolean
  rows: IndexRows
}

/**
 * The JSON and index rows of `resource` (its id set). meta keeps its elements, versionId and
 * lastUpdated go last in it (set by the writer, storedJson); the rest follow in their order.
 */
export function prepareResource(resource: Record<string, unknown> & { resourceType: string; id: string }): PreparedResource {
  const { resourceType, id, meta, ...rest } = resource
  const given = meta && typeof meta === 'object' && !Array.isArray(meta) ? (meta as Record<string, unknown>) : {}
  const { versionId: _v, lastUpdated: _l, ...others } = given
  const metaJson = JSON.stringify(others)
  const restJson = JSON.stringify(rest)
  return {
    type: resourceType,
    id,
    head: `{"resourceType":${JSON.stringify(resourceType)},"id":${JSON.stringify(id)},"meta":${metaJson.slice(0, -1)}`,
    tail: restJson === '{}' ? '}}' : `},${restJson.slice(1)}`,
    metaElements: metaJson !== '{}',
    rows: indexRows(resourceType, { ...rest, resourceType, id, meta: others }),
  }
}

/** The stored JSON: the prepared parts with meta.versionId and meta.lastUpdated in place. */
export function storedJson(p: PreparedResource, versionId: string, lastUpdated: string): string {
  return `${p.head}${p.metaElements ? ',' : ''}"versionId":${JSON.stringify(versionId)},"lastUpdated":"${lastUpdated}"${p.tail}`
}

/** Every search parameter of the type, evaluated once over the resource, as index rows. */
export function indexRows(type: string, resource: Record<string, unknown>): IndexRows {
  const out: IndexRows = { sp_string: [], sp_token: [], sp_date: [], sp_reference: [], sp_quantity: [], sp_number: [], sp_uri: [] }
  for (const p of paramsFor(type).values()) {
    // _id and _lastUpdated are columns of the resources table; indexing them again costs a row each.
    if (p.code === '_id' || p.code === '_lastUpdated') continue
    if (p.storedAs) continue // its values are other parameters' rows (registry.ts, linkUnions)
    let values: unknown[]
    try {
      values = p.values(resource)
    } catch {
      continue // an expression that cannot apply to this resource's shape indexes nothing
    }
    if (values.length === 0) continue
    const c = p.code
    switch (p.type) {
      case 'string':
        for (const r of stringRows(values)) out.sp_string.push(c, r.norm, r.exact)
        break
      case 'token':
        for (const r of tokenRows(values)) out.sp_token.push(c, r.system, r.value, r.value?.toLowerCase() ?? null, r.text)
        break
      case 'date':
        for (const r of dateRows(values)) out.sp_date.push(c, r.lo, r.hi)
        break
      case 'reference':
        for (const r of referenceRows(values)) out.sp_reference.push(c, r.targetType, r.targetId, r.url)
        break
      case 'quantity':
        for (const r of quantityRows(values)) out.sp_quantity.push(c, r.value, r.lo, r.hi, r.system, r.code)
        break
      case 'number':
        for (const r of numberRows(values)) out.sp_number.push(c, r.value, r.lo, r.hi)
        break
      case 'uri':
        for (const v of uriRows(values)) {
          out.sp_uri.push(c, v)
          // A canonical url is also found as url|version (R4 search §uri: the version part searches on the version).
          if (c === 'url' && typeof resource.version === 'string') out.sp_uri.push(c, `${v}|${resource.version}`)
        }
        break
    }
  }
  return out
}

/**
 * Drops the rows a file holds for parameters that are now searched on other parameters' rows
 * (SearchParam.storedAs; written by earlier versions), and their pids: never read again, they
 * would only take space. Returns the rows dropped.
 */
export function dropUnionRows(db: Database.Database): number {
  const params = db.prepare('SELECT pid, type, code FROM params').all() as Array<{ pid: number; type: string; code: string }>
  const gone = params.filter((p) => paramsFor(p.type).get(p.code)?.storedAs)
  if (gone.length === 0) return 0
  let dropped = 0
  db.transaction(() => {
    for (const { pid } of gone) {
      for (const table of Object.keys(INDEX_TABLES)) dropped += db.prepare(`DELETE FROM ${table} WHERE pid = ?`).run(pid).changes
      db.prepare('DELETE FROM params WHERE pid = ?').run(pid)
    }
  })()
  return dropped
}
