// A database written in the earlier layout (resources held its own copy of each JSON, index rows
// named their resource by type and id) opens as it was: every current resource, deleted or not,
// reads as before, with its versions, searches find what they found, and the old tables are gone.
// A database whose current rows lack history rows is refused and left untouched rather than opened
// without them.
import t from 'tap'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Store } from '../../server/store/store.js'
import { startServer } from '../../server/http/server.js'

const OLD = `
CREATE TABLE resources (
  type TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, last_updated TEXT NOT NULL,
  last_updated_ms INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, json TEXT NOT NULL,
  PRIMARY KEY (type, id)) WITHOUT ROWID;
CREATE INDEX resources_updated ON resources (type, last_updated_ms);
CREATE TABLE history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, last_updated TEXT NOT NULL,
  last_updated_ms INTEGER NOT NULL, deleted INTEGER NOT NULL, method TEXT NOT NULL, json TEXT NOT NULL);
CREATE UNIQUE INDEX history_version ON history (type, id, version);
CREATE TABLE sp_string (type TEXT NOT NULL, id TEXT NOT NULL, code TEXT NOT NULL, norm TEXT NOT NULL, exact TEXT NOT NULL);
CREATE INDEX sp_string_q ON sp_string (type, code, norm);
CREATE INDEX sp_string_r ON sp_string (type, id, code);
CREATE TABLE sp_token (type TEXT NOT NULL, id TEXT NOT NULL, code TEXT NOT NULL, system TEXT, value TEXT, value_ci TEXT, text TEXT);
CREATE INDEX sp_token_q ON sp_token (type, code, value_ci, system);
CREATE INDEX sp_token_r ON sp_token (type, id, code);
CREATE TABLE sp_reference (type TEXT NOT NULL, id TEXT NOT NULL, code TEXT NOT NULL, target_type TEXT, target_id TEXT, url TEXT NOT NULL);
CREATE INDEX sp_reference_t ON sp_reference (target_type, target_id);
INSERT INTO sp_string VALUES ('Patient', 'a', 'family', 'smith', 'Smith');
INSERT INTO sp_token VALUES ('Patient', 'a', 'gender', 'http://hl7.org/fhir/administrative-gender', 'female', 'female', NULL);
INSERT INTO sp_token VALUES ('Patient', 'c', 'gender', 'http://hl7.org/fhir/administrative-gender', 'male', 'male', NULL);
`

