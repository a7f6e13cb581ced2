// Search on the reference server, checked against the generator's ground truth: every expected
// id comes back across all pages (completeness) and nothing else (correctness).
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cli, type Json } from '../helpers.js'
import { startServer, type RunningServer } from '../../server/http/server.js'
import { loadDataset } from '../../server/store/preload.js'

let target: RunningServer
let manifest: Json
t.before(async () => {
  const dir = t.testdir({})
  const r = cli(['generate', '--patients', '60', '--seed', '9', '--out', join(dir, 'd'), '--workers', '1', '--no-bundles'])
  if (r.code !== 0) throw new Error(r.stderr)
  manifest = JSON.parse(readFileSync(join(dir, 'd/manifest.json'), 'utf8'))
  target = await startServer()
  await loadDataset(target.store, join(dir, 'd'))
})
t.teardown(() => target?.close())

async function all(url: string): Promise<{ ids: string[]; included: string[]; pages: number; total?: number }> {
  const ids: string[] = []
  const included: string[] = []
  let pages = 0
  let total: number | undefined
  let next: string | undefined = url
  while (next) {
    const res = await fetch(next, { headers: { Accept: 'application/fhir+json' } })
    if (res.status !== 200) throw new Error(`${res.status} for ${next}: ${await res.text()}`)
    const b = (await res.json()) as Json
    if (pages === 0) total = b.total
    pages++
    for (const e of b.entry ?? []) {
      if (e.search?.mode === 'include') included.push(`${e.resource.resourceType}/${e.resource.id}`)
      else if (e.search?.mode === 'match') ids.push(e.resource.id)
    }
    next = b.link.find((l: Json) => l.relation === 'next')?.url
    if (pages > 500) throw new Error('paging does not end')
  }
  return { ids, included, pages, total }
}

t.test('TGT-SE-01: every ground-truth query returns exactly the expected ids, across pages', async (t) => {
  t.ok(manifest.groundTruth.length >= 25, `${manifest.groundTruth.length} queries checked`)
  for (const q of manifest.groundTruth) {
    const got = await all(`${target.url}${q.query}${q.query.includes('?') ? '&' : '?'}_count=7`)
    t.same([...got.ids].sort(), [...q.match].sort(), `${q.name}: ${q.query}`)
    t.same([...new Set(got.included)].sort(), [...q.include].sort(), `${q.name}: included resources`)
    t.equal(got.total, q.match.length, `${q.name}: total`)
    t.equal(new Set(got.ids).size, got.ids.length, `${q.name}: no id on two pages`)
  }
})

t.test('TGT-SE-02: GET and POST _search return the same set', async (t) => {
  const q = manifest.groundTruth.find((x: Json) => x.name === 'observation-code-date-range')
  const [type, qs] = q.query.split('?')
  const res = await fetch(`${target.url}${type}/_search`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: qs + '&_count=1000' })
  const b = (await res.json()) as Json
  t.same(b.entry.map((e: Json) => e.resource.id).sort(), [...q.match].sort())
  t.ok(b.entry.every((e: Json) => e.search.mode === 'match' && e.fullUrl.endsWith(`${type}/${e.resource.id}`)))
})

t.test('TGT-SE-03: reference forms agree: Type/id, bare id, :Type, absolute URL', async (t) => {
  const pid = manifest.anchor.patientId
  const forms = [`patient=Patient/${pid}`, `patient=${pid}`, `patient:Patient=${pid}`, `patient=${target.url}Patient/${pid}`, `subject=Patient/${pid}`]
  const sets = await Promise.all(forms.map((f) => all(`${target.url}Observation?${f}&_count=1000`)))
  const [first, ...others] = sets
  t.ok(first && first.ids.length > 0)
  others.forEach((s, i) => t.same([...s.ids].sort(), [...(first?.ids ?? [])].sort(), forms[i + 1] ?? ''))
})

t.test('TGT-SE-04: _summary=count and _total=none', async (t) => {
  const count = (await (await fetch(`${target.url}Patient?_summary=count`)).json()) as Json
  t.equal(count.total, 60)
  t.same(count.entry ?? [], [])
  const none = (await (await fetch(`${target.url}Patient?_total=none`)).json()) as Json
  t.equal(none.total, undefined)
  t.equal(none.entry.length, 20, 'default page size')
})
