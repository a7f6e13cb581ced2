// A search parameter whose branches are all other parameters' branches (Observation's combo-code is
// code | component.code) is stored as their rows and searched on them (registry.ts, linkUnions).
// Its answers must be the ones its own rows would give, and a file written before keeps answering.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import type { Json } from '../helpers.js'
import { paramsFor } from '../../server/search/registry.js'
import { resourceTypes } from '../../lib/validation/element-walk.js'
import { startServer, type RunningServer } from '../../server/http/server.js'
import { Store } from '../../server/store/store.js'
import { Rng } from '../../generators/random.js'
import { makeFaker } from '../../generators/faker-source.js'
import { buildPool } from '../../generators/population/pool.js'
import { generatePatient } from '../../generators/clinical/record.js'

const EXAMPLES = fileURLToPath(new URL('../../../shared/fhir/us-core-6.1.0/examples/', import.meta.url))

t.test('SEARCH-UNION-01: which parameters are stored as others', async (t) => {
  const obs = paramsFor('Observation')
  t.same(obs.get('combo-code')?.storedAs, ['code', 'component-code'])
  t.same(obs.get('combo-value-quantity')?.storedAs?.slice().sort(), ['component-value-quantity', 'value-quantity'])
  t.same(obs.get('combo-value-concept')?.storedAs?.slice().sort(), ['component-value-concept', 'value-concept'])
  t.same(paramsFor('Patient').get('phonetic')?.storedAs, ['name'], 'the same branch as name: name keeps the rows')
  t.equal(paramsFor('Patient').get('name')?.storedAs, undefined)
  t.equal(obs.get('code')?.storedAs, undefined)
  const wrong: string[] = []
  for (const type of resourceTypes()) {
    const params = paramsFor(type)
    for (const p of params.values()) {
      if (!p.storedAs) continue
      if (p.type === 'reference') wrong.push(`${type}.${p.code}: a reference`)
      for (const code of p.storedAs) {
        const q = params.get(code)
        if (!q || q.storedAs || q.type !== p.type) wrong.push(`${type}.${p.code}: part ${code} is not a stored ${p.type} parameter`)
      }
    }
  }
  t.same(wrong, [], 'every part is a stored parameter of the same type; no reference is stored as another')
})

t.test('SEARCH-UNION-02: on real resources, a parameter’s values are exactly its parts’ values', async (t) => {
  const resources: Array<Record<string, unknown> & { resourceType: string }> = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8')))
  const seed = 23
  const rng = new Rng(seed)
  const { faker, randomizer } = makeFaker(rng)
  const pool = buildPool(seed, 40)
  const ctx = { seed, referenceMs: Date.parse('2025-01-01T00:00:00Z'), years: 5, pool, rng, faker, randomizer }
  for (let i = 0; i < 40; i++) resources.push(...(generatePatient(ctx, i).resources as typeof resources))
  const valueSet = (values: unknown[]) => [...new Set(values.map((v) => JSON.stringify(v)))].sort()
  let compared = 0
  let withValues = 0
  const differ: string[] = []
  for (const r of resources) {
    const params = paramsFor(r.resourceType)
    for (const p of params.values()) {
      if (!p.storedAs) continue
      const own = valueSet(p.values(r))
      const parts = valueSet(p.storedAs.flatMap((code) => params.get(code)!.values(r)))
      compared++
      if (own.length) withValues++
      if (JSON.stringify(own) !== JSON.stringify(parts)) differ.push(`${r.resourceType}/${String(r.id)} ${p.code}`)
    }
  }
  t.ok(withValues > 500, `${compared} parameter values compared, ${withValues} of them not empty`)
  t.same(differ, [], 'no resource where they differ')
})

