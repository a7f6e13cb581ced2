// Reader threads (server/http/readers.ts): with a file database, reads and searches are answered by
// worker threads on their own read-only connections. They must answer exactly as the main thread
// does, see every committed write at once, keep a search's paging snapshot across pages (whichever
// reader took it), leave writes, jobs and metadata to the main thread, and refuse nothing they should
// not. What they buy in throughput is measured by npm run bench:target, not here.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, type RunningServer } from '../../server/http/server.js'
import { readsOnly } from '../../server/http/readers.js'
import { CostBook, pickReader, shapeOf, SLOW_MS, STALL_MS } from '../../server/http/read-lanes.js'

const fhirJson = { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' }

interface SearchBundle {
  total?: number
  entry?: Array<{ resource: { id: string; meta: { lastUpdated: string } } }>
  link: Array<{ relation: string; url: string }>
}

async function seed(target: RunningServer, n: number) {
  const entry = Array.from({ length: n }, (_, i) => ({
    resource: { resourceType: 'Patient', id: `p${i}`, name: [{ family: i % 2 ? 'Odd' : 'Even', given: [`G${i}`] }], gender: i % 3 ? 'female' : 'male', birthDate: '1980-01-01' },
    request: { method: 'PUT', url: `Patient/p${i}` },
  }))
  const res = await fetch(target.url, { method: 'POST', headers: fhirJson, body: JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry }) })
  if (res.status !== 200) throw new Error(`seed: ${res.status}`)
  await res.arrayBuffer()
}

