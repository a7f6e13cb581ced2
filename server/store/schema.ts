// The reference server's SQLite schema, and the conversions an older file needs.
//
// history is the log: one row per version with its JSON, appended in seq order. resources is the
// current version of each resource: a narrow row with an integer key (rid) given in the order
// resources are first written, pointing at its history row (hseq). The search-parameter tables
// (one per type) name the resource by rid and the parameter by pid. So every table a write appends
// to grows at its end, and only the query indexes (pid, value…) and the (type, id) keys of resources
// and history take rows out of order.
//
// Before, resources (keyed by type and id, WITHOUT ROWID) held a second copy of every JSON, and
// each index row named its resource by type and a 36-character id, with a second index on those:
// with an import's ids in random order those wide keys split pages all over. 100k generated
// resources took 1.04 GB; the JSON alone, once, 198 MB.
import type Database from 'better-sqlite3'

const PRAGMAS = `
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -65536;
PRAGMA temp_store = MEMORY;
PRAGMA mmap_size = 268435456;
PRAGMA wal_autocheckpoint = 16000; -- every ~64 MB of WAL, not 4 MB: a page many commits rewrite is copied back once
CREATE TABLE IF NOT EXISTS history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, last_updated TEXT NOT NULL,
  last_updated_ms INTEGER NOT NULL, deleted INTEGER NOT NULL, method TEXT NOT NULL, json TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS history_version ON history (type, id, version);
CREATE INDEX IF NOT EXISTS history_time ON history (last_updated_ms);
`

const RESOURCES = `
CREATE TABLE IF NOT EXISTS resources (
  rid INTEGER PRIMARY KEY, type TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, last_updated TEXT NOT NULL,
  last_updated_ms INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, hseq INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS resources_key ON resources (type, id);
CREATE INDEX IF NOT EXISTS resources_updated ON resources (type, last_updated_ms);
CREATE TABLE IF NOT EXISTS nlp_generated (rid INTEGER PRIMARY KEY);
`

/**
 * What integrated NLP generates (serve --nlp: Condition, Observation, MedicationStatement, Linkage)
 * can be read but not searched, as HealthLake documents: every search's candidates leave out the
 * resources listed in nlp_generated. The table is empty unless NLP is on. A primary-key probe per
 * candidate (1.1 µs against 5.3 µs for NOT IN, measured with a million generated rows).
 */
export const SEARCHABLE = 'NOT EXISTS (SELECT 1 FROM nlp_generated nlp_g WHERE nlp_g.rid = r.rid)'

/**
 * The search parameters rows are indexed under: a small integer (pid) per resource type and code,
 * given on first use. Index rows carry the pid instead of the type and code text: ~20 bytes less
 * in every row and in every query-index entry, so more entries per page and fewer pages a commit
 * writes (a SQL-only replay of 100k resources' writes ran 13–20 % faster).
 */
const PARAMS = `
CREATE TABLE IF NOT EXISTS params (pid INTEGER PRIMARY KEY, type TEXT NOT NULL, code TEXT NOT NULL, UNIQUE (type, code));
`

/** SQL for a parameter's pid, taking two arguments: type, code (NULL when no row was ever indexed under it). */
export const PID = '(SELECT pid FROM params WHERE type = ? AND code = ?)'

/**
 * Each search-parameter table: its columns after (rid, pid), and its query indexes after pid.
 * Equality lookups end in rid, so the index alone answers which resources match.
 */
export const INDEX_TABLES = {
  sp_string: { columns: 'norm TEXT NOT NULL, exact TEXT NOT NULL', queries: { q: 'norm, rid' } },
  sp_token: { columns: 'system TEXT, value TEXT, value_ci TEXT, text TEXT', queries: { q: 'value_ci, system, rid' } },
  sp_date: { columns: 'lo INTEGER NOT NULL, hi INTEGER NOT NULL', queries: { lo: 'lo', hi: 'hi' } },
  sp_reference: { columns: 'target_type TEXT, target_id TEXT, url TEXT NOT NULL', queries: { q: 'target_id, target_type, rid' } },
  sp_quantity: { columns: 'value REAL NOT NULL, lo REAL NOT NULL, hi REAL NOT NULL, system TEXT, unit TEXT', queries: { q: 'value' } },
  sp_number: { columns: 'value REAL NOT NULL, lo REAL NOT NULL, hi REAL NOT NULL', queries: { q: 'value' } },
  sp_uri: { columns: 'value TEXT NOT NULL', queries: { q: 'value, rid' } },
} as const

export type IndexTable = keyof typeof INDEX_TABLES

