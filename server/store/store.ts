// The reference server's repository on SQLite (better-sqlite3): a history table holding every
// version's JSON once, a current table pointing at each resource's latest version, integer
// versionIds, delete markers, and one index table per search-parameter type, filled at write time
// from the R4 SearchParameters (server/search/registry.ts). Every write is one SQLite transaction,
// so a resource and its index rows never disagree.
import type { IndexLag } from './index-lag.js'
import { NUMERIC_VERSION_IDS, type VersionIds } from './version-ids.js'
import Database from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import { paramsFor } from '../search/registry.js'
import { dateRows, numberRows, quantityRows, referenceRows, stringRows, tokenRows, uriRows } from '../search/index-values.js'

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

const SCHEMA = `
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -65536;
PRAGMA temp_store = MEMORY;
PRAGMA mmap_size = 268435456;
PRAGMA wal_autocheckpoint = 16000; -- every ~64 MB of WAL, not 4 MB: a page many commits rewrite is copied back once
-- history is the log, one row per version with its JSON, appended in seq order; resources is the
-- current version of each resource, a narrow row pointing at its history row (hseq). JSON was once
-- stored in both: twice the bytes, and resources' wide rows, keyed by id, cost ~4 KB of pages per
-- resource when ids came in random order (an import).
CREATE TABLE IF NOT EXISTS history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, last_updated TEXT NOT NULL,
  last_updated_ms INTEGER NOT NULL, deleted INTEGER NOT NULL, method TEXT NOT NULL, json TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS history_version ON history (type, id, version);
CREATE INDEX IF NOT EXISTS history_time ON history (last_updated_ms);
CREATE TABLE IF NOT EXISTS sp_string (type TEXT NOT NULL, id TEXT NOT NULL, code TEXT NOT NULL, norm TEXT NOT NULL, exact TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sp_string_q ON sp_string (type, code, norm);
CREATE INDEX IF NOT EXISTS sp_string_r ON sp_string (type, id, code);
CREATE TABLE IF NOT EXISTS sp_token (type TEXT NOT NULL, id TEXT NOT NULL, code TEXT NOT NULL, system TEXT, value TEXT, value_ci TEXT, text TEXT);
CREATE INDEX IF NOT EXISTS sp_token_q ON sp_token (type, code, value_ci, system);
CREATE INDEX IF NOT EXISTS sp_token_r ON sp_token (type, id, code);
CREATE TABLE IF NOT EXISTS sp_date (type TEXT NOT NULL, id TEXT NOT NULL, code TEXT NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sp_date_lo ON sp_date (type, code, lo);
CREATE INDEX IF NOT EXISTS sp_date_hi ON sp_date (type, code, hi);
CREATE INDEX IF NOT EXISTS sp_date_r ON sp_date (type, id, code);
CREATE TABLE IF NOT EXISTS sp_reference (type TEXT NOT NULL, id TEXT NOT NULL, code TEXT NOT NULL, target_type TEXT, target_id TEXT, url TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sp_reference_q ON sp_reference (type, code, target_id, target_type);
CREATE INDEX IF NOT EXISTS sp_reference_r ON sp_reference (type, id, code);
-- No index on (target_type, target_id) alone: every query on references names the referring type and
-- parameter (sp_reference_q) or the referring resource (sp_reference_r), and the one that stood here
-- cost ~9 % of import time for no plan that used it.
DROP INDEX IF EXISTS sp_reference_t;
CREATE TABLE IF NOT EXISTS sp_quantity (type TEXT NOT NULL, id TEXT NOT NULL, code TEXT NOT NULL, value REAL NOT NULL, lo REAL NOT NULL, hi REAL NOT NULL, system TEXT, unit TEXT);
CREATE INDEX IF NOT EXISTS sp_quantity_q ON sp_quantity (type, code, value);
CREATE INDEX IF NOT EXISTS sp_quantity_r ON sp_quantity (type, id, code);
CREATE TABLE IF NOT EXISTS sp_number (type TEXT NOT NULL, id TEXT NOT NULL, code TEXT NOT NULL, value REAL NOT NULL, lo REAL NOT NULL, hi REAL NOT NULL);
CREATE INDEX IF NOT EXISTS sp_number_q ON sp_number (type, code, value);
CREATE INDEX IF NOT EXISTS sp_number_r ON sp_number (type, id, code);
CREATE TABLE IF NOT EXISTS sp_uri (type TEXT NOT NULL, id TEXT NOT NULL, code TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sp_uri_q ON sp_uri (type, code, value);
CREATE INDEX IF NOT EXISTS sp_uri_r ON sp_uri (type, id, code);
`