let target: RunningServer
const ids = async (q: string) => {
  const res = await fetch(target.url + q)
  if (res.status !== 200) throw new Error(`${res.status} for ${q}: ${await res.text()}`)
  return (((await res.json()) as Json).entry ?? []).filter((e: Json) => e.search.mode === 'match').map((e: Json) => e.resource.id as string)
}
const loinc = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] })
const quantity = (value: number) => ({ value, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' })
const OBSERVATIONS = [
  {
    resourceType: 'Observation',
    id: 'bp',
    status: 'final',
    code: loinc('85354-9'),
    component: [
      { code: loinc('8480-6'), valueQuantity: quantity(128) },
      { code: loinc('8462-4'), valueQuantity: quantity(82) },
    ],
  },
  { resourceType: 'Observation', id: 'hr', status: 'final', code: loinc('8867-4'), valueQuantity: { value: 71, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' } },
  { resourceType: 'Observation', id: 'note', status: 'final', code: loinc('8480-6') },
  { resourceType: 'Observation', id: 'bare', status: 'final', code: { text: 'no coding' } },
]

async function putAll(base: string, resources: Array<Record<string, unknown>>) {
  for (const r of resources) {
    const res = await fetch(`${base}${String(r.resourceType)}/${String(r.id)}`, { method: 'PUT', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(r) })
    if (res.status >= 300) throw new Error(`${res.status}: ${await res.text()}`)
  }
}

t.test('SEARCH-UNION-03: searches on a parameter stored as others', async (t) => {
  target = await startServer()
  t.teardown(() => target.close())
  await putAll(target.url, [...OBSERVATIONS, { resourceType: 'Patient', id: 'pn', name: [{ family: 'Ng', given: ['Lan'] }] }])
  const sorted = async (q: string) => (await ids(q)).sort()
  t.same(await sorted('Observation?combo-code=8480-6'), ['bp', 'note'], 'a component code or the code itself')
  t.same(await sorted('Observation?combo-code=http://loinc.org|8462-4'), ['bp'])
  t.same(await sorted('Observation?combo-code:not=8480-6'), ['bare', 'hr'])
  t.same(await sorted('Observation?combo-code:missing=true'), [], 'a code of text alone is a value (bare)')
  t.same(await sorted('Observation?combo-code:missing=false'), ['bare', 'bp', 'hr', 'note'])
  t.same(await sorted('Observation?combo-value-quantity=gt100'), ['bp'], 'a component value')
  t.same(await sorted('Observation?combo-value-quantity=lt75'), ['hr'], 'the value itself')
  t.same(await sorted('Observation?combo-value-quantity:missing=true'), ['bare', 'note'])
  t.same(await ids('Observation?_sort=-combo-code'), ['hr', 'bp', 'note', 'bare'], 'sorted by the greatest of all its codes, none last')
  t.same(await ids('Patient?phonetic=ng'), ['pn'])
  const stored = target.store.db
    .prepare("SELECT count(*) FROM params p WHERE (p.type = 'Observation' AND p.code LIKE 'combo-%') OR (p.type = 'Patient' AND p.code = 'phonetic')")
    .pluck()
    .get()
  t.equal(stored, 0, 'no rows were stored under them')
})

t.test('STORE-MIGRATE-05: a file with rows of its own for such a parameter drops them at open, and answers the same', async (t) => {
  const db = join(t.testdir({}), 'old.db')
  target = await startServer({ db })
  await putAll(target.url, OBSERVATIONS)
  await target.close()
  // As an earlier version wrote it: combo-code's own rows beside code's and component-code's.
  const raw = new Database(db)
  raw.exec(`INSERT INTO params (type, code) VALUES ('Observation', 'combo-code')`)
  const added = raw
    .prepare(
      `INSERT INTO sp_token (rid, pid, system, value, value_ci, text)
       SELECT rid, (SELECT pid FROM params WHERE type = 'Observation' AND code = 'combo-code'), system, value, value_ci, text FROM sp_token
       WHERE pid IN (SELECT pid FROM params WHERE type = 'Observation' AND code IN ('code', 'component-code'))`,
    )
    .run().changes
  raw.close()
  t.ok(added >= 5, `${added} rows of its own written`)
  const store = new Store(db)
  const left = store.db.prepare("SELECT count(*) FROM params WHERE type = 'Observation' AND code = 'combo-code'").pluck().get()
  const orphans = store.db.prepare('SELECT count(*) FROM sp_token WHERE pid NOT IN (SELECT pid FROM params)').pluck().get()
  store.close()
  t.equal(left, 0, 'its pid is gone')
  t.equal(orphans, 0, 'and its rows with it')
  target = await startServer({ db })
  t.teardown(() => target.close())
  t.same((await ids('Observation?combo-code=8480-6')).sort(), ['bp', 'note'])
})
