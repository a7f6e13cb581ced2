// The reference server's repository on SQLite (better-sqlite3): a history table holding every
// version's JSON once, a current table pointing at each resource's latest version, integer
// versionIds, delete markers, and one index table per search-parameter type, filled at write time
// from the R4 SearchParameters (server/search/registry.ts). Every write is one SQLite transaction,
// so a resource and its index rows never disagree.
import type { IndexLag } from './index-lag.js'
import { NUMERIC_VERSION_IDS, type VersionIds } from './version-ids.js'
import { INDEX_TABLES, openSchema, type IndexTable } from './schema.js'
import Database from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import { dropUnionRows, prepareResource, storedJson, STRIDE, type IndexRows, type PreparedResource } from './prepared.js'
import { canHold, GatheredRows, insertRowsSql } from './gathered-rows.js'

export interface StoredResource {
  type: string
  id: string
  version: number
  lastUpdated: string
  deleted: boolean
  json: string
}

/** A row as SQLite returns it: deleted is 0 or 1. */
type Row = Omit<StoredResource, 'deleted'> & { deleted: number }

export type Resource = Record<string, unknown> & { resourceType: string; id?: string; meta?: Record<string, unknown> }

/** A current row with its JSON: `FROM resources r JOIN history h ON h.seq = r.hseq`. */
export const CURRENT = 'resources r JOIN history h ON h.seq = r.hseq'

const TABLES = Object.keys(INDEX_TABLES) as IndexTable[]

export class Store {
  /** Set under the eventual-search variant: searches leave out resources whose index update is pending. */
  indexLag?: IndexLag
  readonly db: Database.Database
  private readonly stmt: ReturnType<Store['prepare']>
  /** Every param's pid (type → code → pid), as the params table holds them. */
  private readonly pids = new Map<string, Map<string, number>>()
  /** Pids given in the transaction under way: a rollback takes them back out of `pids`. */
  private pidsGiven: Array<[type: string, code: string]> = []
  /** In a transaction opened with gatherIndexRows: the rows of its writes not inserted yet (gathered-rows.ts). */
  private gathered?: GatheredRows
  /** Transactions open: 1 in a transaction, more in its savepoints. */
  private depth = 0
  /** Injectable clock (tests); the store never reads the wall clock elsewhere. */
  now: () => number = () => Date.now()
  /** The fault search-old-versions-match: an update adds the new version's index rows and keeps the old ones. */
  keepsStaleIndexRows = false

  constructor(
    readonly path = ':memory:',
    /** How version numbers are shown (meta.versionId); numbers unless a variant says otherwise. */
    readonly versionIds: VersionIds = NUMERIC_VERSION_IDS,
    /**
     * A reader's connection (server/http/readers.ts) to a file another connection writes: read-only,
     * the schema taken as it is, no memory map (a mapping per reader would count the same pages once
     * per thread), a 32 MB page cache.
     */
    readonly readonly = false,
  ) {
    if (readonly) {
      this.db = readOnlyConnection(path, 32)
    } else {
      this.db = new Database(path)
      try {
        openSchema(this.db)
        dropUnionRows(this.db)
      } catch (err) {
        this.db.close()
        throw err
      }
    }
    this.stmt = this.prepare()
    if (!readonly) for (const p of this.stmt.pids.all() as Array<{ type: string; code: string; pid: number }>) this.pidsOf(p.type).set(p.code, p.pid)
  }

