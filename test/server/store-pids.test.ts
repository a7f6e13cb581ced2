// Index rows name their parameter by pid (server/store/schema.ts): a pid given in a transaction that
// rolls back, whole or to a savepoint, is given again afterwards, so no row points at a pid the
// params table does not hold.
import t from 'tap'
import { Store } from '../../server/store/store.js'

/** Index rows of `type` whose pid the params table holds, and those whose pid it does not. */
function rows(store: Store, type: string) {
  const db = store.db
  const held = db.prepare('SELECT count(*) FROM sp_token s JOIN params p ON p.pid = s.pid WHERE p.type = ?').pluck().get(type) as number
  const orphan = db.prepare('SELECT count(*) FROM sp_token s WHERE s.pid NOT IN (SELECT pid FROM params)').pluck().get() as number
  return { held, orphan }
}

const basic = (id: string) => ({ resourceType: 'Basic', id, code: { coding: [{ system: 'urn:x', code: 'c' }] } })

t.test('STORE-PID-01: pids given in a transaction that rolls back are given again', async (t) => {
  const store = new Store()
  t.teardown(() => store.close())
  t.throws(
    () =>
      store.transaction(() => {
        store.put(basic('a'), 'PUT')
        throw new Error('a later entry failed')
      }),
    /a later entry failed/,
  )
  t.equal(store.db.prepare("SELECT count(*) FROM params WHERE type = 'Basic'").pluck().get(), 0, 'the rollback took the new pids with it')
  store.put(basic('a'), 'PUT')
  t.same(rows(store, 'Basic'), { held: 1, orphan: 0 }, 'written again under pids the table holds')
})

t.test('STORE-PID-02: a savepoint rolled back takes its own pids; the outer transaction keeps its own', async (t) => {
  const store = new Store()
  t.teardown(() => store.close())
  store.transaction(() => {
    store.put({ resourceType: 'Patient', id: 'p', gender: 'male' }, 'PUT')
    t.throws(() =>
      store.transaction(() => {
        store.put(basic('b'), 'PUT')
        throw new Error('this entry failed')
      }),
    )
    store.put(basic('c'), 'PUT')
  })
  t.same(rows(store, 'Basic'), { held: 1, orphan: 0 }, 'the entry after the failed one is indexed under a held pid')
  t.same(rows(store, 'Patient'), { held: 1, orphan: 0 }, 'the entry before it kept its pid')
})