/** A reply with the parts that differ between two servers (their ports, snapshot keys) taken out. */
async function comparable(base: string, path: string) {
  const res = await fetch(base + path, { headers: fhirJson })
  const text = (await res.text())
    .split(base)
    .join('BASE/')
    .replace(/_snapshot=[^&"]+/g, '_snapshot=S')
  return { status: res.status, type: res.headers.get('content-type'), etag: res.headers.get('etag'), text }
}

t.test('READERS-01: which interactions a reader may answer', async (t) => {
  for (const [method, path, ok] of [
    ['GET', 'Patient', true],
    ['HEAD', 'Patient/p1', true],
    ['GET', 'Patient/p1/_history/1', true],
    ['GET', '_history', true],
    ['GET', 'Patient/p1/$everything', true],
    ['POST', 'Patient/_search', true],
    ['GET', 'metadata', false],
    ['GET', '$export', false],
    ['GET', 'Patient/$export', false],
    ['GET', 'Transaction/abc', false],
    ['GET', '$erase/abc', false],
    ['POST', 'Patient', false],
    ['PUT', 'Patient/p1', false],
    ['DELETE', 'Patient/p1', false],
    ['POST', '', false],
  ] as const)
    t.equal(readsOnly(method, path === '' ? [] : path.split('/')), ok, `${method} ${path}`)
})

t.test('READERS-02: readers answer as the main thread does, read their writes, and page from their own snapshot', async (t) => {
  const dir = t.testdir({})
  const one = await startServer({ db: join(dir, 'one.db'), readers: 0 })
  const two = await startServer({ db: join(dir, 'two.db'), readers: 2 })
  t.teardown(async () => {
    await one.close()
    await two.close()
  })
  await seed(one, 120)
  await seed(two, 120)
  // The ids are the same, the lastUpdated stamps (and so the default order) are not: sorted by id,
  // and compared without the stamps.
  for (const path of [
    'Patient?family=Odd&_count=7&_elements=name&_sort=_id',
    'Patient?gender=male&_summary=count',
    'Patient?_id=p3,p4&_elements=gender',
    'Patient?birthdate=lt1900-01-01',
    'Patient?nonsense-param=1&_sort=-_id',
    'Patient/missing',
    'NoSuchType?x=1',
    'Patient/p1/_history/9',
  ]) {
    const a = await comparable(one.url, path)
    const b = await comparable(two.url, path)
    t.same({ ...b, text: b.text.replace(/"lastUpdated":"[^"]+"/g, '') }, { ...a, text: a.text.replace(/"lastUpdated":"[^"]+"/g, '') }, path)
  }

  // A long answer comes back from a reader as UTF-8 bytes in a transferred buffer: the same bytes,
  // headers and ETag as the main thread's text, multi-byte characters included.
  const big = { resourceType: 'Patient', id: 'big', name: Array.from({ length: 1500 }, (_, i) => ({ family: `Ångström–Öz ${i}`, given: ['Zoë'] })) }
  for (const target of [one, two]) {
    const put = await fetch(`${target.url}Patient/big`, { method: 'PUT', headers: fhirJson, body: JSON.stringify(big) })
    t.equal(put.status, 201)
    await put.arrayBuffer()
  }
  const direct = await two.readers!.run({ method: 'GET', parts: ['Patient', 'big'], query: '', headers: {} })
  t.ok(direct?.bytes && direct.text === undefined && direct.bytes.byteLength > 64 * 1024, 'a long answer travels as bytes')
  for (const path of ['Patient/big', 'Patient?_id=big', 'Patient/big/_history/1']) {
    const a = await comparable(one.url, path)
    const b = await comparable(two.url, path)
    t.ok(a.text.length > 64 * 1024, `${path} is long`)
    t.same({ ...b, text: b.text.replace(/"lastUpdated":"[^"]+"/g, '') }, { ...a, text: a.text.replace(/"lastUpdated":"[^"]+"/g, '') }, path)
  }
  const head = await fetch(`${two.url}Patient/big`, { method: 'HEAD', headers: fhirJson })
  t.equal(head.status, 200)
  t.equal((await head.arrayBuffer()).byteLength, 0, 'HEAD of a long answer: no body')

  // A write on the main thread is visible to the next read, whichever reader answers it.
  for (let i = 0; i < 10; i++) {
    const put = await fetch(`${two.url}Patient/new${i}`, { method: 'PUT', headers: fhirJson, body: JSON.stringify({ resourceType: 'Patient', id: `new${i}`, gender: 'other' }) })
    t.equal(put.status, 201)
    await put.arrayBuffer()
    const read = await fetch(`${two.url}Patient/new${i}`, { headers: fhirJson })
    t.equal(read.status, 200, `read your write ${i}`)
    await read.arrayBuffer()
  }

  // Paging with _total=accurate keeps a snapshot in the reader that took it; every page comes from
  // it, so writes between pages neither skip nor repeat a match.
  let next: string | undefined = `${two.url}Patient?family=Even&_count=9&_total=accurate`
  const seen: string[] = []
  let total: number | undefined
  for (let page = 0; next && page < 20; page++) {
    const res = await fetch(next, { headers: fhirJson })
    t.equal(res.status, 200)
    const b = (await res.json()) as SearchBundle
    total ??= b.total
    seen.push(...(b.entry ?? []).map((e) => e.resource.id))
    next = b.link.find((l) => l.relation === 'next')?.url
    if (next) t.match(next, /_snapshot=r[12]-/, 'the snapshot key names its reader')
    // A write that would shift an offset-paged result.
    const put = await fetch(`${two.url}Patient/shift${page}`, {
      method: 'PUT',
      headers: fhirJson,
      body: JSON.stringify({ resourceType: 'Patient', id: `shift${page}`, name: [{ family: 'Even' }] }),
    })
    await put.arrayBuffer()
  }
  t.equal(total, 60)
  t.equal(seen.length, 60, 'every match once')
  t.equal(new Set(seen).size, 60, 'no repeats across the pages')
})

t.test('READERS-03: without a file database, or under eventual-search, reads stay on the main thread and still answer', async (t) => {
  const dir = t.testdir({})
  const mem = await startServer({ readers: 2 })
  const lag = await startServer({ db: join(dir, 'lag.db'), readers: 2, variants: ['eventual-search'], indexLagMs: 0 })
  t.teardown(async () => {
    await mem.close()
    await lag.close()
  })
  for (const target of [mem, lag]) {
    await seed(target, 5)
    const res = await fetch(`${target.url}Patient?_summary=count`, { headers: fhirJson })
    t.equal(((await res.json()) as { total: number }).total, 5)
  }
})

t.test('READERS-04: a read goes to a free fast reader; a shape that has run long goes to the slow lane', async (t) => {
  const q = (s: string) => new URLSearchParams(s)
  t.equal(shapeOf('GET', ['Observation'], q('value-quantity=gt0&_count=1000&_total=accurate')), 'GET Observation ?_count&_total&value-quantity')
  t.equal(shapeOf('HEAD', ['Patient', 'p1', '_history', '2'], q('')), 'GET Patient/*/_history/* ?', 'ids and versions are not the shape')
  t.equal(shapeOf('GET', ['Patient', 'p1', '$everything'], q('_page=x&_snapshot=y')), 'GET Patient/*/$everything ?', 'paging parameters are not the shape')

  const book = new CostBook()
  const shape = 'GET Observation ?value-quantity'
  t.notOk(book.slow(shape), 'a shape never seen is not slow')
  book.record(shape, SLOW_MS * 4)
  t.ok(book.slow(shape), 'one long run makes it slow')
  for (let i = 0; i < 10; i++) book.record(shape, 1)
  t.notOk(book.slow(shape), 'quick runs since make it quick again')

  const reader = (name: string, slowLane: boolean, pending: number, headSince = 0) => ({ name, slowLane, pending: { size: pending }, headSince })
  const now = 1000
  const a = reader('a', false, 2, now - 1)
  const b = reader('b', false, 1, now - 1)
  const lane = reader('lane', true, 0)
  t.equal(pickReader([a, b, lane], false, now)?.name, 'b', 'the fast reader with fewer requests in hand')
  t.equal(pickReader([a, b, lane], true, now)?.name, 'lane', 'a slow shape to the slow lane')
  const stuck = reader('stuck', false, 1, now - STALL_MS)
  t.equal(pickReader([stuck, a, lane], false, now)?.name, 'a', 'a reader stuck in a long request is passed over')
  t.equal(pickReader([stuck, lane], false, now)?.name, 'lane', 'all fast readers stuck: the idle slow lane')
  t.equal(pickReader([stuck, reader('busy lane', true, 1)], false, now)?.name, 'stuck', 'all stuck and the lane busy: the fast reader')
  t.equal(pickReader([a, b], true, now)?.name, 'b', 'no slow lane (it failed): a fast reader')
  t.equal(pickReader([], false, now), undefined, 'no reader at all: the main thread answers')
})

t.test('READERS-05: the slow lane answers searches that have run long, on a thread of lower priority', async (t) => {
  const dir = t.testdir({})
  const target = await startServer({ db: join(dir, 'lane.db'), readers: 2 })
  t.teardown(() => target.close())
  await seed(target, 6)
  const query = 'family=Odd&_count=2'
  const first = (await (await fetch(`${target.url}Patient?${query}`, { headers: fhirJson })).json()) as SearchBundle
  t.match(first.link.find((l) => l.relation === 'next')?.url, /_snapshot=r[12]-/, 'a new shape: a fast reader')
  target.readers!.costs.record(shapeOf('GET', ['Patient'], new URLSearchParams(query)), SLOW_MS * 10)
  const slow = (await (await fetch(`${target.url}Patient?${query}`, { headers: fhirJson })).json()) as SearchBundle
  const next = slow.link.find((l) => l.relation === 'next')!.url
  t.match(next, /_snapshot=r3-/, 'a shape that ran long: the slow lane (reader 3)')
  const page2 = (await (await fetch(next, { headers: fhirJson })).json()) as SearchBundle
  t.equal(page2.entry?.length, 1, 'its next page comes from the slow lane too')
  if (process.platform === 'linux') {
    const nice = readdirSync('/proc/self/task').map((tid) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]))
    t.ok(nice.includes(19), 'one thread of this process runs at nice 19')
    // Where util-linux's chrt is installed the lane runs under SCHED_IDLE (policy 5, stat field 41).
    if (spawnSync('chrt', ['--version'], { stdio: 'ignore' }).status === 0) {
      const policies = readdirSync('/proc/self/task').map((tid) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[38]))
      t.ok(policies.includes(5), 'one thread of this process runs under SCHED_IDLE')
    }
  }
})
