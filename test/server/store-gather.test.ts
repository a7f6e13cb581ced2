// A transaction opened with gatherIndexRows (an import batch) holds its writes' index rows back and
// inserts them together before it commits (server/store/gathered-rows.ts). What it leaves must be
// exactly what one write at a time leaves: every index row, every version, whatever fails inside.
import t from 'tap'
import { Store } from '../../server/store/store.js'
import { INDEX_TABLES } from '../../server/store/schema.js'
import { COLUMNS, prepareResource } from '../../server/store/prepared.js'
import { sampleResources, type SampleResource } from './write-sample.js'

const clock = () => 1_700_000_000_000

/** Everything the store holds, named by type, id and code (not rid or pid), sorted. */
function contents(store: Store) {
  const db = store.db
  const index = Object.keys(INDEX_TABLES).flatMap((table) => {
    const cols = COLUMNS[table as keyof typeof INDEX_TABLES].map((c) => `s.${c}`).join(', ')
    const sql = `SELECT '${table}' AS t, r.type, r.id, p.code, ${cols} FROM ${table} s JOIN params p ON p.pid = s.pid JOIN resources r ON r.rid = s.rid`
    return (db.prepare(sql).raw().all() as unknown[][]).map((row) => JSON.stringify(row))
  })
  const versions = (db.prepare('SELECT type, id, version, deleted, json FROM history').raw().all() as unknown[][]).map((row) => JSON.stringify(row))
  const current = (db.prepare('SELECT type, id, version, deleted FROM resources').raw().all() as unknown[][]).map((row) => JSON.stringify(row))
  const orphans = Object.keys(INDEX_TABLES).reduce(
    (n, table) => n + (db.prepare(`SELECT count(*) FROM ${table} WHERE rid NOT IN (SELECT rid FROM resources)`).pluck().get() as number),
    0,
  )
  return { index: index.sort(), versions: versions.sort(), current: current.sort(), orphans }
}

function storeAt(): Store {
  const store = new Store()
  store.now = clock
  return store
}

/** A first set stored plainly, then a batch with new resources, updates of stored ones and the same resource twice. */
function batchOf(): { before: SampleResource[]; batch: SampleResource[] } {
  const before = sampleResources('old', 12)
  const fresh = sampleResources('new', 60)
  const updated = before.slice(0, 6).map((r) => ({ ...r, meta: { tag: [{ code: 'changed' }] } }))
  const twice = { ...fresh[1]!, status: 'amended' }
  return { before, batch: [...fresh, ...updated, twice, { ...fresh[4]!, status: 'cancelled' }] }
}

t.test('STORE-GATHER-01: a gathering transaction leaves what one write at a time leaves', async (t) => {
  const { before, batch } = batchOf()
  const plain = storeAt()
  const gathering = storeAt()
  t.teardown(() => (plain.close(), gathering.close()))
  for (const s of [plain, gathering]) for (const r of before) s.put(r, 'PUT')
  plain.transaction(() => {
    for (const r of batch) plain.write(prepareResource(r), 'PUT')
  })
  gathering.transaction(
    () => {
      for (const r of batch) gathering.write(prepareResource(r), 'PUT')
    },
    { gatherIndexRows: true },
  )
  const want = contents(plain)
  t.ok(want.index.length > 200, `the batch indexed ${want.index.length} rows`)
  t.same(contents(gathering), want, 'the same index rows, versions and current rows')
  t.equal(want.orphans, 0)
})