const INDEXES = Object.entries(INDEX_TABLES)
  .map(([t, d]) =>
    [
      `CREATE TABLE IF NOT EXISTS ${t} (rid INTEGER NOT NULL, pid INTEGER NOT NULL, ${d.columns});`,
      ...Object.entries(d.queries).map(([name, cols]) => `CREATE INDEX IF NOT EXISTS ${t}_${name} ON ${t} (pid, ${cols});`),
      // A resource's own rows (to replace them, to sort by them, to test one resource): rid first.
      `CREATE INDEX IF NOT EXISTS ${t}_r ON ${t} (rid, pid);`,
    ].join('\n'),
  )
  .join('\n')

/** Sets up a connection that writes: the schema, after converting a file from an earlier layout. */
export function openSchema(db: Database.Database) {
  db.exec(PRAGMAS)
  migrate(db)
  db.exec(RESOURCES)
  db.exec(PARAMS)
  migrateToPids(db)
  db.exec(INDEXES)
}

/**
 * A file whose index tables name the parameter by type and code (before pids): each table rebuilt
 * with the pid of its rows' type and code, in rid order, in one transaction. The query indexes are
 * built again afterwards by INDEXES.
 */
function migrateToPids(db: Database.Database) {
  const tables = Object.entries(INDEX_TABLES).filter(([t]) => columnsOf(db, t).includes('code'))
  if (tables.length === 0) return
  db.transaction(() => {
    for (const [t, d] of tables) {
      const names = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").pluck().all(t) as string[]
      for (const name of names) db.exec(`DROP INDEX ${name}`)
      db.exec(`INSERT OR IGNORE INTO params (type, code) SELECT DISTINCT type, code FROM ${t}`)
      db.exec(`ALTER TABLE ${t} RENAME TO ${t}_before; CREATE TABLE ${t} (rid INTEGER NOT NULL, pid INTEGER NOT NULL, ${d.columns});`)
      const payload = d.columns
        .split(', ')
        .map((c) => `s.${c.split(' ')[0]}`)
        .join(', ')
      db.exec(`INSERT INTO ${t} SELECT s.rid, p.pid, ${payload} FROM ${t}_before s JOIN params p ON p.type = s.type AND p.code = s.code ORDER BY s.rid`)
      db.exec(`DROP TABLE ${t}_before`)
    }
  })()
}

const columnsOf = (db: Database.Database, table: string) => (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as Array<{ name: string }>).map((c) => c.name)

/**
 * A file whose resources table has no rid (the layout described at the top): the current rows are
 * rebuilt in history order with their history row's seq, and each index table's rows re-keyed by
 * rid, all in one transaction. Every version was written to history too, so nothing is lost; if a
 * current row had no history row the transaction rolls back and the file is left as it was.
 */
function migrate(db: Database.Database) {
  const had = columnsOf(db, 'resources')
  if (had.length === 0 || had.includes('rid')) return
  db.transaction(() => {
    db.exec('DROP INDEX IF EXISTS resources_updated; ALTER TABLE resources RENAME TO resources_before;')
    db.exec(RESOURCES)
    const moved = db
      .prepare(
        `INSERT INTO resources (type, id, version, last_updated, last_updated_ms, deleted, hseq)
         SELECT b.type, b.id, b.version, b.last_updated, b.last_updated_ms, b.deleted, h.seq
         FROM resources_before b JOIN history h ON h.type = b.type AND h.id = b.id AND h.version = b.version ORDER BY h.seq`,
      )
      .run().changes
    const before = (db.prepare('SELECT count(*) AS n FROM resources_before').get() as { n: number }).n
    if (moved !== before) throw new Error(`internal: ${before - moved} current resources have no history row; the database was left as it was`)
    for (const [t, d] of Object.entries(INDEX_TABLES)) {
      if (!columnsOf(db, t).includes('id')) continue
      const names = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").pluck().all(t) as string[]
      for (const name of names) db.exec(`DROP INDEX ${name}`)
      db.exec(`ALTER TABLE ${t} RENAME TO ${t}_before; CREATE TABLE ${t} (rid INTEGER NOT NULL, type TEXT NOT NULL, code TEXT NOT NULL, ${d.columns});`)
      const payload = d.columns
        .split(', ')
        .map((c) => `s.${c.split(' ')[0]}`)
        .join(', ')
      db.exec(`INSERT INTO ${t} SELECT r.rid, s.type, s.code, ${payload} FROM ${t}_before s JOIN resources r ON r.type = s.type AND r.id = s.id ORDER BY r.rid`)
      db.exec(`DROP TABLE ${t}_before`)
    }
    db.exec('DROP TABLE resources_before')
  })()
}