  private prepare() {
    const db = this.db
    // Each index table's insert of one row: (rid, pid), then a row of IndexRows without its code (insertRowsSql names the columns).
    const index = Object.fromEntries(TABLES.map((t) => [t, db.prepare(insertRowsSql(t, 1))])) as Record<IndexTable, Database.Statement>
    return {
      begin: db.prepare('BEGIN'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT nested'),
      release: db.prepare('RELEASE nested'),
      rollbackTo: db.prepare('ROLLBACK TO nested'),
      current: db.prepare(`SELECT r.rid, r.type, r.id, r.version, r.last_updated AS lastUpdated, r.deleted, h.json FROM ${CURRENT} WHERE r.type = ? AND r.id = ?`),
      version: db.prepare('SELECT type, id, version, last_updated AS lastUpdated, deleted, json FROM history WHERE type = ? AND id = ? AND version = ?'),
      insert: db.prepare('INSERT INTO resources (type, id, version, last_updated, last_updated_ms, deleted, hseq) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE resources SET version = ?, last_updated = ?, last_updated_ms = ?, deleted = ?, hseq = ? WHERE rid = ?'),
      dropHistory: db.prepare('DELETE FROM history WHERE seq = ?'),
      history: db.prepare('INSERT INTO history (type, id, version, last_updated, last_updated_ms, deleted, method, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      unindex: TABLES.map((t) => db.prepare(`DELETE FROM ${t} WHERE rid = ?`)),
      pids: db.prepare('SELECT type, code, pid FROM params'),
      newPid: db.prepare('INSERT INTO params (type, code) VALUES (?, ?)'),
      index,
      gather: this.readonly ? undefined : GatheredRows.statements(db, index),
      instanceHistory: db.prepare('SELECT type, id, version, last_updated AS lastUpdated, deleted, json, method FROM history WHERE type = ? AND id = ? ORDER BY version DESC'),
    }
  }

  close() {
    this.db.close()
  }

  /**
   * A second, read-only connection to a file database, for long reads (bulk export): it reads a
   * snapshot in WAL mode while writes go on, and with no memory map and a small page cache it
   * leaves the server's memory as it found it, however much it reads. None for `:memory:`, which
   * no other connection can see. The caller closes it.
   */
  openReader(): Database.Database | undefined {
    if (this.path === ':memory:' || this.path === '') return undefined
    return readOnlyConnection(this.path, 8)
  }

  read(type: string, id: string): StoredResource | undefined {
    const row = this.current(type, id)
    if (!row) return undefined
    const { rid: _rid, ...stored } = row
    return stored
  }

  /** The current row with its key (rid), for writes. */
  private current(type: string, id: string): (StoredResource & { rid: number }) | undefined {
    const row = this.stmt.current.get(type, id) as (Row & { rid: number }) | undefined
    return row && { ...row, deleted: Boolean(row.deleted) }
  }

  /**
   * The live Patient stored first (the reference server's headless patient picker), if any: the
   * longest-standing one, not the first by id, which may be one a client wrote a moment ago and is
   * about to delete.
   */
  firstPatientId(): string | undefined {
    const row = this.db.prepare(`SELECT id FROM resources WHERE type = 'Patient' AND deleted = 0 ORDER BY rid LIMIT 1`).get() as { id: string } | undefined
    return row?.id
  }

  vread(type: string, id: string, version: number): StoredResource | undefined {
    const row = this.stmt.version.get(type, id, version) as Row | undefined
    return row && { ...row, deleted: Boolean(row.deleted) }
  }

  history(type: string, id: string): Array<StoredResource & { method: string }> {
    return (this.stmt.instanceHistory.all(type, id) as Array<Row & { method: string }>).map((r) => ({ ...r, deleted: Boolean(r.deleted) }))
  }

  /**
   * Runs `fn` in one SQLite transaction; a nested call runs in a savepoint, so its failure undoes
   * its own writes alone. better-sqlite3's `db.transaction(fn)` does the same, but builds four
   * wrapper functions per call: with three nested calls per Bundle entry that was ~7 % of a seed.
   *
   * `gatherIndexRows` (a transaction that writes many resources, an import batch): the index rows
   * of the writes made straight into it are inserted together just before it commits, many to a
   * statement (gathered-rows.ts). Ignored on a nested call. A search inside such a transaction
   * must run in a nested one, which inserts the rows held first.
   */
  transaction<T>(fn: () => T, opts: { gatherIndexRows?: boolean } = {}): T {
    return this.atomically(fn, opts.gatherIndexRows === true, true)
  }

  /** transaction(); `flush` false: a gathered write's own savepoint, which needs no held row inserted first. */
  private atomically<T>(fn: () => T, gather: boolean, flush: boolean): T {
    const { db, stmt } = this
    const nested = db.inTransaction
    if (nested && flush) this.gathered?.flush()
    if (!nested && gather && stmt.gather) this.gathered = new GatheredRows(stmt.gather)
    const given = this.pidsGiven.length
    ;(nested ? stmt.savepoint : stmt.begin).run()
    this.depth++
    try {
      const result = fn()
      if (!nested) this.gathered?.flush()
      ;(nested ? stmt.release : stmt.commit).run()
      if (!nested) this.pidsGiven = []
      return result
    } catch (err) {
      // SQLite may have rolled the whole transaction back itself (SQLITE_FULL, an I/O error).
      const whole = !nested || !db.inTransaction
      if (db.inTransaction) {
        if (nested) {
          stmt.rollbackTo.run()
          stmt.release.run()
        } else stmt.rollback.run()
      }
      // The pids given in what was undone are gone from the params table: forget them here too.
      for (const [type, code] of this.pidsGiven.splice(whole ? 0 : given)) this.pids.get(type)?.delete(code)
      throw err
    } finally {
      this.depth--
      if (!nested) this.gathered = undefined
    }
  }

  /**
   * A new server-assigned id: a UUID, version 7 (RFC 9562), so ids minted one after another sort
   * one after another. Every index keyed by id (the resources and history keys, each search table's
   * rows of a resource) then grows at its end instead of at random pages, and a commit writes far
   * fewer pages to the WAL: ingesting transaction Bundles into a file database went from ~2.4k to
   * ~3.3k resources/s with this alone (random version-4 UUIDs wrote 2.2 GB of WAL for 33k resources).
   */
  newId(): string {
    return uuidv7()
  }

  /**
   * Writes a new version: meta.versionId and meta.lastUpdated are set here, the old index rows
   * replaced. Returns the stored row; `created` when there was no live version before.
   */
  put(resource: Resource, method: 'POST' | 'PUT' | 'PATCH'): { stored: StoredResource; created: boolean } {
    return this.write(prepareResource({ ...resource, id: resource.id ?? this.newId() }), method)
  }

  /** put() for a resource prepared already (perhaps on another thread): the same write. */
  write(p: PreparedResource, method: 'POST' | 'PUT' | 'PATCH'): { stored: StoredResource; created: boolean } {
    const written = this.writeOne(p, method)
    this.onWrite?.(p.type, p.id)
    return written
  }

  /**
   * Told of every version written (create, update, transaction and batch entries, \$import lines),
   * once it is written, maybe before its transaction commits: integrated NLP queues
   * DocumentReferences with it and reads them back later.
   */
  onWrite?: (type: string, id: string) => void

  /** Lists a resource written by integrated NLP: readable, never a search's candidate (schema.ts SEARCHABLE). */
  markGenerated(type: string, id: string): void {
    this.db.prepare('INSERT OR IGNORE INTO nlp_generated (rid) SELECT rid FROM resources WHERE type = ? AND id = ?').run(type, id)
  }

  private writeOne(p: PreparedResource, method: 'POST' | 'PUT' | 'PATCH'): { stored: StoredResource; created: boolean } {
    const { type, id } = p
    // Straight into a gathering transaction, rows that can be held are, once the write stands.
    const gathered = this.depth === 1 ? this.gathered : undefined
    if (!gathered || !canHold(p.rows)) return this.atomically(() => this.writeVersion(p, method, this.current(type, id), true).written, false, true)
    if (gathered.holds(type, id)) gathered.flush() // its rows held must be in the table to be replaced
    const before = this.current(type, id)
    // A new resource is two inserts, the second undone by hand if it fails (writeVersion), so it
    // needs no savepoint: a savepoint copies every page it changes into a journal first, ~5 % of
    // the writer's time in an import. An update replaces rows in several tables and keeps one.
    const { written, rid } = before ? this.atomically(() => this.writeVersion(p, method, before, false), false, false) : this.writeVersion(p, method, undefined, false)
    gathered.add(type, id, rid, p.rows, (t, code) => this.pidOf(t, code))
    return written
  }

  /** The new version's history row, its current row, its index rows (when `index`; replacing the old ones in any case). */
  private writeVersion(p: PreparedResource, method: 'POST' | 'PUT' | 'PATCH', before: ReturnType<Store['current']>, index: boolean) {
    const { type, id } = p
    const version = (before?.version ?? 0) + 1
    const ms = this.now()
    const lastUpdated = new Date(ms).toISOString()
    const json = storedJson(p, this.versionIds.label(version), lastUpdated)
    const seq = this.stmt.history.run(type, id, version, lastUpdated, ms, 0, method, json).lastInsertRowid
    let rid: number | bigint
    try {
      if (before) {
        rid = before.rid
        this.stmt.update.run(version, lastUpdated, ms, 0, seq, rid)
      } else {
        rid = this.stmt.insert.run(type, id, version, lastUpdated, ms, 0, seq).lastInsertRowid
      }
    } catch (err) {
      if (this.db.inTransaction) this.stmt.dropHistory.run(seq)
      throw err
    }
    if (before && !(this.keepsStaleIndexRows && !before.deleted)) for (const u of this.stmt.unindex) u.run(rid)
    if (index) this.index(type, rid, p.rows)
    return { written: { stored: { type, id, version, lastUpdated, deleted: false, json }, created: !before || before.deleted }, rid }
  }

  /** Marks the resource deleted (a new version with no content); false when nothing was live. */
  delete(type: string, id: string): StoredResource | undefined {
    return this.transaction(() => {
      const before = this.current(type, id)
      if (!before || before.deleted) return undefined
      const version = before.version + 1
      const ms = this.now()
      const lastUpdated = new Date(ms).toISOString()
      const seq = this.stmt.history.run(type, id, version, lastUpdated, ms, 1, 'DELETE', before.json).lastInsertRowid
      this.stmt.update.run(version, lastUpdated, ms, 1, seq, before.rid)
      for (const s of this.stmt.unindex) s.run(before.rid)
      return { type, id, version, lastUpdated, deleted: true, json: before.json }
    })
  }

  /** Removes a resource and every version of it, index rows included (HealthLake's $erase); false when there was none. */
  erase(type: string, id: string): boolean {
    return this.transaction(() => {
      const before = this.current(type, id)
      this.db.prepare('DELETE FROM history WHERE type = ? AND id = ?').run(type, id)
      if (!before) return false
      this.db.prepare('DELETE FROM resources WHERE rid = ?').run(before.rid)
      // A rid can be given again once its row is gone: it must not stay listed as generated.
      this.db.prepare('DELETE FROM nlp_generated WHERE rid = ?').run(before.rid)
      for (const s of this.stmt.unindex) s.run(before.rid)
      return true
    })
  }

  private index(type: string, rid: number | bigint, rows: IndexRows) {
    for (const table of TABLES) {
      const values = rows[table]
      const stride = STRIDE[table]
      if (values.length === 0) continue
      const insert = this.stmt.index[table]
      const row: unknown[] = [rid]
      for (let i = 0; i < values.length; i += stride) {
        // IndexRows: the code, then the table's columns.
        row[1] = this.pidOf(type, values[i] as string)
        for (let j = 1; j < stride; j++) row[1 + j] = values[i + j]
        insert.run(row)
      }
    }
  }

  /** The pid of a type's search parameter, given now if it has none (in the current transaction). */
  private pidOf(type: string, code: string): number {
    const byCode = this.pidsOf(type)
    let pid = byCode.get(code)
    if (pid === undefined) {
      pid = Number(this.stmt.newPid.run(type, code).lastInsertRowid)
      byCode.set(code, pid)
      this.pidsGiven.push([type, code])
    }
    return pid
  }

  private pidsOf(type: string): Map<string, number> {
    let byCode = this.pids.get(type)
    if (!byCode) this.pids.set(type, (byCode = new Map()))
    return byCode
  }
}

/** A read-only connection to a file another connection writes: no memory map, a page cache of `cacheMb`. */
function readOnlyConnection(path: string, cacheMb: number): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true })
  db.pragma('mmap_size = 0')
  db.pragma(`cache_size = -${cacheMb * 1024}`)
  return db
}