t.test('STORE-GATHER-02: a write that fails in a gathering transaction fails alone and leaves nothing', async (t) => {
  const { batch } = batchOf()
  const boom: SampleResource = { resourceType: 'Patient', id: 'boom', name: [{ family: 'Boom' }] }
  // A row NOT NULL refuses: such rows are never held back, so this write fails on its own insert.
  const nullRow = prepareResource({ resourceType: 'Patient', id: 'null-row', name: [{ family: 'Null' }] })
  nullRow.rows.sp_string = ['family', null, 'Null']
  const results: Record<string, string[]> = {}
  const stores = { plain: storeAt(), gathering: storeAt() }
  for (const [name, store] of Object.entries(stores)) {
    t.teardown(() => store.close())
    // The current row of `boom` cannot be inserted: its history row is written first, and must go.
    store.db.exec(`CREATE TRIGGER no_boom BEFORE INSERT ON resources WHEN NEW.id = 'boom' BEGIN SELECT RAISE(ABORT, 'no boom'); END`)
    const failed: string[] = []
    store.transaction(
      () => {
        for (const p of [...batch.slice(0, 30).map((r) => prepareResource(r)), prepareResource(boom), nullRow, ...batch.slice(30).map((r) => prepareResource(r))]) {
          try {
            store.write(p, 'PUT')
          } catch (err) {
            failed.push(`${p.id}: ${(err as Error).message}`)
          }
        }
      },
      { gatherIndexRows: name === 'gathering' },
    )
    results[name] = failed
  }
  t.same(results.gathering, results.plain, 'the same writes failed, with the same errors')
  t.match(results.gathering, [/^boom: no boom/, /^null-row: NOT NULL constraint failed/])
  const got = contents(stores.gathering)
  t.same(got, contents(stores.plain), 'and the store holds the same')
  t.notOk(
    got.versions.some((v) => v.includes('"boom"') || v.includes('"null-row"')),
    'no version of a failed write is left',
  )
})

t.test('STORE-GATHER-03: inside a gathering transaction, a nested one sees every row written before it', async (t) => {
  const store = storeAt()
  t.teardown(() => store.close())
  const count = () => store.db.prepare("SELECT count(*) FROM sp_string s JOIN params p ON p.pid = s.pid WHERE p.type = 'Patient' AND p.code = 'family'").pluck().get() as number
  let seen = -1
  store.transaction(
    () => {
      for (const r of sampleResources('n', 9)) store.put(r, 'PUT')
      seen = store.transaction(count)
      store.put({ resourceType: 'Patient', id: 'late', name: [{ family: 'Late' }] }, 'PUT')
    },
    { gatherIndexRows: true },
  )
  t.equal(seen, 3, 'the three Patients written before the nested transaction were indexed when it began')
  t.equal(count(), 4, 'and the one after it by the commit')
})

t.test('STORE-GATHER-04: a gathering transaction that rolls back leaves no held row behind', async (t) => {
  const store = storeAt()
  t.teardown(() => store.close())
  t.throws(() =>
    store.transaction(
      () => {
        for (const r of sampleResources('gone', 9)) store.put(r, 'PUT')
        throw new Error('the batch failed')
      },
      { gatherIndexRows: true },
    ),
  )
  store.put({ resourceType: 'Patient', id: 'after', name: [{ family: 'After' }] }, 'PUT')
  const got = contents(store)
  t.equal(got.current.length, 1, 'only the resource written after')
  t.equal(got.orphans, 0, 'and no index row of the rolled-back batch')
  t.ok(
    got.index.every((row) => row.includes('"after"')),
    'every index row is the later resource’s',
  )
})

t.test('STORE-GATHER-05: a resource deleted or erased after its write in the same gathering transaction keeps no held row', async (t) => {
  const fresh = sampleResources('gone', 9)
  const plain = storeAt()
  const gathering = storeAt()
  t.teardown(() => (plain.close(), gathering.close()))
  const run = (s: Store) => {
    for (const r of fresh) s.write(prepareResource(r), 'PUT')
    s.delete(fresh[0]!.resourceType, fresh[0]!.id)
    s.erase(fresh[1]!.resourceType, fresh[1]!.id)
  }
  plain.transaction(() => run(plain))
  gathering.transaction(() => run(gathering), { gatherIndexRows: true })
  const want = contents(plain)
  const ids = (c: ReturnType<typeof contents>) => new Set(c.index.map((row) => (JSON.parse(row) as string[])[2]))
  t.notOk(ids(want).has(fresh[0]!.id), 'the deleted resource has no index rows')
  t.notOk(ids(want).has(fresh[1]!.id), 'the erased resource has no index rows')
  t.same(contents(gathering), want, 'the same index rows, versions and current rows')
})