/** The current table; `migrate` brings one from before history held the only JSON to this. */
const RESOURCES = `
CREATE TABLE IF NOT EXISTS resources (
  type TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, last_updated TEXT NOT NULL,
  last_updated_ms INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, hseq INTEGER NOT NULL,
  PRIMARY KEY (type, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS resources_updated ON resources (type, last_updated_ms);
`

/** A current row with its JSON: `FROM resources r JOIN history h ON h.seq = r.hseq`. */
export const CURRENT = 'resources r JOIN history h ON h.seq = r.hseq'

const INDEX_TABLES = ['sp_string', 'sp_token', 'sp_date', 'sp_reference', 'sp_quantity', 'sp_number', 'sp_uri'] as const

export class Store {
  /** Set under the eventual-search variant: searches leave out resources whose index update is pending. */
  indexLag?: IndexLag
  readonly db: Database.Database
  private readonly stmt: ReturnType<Store['prepare']>
  /** Injectable clock (tests); the store never reads the wall clock elsewhere. */
  now: () => number = () => Date.now()

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
        this.db.exec(SCHEMA)
        migrate(this.db)
        this.db.exec(RESOURCES)
      } catch (err) {
        this.db.close()
        throw err
      }
    }
    this.stmt = this.prepare()
  }

  private prepare() {
    const db = this.db
    return {
      current: db.prepare(`SELECT r.type, r.id, r.version, r.last_updated AS lastUpdated, r.deleted, h.json FROM ${CURRENT} WHERE r.type = ? AND r.id = ?`),
      version: db.prepare('SELECT type, id, version, last_updated AS lastUpdated, deleted, json FROM history WHERE type = ? AND id = ? AND version = ?'),
      upsert: db.prepare(
        'INSERT INTO resources (type, id, version, last_updated, last_updated_ms, deleted, hseq) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (type, id) DO UPDATE SET version = excluded.version, last_updated = excluded.last_updated, last_updated_ms = excluded.last_updated_ms, deleted = excluded.deleted, hseq = excluded.hseq',
      ),
      history: db.prepare('INSERT INTO history (type, id, version, last_updated, last_updated_ms, deleted, method, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      unindex: INDEX_TABLES.map((t) => db.prepare(`DELETE FROM ${t} WHERE type = ? AND id = ?`)),
      string: db.prepare('INSERT INTO sp_string (type, id, code, norm, exact) VALUES (?, ?, ?, ?, ?)'),
      token: db.prepare('INSERT INTO sp_token (type, id, code, system, value, value_ci, text) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      date: db.prepare('INSERT INTO sp_date (type, id, code, lo, hi) VALUES (?, ?, ?, ?, ?)'),
      reference: db.prepare('INSERT INTO sp_reference (type, id, code, target_type, target_id, url) VALUES (?, ?, ?, ?, ?, ?)'),
      quantity: db.prepare('INSERT INTO sp_quantity (type, id, code, value, lo, hi, system, unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      number: db.prepare('INSERT INTO sp_number (type, id, code, value, lo, hi) VALUES (?, ?, ?, ?, ?, ?)'),
      uri: db.prepare('INSERT INTO sp_uri (type, id, code, value) VALUES (?, ?, ?, ?)'),
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
    const row = this.stmt.current.get(type, id) as Row | undefined
    return row && { ...row, deleted: Boolean(row.deleted) }
  }

  vread(type: string, id: string, version: number): StoredResource | undefined {
    const row = this.stmt.version.get(type, id, version) as Row | undefined
    return row && { ...row, deleted: Boolean(row.deleted) }
  }

  history(type: string, id: string): Array<StoredResource & { method: string }> {
    return (this.stmt.instanceHistory.all(type, id) as Array<Row & { method: string }>).map((r) => ({ ...r, deleted: Boolean(r.deleted) }))
  }

  /** Runs `fn` in one SQLite transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
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
    const type = resource.resourceType
    const id = resource.id ?? this.newId()
    return this.transaction(() => {
      const before = this.read(type, id)
      const version = (before?.version ?? 0) + 1
      const ms = this.now()
      const lastUpdated = new Date(ms).toISOString()
      const body: Resource = { ...resource, id, meta: { ...(resource.meta ?? {}), versionId: this.versionIds.label(version), lastUpdated } }
      const json = JSON.stringify(reorder(body))
      const seq = this.stmt.history.run(type, id, version, lastUpdated, ms, 0, method, json).lastInsertRowid
      this.stmt.upsert.run(type, id, version, lastUpdated, ms, 0, seq)
      this.index(type, id, body, before !== undefined)
      return { stored: { type, id, version, lastUpdated, deleted: false, json }, created: !before || before.deleted }
    })
  }

  /** Marks the resource deleted (a new version with no content); false when nothing was live. */
  delete(type: string, id: string): StoredResource | undefined {
    return this.transaction(() => {
      const before = this.read(type, id)
      if (!before || before.deleted) return undefined
      const version = before.version + 1
      const ms = this.now()
      const lastUpdated = new Date(ms).toISOString()
      const seq = this.stmt.history.run(type, id, version, lastUpdated, ms, 1, 'DELETE', before.json).lastInsertRowid
      this.stmt.upsert.run(type, id, version, lastUpdated, ms, 1, seq)
      for (const s of this.stmt.unindex) s.run(type, id)
      return { type, id, version, lastUpdated, deleted: true, json: before.json }
    })
  }

  /** Removes a resource and every version of it, index rows included (HealthLake's $erase); false when there was none. */
  erase(type: string, id: string): boolean {
    return this.transaction(() => {
      const gone = this.db.prepare('DELETE FROM resources WHERE type = ? AND id = ?').run(type, id).changes
      this.db.prepare('DELETE FROM history WHERE type = ? AND id = ?').run(type, id)
      for (const s of this.stmt.unindex) s.run(type, id)
      return gone > 0
    })
  }

  private index(type: string, id: string, resource: Resource, existed: boolean) {
    const s = this.stmt
    if (existed) for (const u of s.unindex) u.run(type, id)
    for (const p of paramsFor(type).values()) {
      // _id and _lastUpdated are columns of the resources table; indexing them again costs a row each.
      if (p.code === '_id' || p.code === '_lastUpdated') continue
      let values: unknown[]
      try {
        values = p.values(resource)
      } catch {
        continue // an expression that cannot apply to this resource's shape indexes nothing
      }
      if (values.length === 0) continue
      switch (p.type) {
        case 'string':
          for (const r of stringRows(values)) s.string.run(type, id, p.code, r.norm, r.exact)
          break
        case 'token':
          for (const r of tokenRows(values)) s.token.run(type, id, p.code, r.system, r.value, r.value?.toLowerCase() ?? null, r.text)
          break
        case 'date':
          for (const r of dateRows(values)) s.date.run(type, id, p.code, r.lo, r.hi)
          break
        case 'reference':
          for (const r of referenceRows(values)) s.reference.run(type, id, p.code, r.targetType, r.targetId, r.url)
          break
        case 'quantity':
          for (const r of quantityRows(values)) s.quantity.run(type, id, p.code, r.value, r.lo, r.hi, r.system, r.code)
          break
        case 'number':
          for (const r of numberRows(values)) s.number.run(type, id, p.code, r.value, r.lo, r.hi)
          break
        case 'uri':
          for (const v of uriRows(values)) s.uri.run(type, id, p.code, v)
          break
      }
    }
  }
}

/**
 * A database from before the current table pointed into history (resources held a copy of the
 * JSON): its current rows are rebuilt with their history row's seq, in one transaction. Every
 * version was written to history as well, so nothing is lost.
 */
function migrate(db: Database.Database) {
  const columns = db.prepare('SELECT name FROM pragma_table_info(?)').all('resources') as Array<{ name: string }>
  if (!columns.some((c) => c.name === 'json')) return
  db.transaction(() => {
    db.exec('DROP INDEX IF EXISTS resources_updated; ALTER TABLE resources RENAME TO resources_before;')
    db.exec(RESOURCES)
    const moved = db
      .prepare(
        `INSERT INTO resources (type, id, version, last_updated, last_updated_ms, deleted, hseq)
         SELECT b.type, b.id, b.version, b.last_updated, b.last_updated_ms, b.deleted, h.seq
         FROM resources_before b JOIN history h ON h.type = b.type AND h.id = b.id AND h.version = b.version`,
      )
      .run().changes
    const had = (db.prepare('SELECT count(*) AS n FROM resources_before').get() as { n: number }).n
    // Rolled back, the database as it was: better a server that does not start than one that lost data.
    if (moved !== had) throw new Error(`internal: ${had - moved} current resources have no history row; the database was left as it was`)
    db.exec('DROP TABLE resources_before')
  })()
}

/** A read-only connection to a file another connection writes: no memory map, a page cache of `cacheMb`. */
function readOnlyConnection(path: string, cacheMb: number): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true })
  db.pragma('mmap_size = 0')
  db.pragma(`cache_size = -${cacheMb * 1024}`)
  return db
}

/** resourceType, id, meta first: the order servers and readers expect. */
function reorder(r: Resource): Resource {
  const { resourceType, id, meta, ...rest } = r
  return { resourceType, id, meta, ...rest }
}