function oldDatabase(path: string, withHistory = true) {
  const db = new Database(path)
  db.exec(OLD)
  const rows: Array<[string, string, number, number, string, string]> = [
    ['Patient', 'a', 1, 0, 'PUT', '{"resourceType":"Patient","id":"a","meta":{"versionId":"1"},"gender":"male"}'],
    ['Patient', 'a', 2, 0, 'PUT', '{"resourceType":"Patient","id":"a","meta":{"versionId":"2"},"gender":"female"}'],
    ['Patient', 'b', 1, 0, 'PUT', '{"resourceType":"Patient","id":"b","meta":{"versionId":"1"}}'],
    ['Patient', 'b', 2, 1, 'DELETE', '{"resourceType":"Patient","id":"b","meta":{"versionId":"1"}}'],
    ['Patient', 'c', 1, 0, 'PUT', '{"resourceType":"Patient","id":"c","meta":{"versionId":"1"},"gender":"male"}'],
  ]
  const history = db.prepare('INSERT INTO history (type, id, version, last_updated, last_updated_ms, deleted, method, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
  const current = db.prepare('INSERT OR REPLACE INTO resources (type, id, version, last_updated, last_updated_ms, deleted, json) VALUES (?, ?, ?, ?, ?, ?, ?)')
  for (const [type, id, version, deleted, method, json] of rows) {
    const at = `2026-01-0${version}T00:00:00.000Z`
    if (withHistory) history.run(type, id, version, at, Date.parse(at), deleted, method, json)
    current.run(type, id, version, at, Date.parse(at), deleted, json)
  }
  db.close()
}

t.test('STORE-MIGRATE-01: a database from before opens with every resource and version', async (t) => {
  const path = join(t.testdir({}), 'old.db')
  oldDatabase(path)
  const store = new Store(path)
  t.teardown(() => store.close())
  t.match(JSON.parse(store.read('Patient', 'a')!.json), { gender: 'female', meta: { versionId: '2' } }, 'the current version')
  t.equal(store.read('Patient', 'a')!.version, 2)
  t.match(store.read('Patient', 'b'), { version: 2, deleted: true }, 'a deleted resource stays deleted')
  t.match(JSON.parse(store.vread('Patient', 'a', 1)!.json), { gender: 'male' }, 'an older version')
  t.same(
    store.history('Patient', 'a').map((h) => h.version),
    [2, 1],
  )
  const columns = (store.db.prepare('SELECT name FROM pragma_table_info(?)').all('resources') as Array<{ name: string }>).map((c) => c.name)
  t.notOk(columns.includes('json'), 'the current table holds no JSON of its own')
  t.same(store.db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE '%_before' OR name = 'sp_reference_t'").all(), [], 'no table or index left over')
  const next = store.put({ resourceType: 'Patient', id: 'a', gender: 'other' }, 'PUT')
  t.equal(next.stored.version, 3, 'writes go on from the last version')
  t.match(JSON.parse(store.read('Patient', 'a')!.json), { gender: 'other' })
})

t.test('STORE-MIGRATE-03: searches on a converted database find what they found', async (t) => {
  const path = join(t.testdir({}), 'old.db')
  oldDatabase(path)
  const target = await startServer({ db: path, readers: 0 })
  t.teardown(() => target.close())
  const ids = async (query: string) => {
    const res = await fetch(`${target.url}Patient?${query}`, { headers: { Accept: 'application/fhir+json' } })
    return (((await res.json()) as { entry?: Array<{ resource: { id: string } }> }).entry ?? []).map((e) => e.resource.id).sort()
  }
  t.same(await ids('family=smith'), ['a'], 'a string index row')
  t.same(await ids('gender=male'), ['c'], 'a token index row')
  t.same(await ids('gender:not=male'), ['a'], 'not: live resources without the row')
  t.same(await ids('_sort=gender&_count=10'), ['a', 'c'], 'a sort through the index rows')
})

/** The layout before pids: rid-keyed rows that name their parameter by type and code. */
function ridDatabase(path: string) {
  const db = new Database(path)
  db.exec(`
CREATE TABLE history (seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, last_updated TEXT NOT NULL,
  last_updated_ms INTEGER NOT NULL, deleted INTEGER NOT NULL, method TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE resources (rid INTEGER PRIMARY KEY, type TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, last_updated TEXT NOT NULL,
  last_updated_ms INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, hseq INTEGER NOT NULL);
CREATE TABLE sp_string (rid INTEGER NOT NULL, type TEXT NOT NULL, code TEXT NOT NULL, norm TEXT NOT NULL, exact TEXT NOT NULL);
CREATE INDEX sp_string_q ON sp_string (type, code, norm, rid);
CREATE INDEX sp_string_r ON sp_string (rid, code);
CREATE TABLE sp_token (rid INTEGER NOT NULL, type TEXT NOT NULL, code TEXT NOT NULL, system TEXT, value TEXT, value_ci TEXT, text TEXT);
CREATE INDEX sp_token_q ON sp_token (type, code, value_ci, system, rid);
CREATE INDEX sp_token_r ON sp_token (rid, code);
INSERT INTO history VALUES (1, 'Patient', 'a', 1, '2026-01-01T00:00:00.000Z', 0, 0, 'PUT', '{"resourceType":"Patient","id":"a","meta":{"versionId":"1"},"gender":"female","name":[{"family":"Smith"}]}');
INSERT INTO history VALUES (2, 'Patient', 'c', 1, '2026-01-01T00:00:00.000Z', 0, 0, 'PUT', '{"resourceType":"Patient","id":"c","meta":{"versionId":"1"},"gender":"male"}');
INSERT INTO resources VALUES (1, 'Patient', 'a', 1, '2026-01-01T00:00:00.000Z', 0, 0, 1), (2, 'Patient', 'c', 1, '2026-01-01T00:00:00.000Z', 0, 0, 2);
INSERT INTO sp_string VALUES (1, 'Patient', 'family', 'smith', 'Smith');
INSERT INTO sp_token VALUES (1, 'Patient', 'gender', 'http://hl7.org/fhir/administrative-gender', 'female', 'female', NULL),
  (2, 'Patient', 'gender', 'http://hl7.org/fhir/administrative-gender', 'male', 'male', NULL);
`)
  db.close()
}

t.test('STORE-MIGRATE-04: index rows named by type and code take their pid; searches find what they found', async (t) => {
  const path = join(t.testdir({}), 'rid.db')
  ridDatabase(path)
  const target = await startServer({ db: path, readers: 0 })
  t.teardown(() => target.close())
  const db = target.store.db
  for (const table of ['sp_string', 'sp_token']) {
    const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as Array<{ name: string }>).map((c) => c.name)
    t.same(columns.slice(0, 2), ['rid', 'pid'], `${table}: (rid, pid)`)
    t.notOk(columns.includes('code'), `${table}: no code column`)
  }
  t.same(db.prepare("SELECT type, code FROM params WHERE code IN ('family', 'gender') ORDER BY code").all(), [
    { type: 'Patient', code: 'family' },
    { type: 'Patient', code: 'gender' },
  ])
  const ids = async (query: string) => {
    const res = await fetch(`${target.url}Patient?${query}`, { headers: { Accept: 'application/fhir+json' } })
    return (((await res.json()) as { entry?: Array<{ resource: { id: string } }> }).entry ?? []).map((e) => e.resource.id).sort()
  }
  t.same(await ids('family=smith'), ['a'], 'a string index row')
  t.same(await ids('gender=male'), ['c'], 'a token index row')
  t.same(await ids('_sort=gender&_count=10'), ['a', 'c'], 'a sort through the index rows')
  await fetch(`${target.url}Patient/d`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/fhir+json' },
    body: JSON.stringify({ resourceType: 'Patient', id: 'd', gender: 'male' }),
  })
  t.same(await ids('gender=male'), ['c', 'd'], 'a new row under the same pid')
})

t.test('STORE-MIGRATE-02: current rows without history rows: refused, the database left as it was', async (t) => {
  const path = join(t.testdir({}), 'broken.db')
  oldDatabase(path, false)
  t.throws(() => new Store(path), /3 current resources have no history row; the database was left as it was/)
  const db = new Database(path, { readonly: true })
  t.teardown(() => db.close())
  const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').all('resources') as Array<{ name: string }>).map((c) => c.name)
  t.ok(columns.includes('json'), 'the old table is still there')
  t.equal((db.prepare('SELECT count(*) AS n FROM resources').get() as { n: number }).n, 3)
  t.ok(
    db
      .prepare('SELECT name FROM pragma_table_info(?)')
      .all('sp_token')
      .some((c) => (c as { name: string }).name === 'id'),
    'the index tables too',
  )
})
