// Crash safety of `shoreline serve --db FILE`: the process is killed with SIGKILL (no handler, no
// cleanup) during a transaction, an import job and an export job, then started again on the same
// file. The database must be consistent (no partial transaction, index rows matching resources), an
// import must resume after its last committed batch (every resource written exactly once), and no
// export file may be left that no job serves. Loopback only; every wait is bounded.
import t from 'tap'
import { createServer } from 'node:http'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import Database from 'better-sqlite3'
import { serveProcess } from '../helpers.js'

const fhirJson = { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' }

function serve(db: string) {
  const p = serveProcess(['--db', db, '--auth', 'none', '--validation', 'structure-only'])
  const end = (signal: NodeJS.Signals) => async () => {
    p.child.kill(signal)
    await p.stopped
  }
  return { url: p.url, kill9: end('SIGKILL'), stop: end('SIGTERM') }
}

function patients(prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({ resourceType: 'Patient', id: `${prefix}${i}`, name: [{ family: `${prefix}-family-${i}` }], gender: 'unknown' }))
}

/** Integrity, and the search index agreeing with the resources: what a partial write would break. */
function inspect(db: string) {
  const count = (sql: string, ...args: unknown[]) => {
    const d = new Database(db, { readonly: true })
    try {
      return (d.prepare(sql).get(...args) as { n: number }).n
    } finally {
      d.close()
    }
  }
  const d = new Database(db, { readonly: true })
  const integrity = d.pragma('integrity_check', { simple: true })
  d.close()
  {
    return {
      integrity,
      count,
      // Every live Patient has its family name indexed once, and no index row outlives its resource.
      unindexed: count(
        "SELECT count(*) AS n FROM resources r WHERE r.type = 'Patient' AND r.deleted = 0 AND NOT EXISTS (SELECT 1 FROM sp_string s JOIN params p ON p.pid = s.pid WHERE s.rid = r.rid AND p.type = 'Patient' AND p.code = 'family')",
      ),
      orphanIndex: count(
        'SELECT count(*) AS n FROM sp_string s JOIN params p ON p.pid = s.pid WHERE NOT EXISTS (SELECT 1 FROM resources r WHERE r.rid = s.rid AND r.type = p.type)',
      ),
      // Every current row points at its own version's history row, which holds its JSON.
      unpointed: count(
        'SELECT count(*) AS n FROM resources r WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.seq = r.hseq AND h.type = r.type AND h.id = r.id AND h.version = r.version)',
      ),
      versionsBeyondOne: count("SELECT count(*) AS n FROM resources WHERE type = 'Patient' AND version > 1"),
    }
  }
}

/** A job's status URL until it stops answering 202. */
const finished = (what: string, url: string) =>
  until(what, async () => {
    const res = await fetch(url)
    if (res.status === 202) return void (await res.arrayBuffer())
    return res
  })

/** A URL of the first server, under the restarted one's base (another port). */
const onServer = (url: string, base: string) => url.replace(/^http:\/\/[^/]+\/datastore\/local\/r4\//, base)

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    const v = await probe()
    if (v !== undefined) return v
    await sleep(20)
  }
  throw new Error(`${what}: not within ${ms} ms`)
}

t.test('CRASH-01: SIGKILL during a transaction Bundle: after restart it is all there or not at all, and the index agrees', async (t) => {
  const dir = t.testdir({})
  const db = join(dir, 'store.db')
  const entry = (prefix: string) => patients(prefix, 4000).map((r) => ({ resource: r, request: { method: 'PUT', url: `Patient/${r.id}` } }))
  const post = (url: string, prefix: string) =>
    fetch(url, { method: 'POST', headers: fhirJson, body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry: entry(prefix) }) }).then(
      async (r) => (await r.arrayBuffer(), r.status),
      () => 'no answer',
    )
  // How long a transaction of this size takes here (the second of two: the first warms up), so the
  // kill can land in the middle of the next one; if it was answered first, again a little sooner.
  let server = serve(db)
  let url = await server.url
  t.equal(await post(url, 'v'), 200)
  const t0 = Date.now()
  t.equal(await post(url, 'w'), 200)
  const took = Date.now() - t0
  let killed: string | undefined
  for (let attempt = 0; attempt < 4 && !killed; attempt++) {
    if (attempt > 0) {
      server = serve(db)
      url = await server.url
    }
    const prefix = `x${attempt}-`
    const pending = post(url, prefix)
    await sleep(Math.max(10, took / 2 ** (attempt + 1)))
    await server.kill9()
    if ((await pending) === 'no answer') killed = prefix
  }
  t.ok(killed, `killed before a transaction was answered (one took ${took} ms)`)
  const state = inspect(db)
  t.equal(state.integrity, 'ok', 'integrity_check')
  const x = state.count("SELECT count(*) AS n FROM resources WHERE type = 'Patient' AND id LIKE ?", `${killed}%`)
  t.ok(x === 0 || x === 4000, `all or nothing of the killed transaction (found ${x} of 4000)`)
  const answered = state.count("SELECT count(*) AS n FROM resources WHERE type = 'Patient' AND (id LIKE 'v%' OR id LIKE 'w%')")
  t.equal(answered, 8000, 'the answered transactions are durable')
  const all = state.count("SELECT count(*) AS n FROM resources WHERE type = 'Patient'")
  t.equal(state.unindexed, 0, 'no resource without its index rows')
  t.equal(state.orphanIndex, 0, 'no index row without its resource')
  t.equal(state.unpointed, 0, 'no current row without its history row')

  const second = serve(db)
  const again = await second.url
  const total = (await (await fetch(`${again}Patient?_summary=count`)).json()) as { total: number }
  t.equal(total.total, all, 'the restarted server searches what is stored')
  await second.stop()
})

t.test('CRASH-02: SIGKILL during an $import: the restarted server resumes the job after its last committed batch', async (t) => {
  const dir = t.testdir({})
  const db = join(dir, 'store.db')
  // Two NDJSON files of 3,000 patients, served on loopback with their manifest.
  const files: Record<string, string> = {
    '/a.ndjson':
      patients('a', 3000)
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    '/b.ndjson':
      patients('b', 3000)
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
  }
  const source = createServer((req, res) => {
    const body = files[req.url ?? '']
    res.writeHead(body === undefined ? 404 : 200, { 'Content-Type': 'application/fhir+ndjson' })
    res.end(body)
  })
  await new Promise<void>((r) => source.listen(0, '127.0.0.1', r))
  t.teardown(() => source.close())
  const origin = `http://127.0.0.1:${(source.address() as AddressInfo).port}`
  files['/manifest.json'] = JSON.stringify({
    output: [
      { type: 'Patient', url: `${origin}/a.ndjson` },
      { type: 'Patient', url: `${origin}/b.ndjson` },
    ],
  })

  const first = serve(db)
  const url = await first.url
  const kick = await fetch(`${url}$import`, {
    method: 'POST',
    headers: { ...fhirJson, Prefer: 'respond-async' },
    body: JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: 'manifestUrl', valueUrl: `${origin}/manifest.json` }] }),
  })
  t.equal(kick.status, 202)
  const status = kick.headers.get('content-location')!
  // Kill once some batches have committed and the job is not done.
  const scanned = await until('the import under way', async () => {
    const res = await fetch(status)
    await res.arrayBuffer()
    const n = Number(/^(\d+)/.exec(res.headers.get('x-progress') ?? '')?.[1] ?? 0)
    if (res.status !== 202) throw new Error(`the import finished before it could be killed (${res.status})`)
    return n >= 1000 ? n : undefined
  })
  await first.kill9()
  const stored = inspect(db).count("SELECT count(*) AS n FROM resources WHERE type = 'Patient'")
  t.ok(stored >= 1000 && stored < 6000, `killed part-way: ${stored} stored when it was killed (${scanned} scanned)`)

  const second = serve(db)
  const again = await second.url
  const moved = onServer(status, again)
  const done = await finished('the resumed import', moved)
  t.equal(done.status, 200, 'the job is answered by the restarted server')
  const body = (await done.json()) as { jobStatus: string; counters: { scanned: number; imported: number }; output: Array<{ inputUrl: string; url: string; count: number }> }
  t.equal(body.jobStatus, 'COMPLETED')
  t.same([body.counters.scanned, body.counters.imported], [6000, 6000], 'every line scanned and imported once')
  t.same(
    body.output.map((o) => [o.inputUrl, o.count]),
    [
      ['a.ndjson', 3000],
      ['b.ndjson', 3000],
    ],
  )
  const lineIds = ((await (await fetch(body.output[0]!.url)).text()).split('\n').filter(Boolean) as string[]).map((l) => (JSON.parse(l) as { lineId: number }).lineId)
  t.equal(new Set(lineIds).size, 3000, 'a.ndjson: one outcome line per input line, across the crash')
  await second.stop()
  const state = inspect(db)
  t.equal(state.count("SELECT count(*) AS n FROM resources WHERE type = 'Patient'"), 6000)
  t.equal(state.versionsBeyondOne, 0, 'no resource written twice: the resumed job skipped what had committed')
  t.equal(state.unindexed + state.orphanIndex + state.unpointed, 0, 'the index and the history agree')
})

t.test('CRASH-03: SIGKILL during an export: the restarted server runs it again and keeps no file a job does not serve', async (t) => {
  const dir = t.testdir({})
  const db = join(dir, 'store.db')
  const first = serve(db)
  const url = await first.url
  const entry = patients('e', 5000).map((r) => ({ resource: r, request: { method: 'PUT', url: `Patient/${r.id}` } }))
  await (await fetch(url, { method: 'POST', headers: fhirJson, body: JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry }) })).arrayBuffer()
  const kick = await fetch(`${url}$export?_type=Patient`, { headers: { ...fhirJson, Prefer: 'respond-async' } })
  t.equal(kick.status, 202)
  const status = kick.headers.get('content-location')!
  const jobId = status.split('/').pop()!
  await first.kill9()
  // Whatever the kill interrupted, add what a killed export leaves: a half-written file of the job,
  // and the directory of a job no server ever recorded.
  mkdirSync(join(`${db}-exports`, jobId), { recursive: true })
  writeFileSync(join(`${db}-exports`, jobId, 'Patient.ndjson'), '{"resourceType":"Patient","id":"e0"')
  mkdirSync(join(`${db}-exports`, 'f00dfeed'), { recursive: true })

  const second = serve(db)
  const again = await second.url
  const moved = onServer(status, again)
  const done = await finished('the export run again', moved)
  t.equal(done.status, 200)
  const manifest = (await done.json()) as { output: Array<{ url: string; count: number }> }
  t.same(
    manifest.output.map((o) => o.count),
    [5000],
  )
  t.ok(manifest.output[0]!.url.startsWith(again), 'file URLs under the restarted server')
  const text = await (await fetch(manifest.output[0]!.url)).text()
  t.equal(text.split('\n').filter(Boolean).length, 5000, 'the whole file, not the half-written one')
  t.same(readdirSync(`${db}-exports`), [jobId], 'only the directory of the job that serves it')
  await second.stop()

  // A graceful restart keeps a finished export: same manifest, same file.
  const third = serve(db)
  const after = await third.url
  const kept = await fetch(onServer(status, after))
  t.equal(kept.status, 200, 'a finished export outlives a restart')
  const m3 = (await kept.json()) as { output: Array<{ url: string }> }
  t.equal((await (await fetch(m3.output[0]!.url)).text()).split('\n').filter(Boolean).length, 5000)
  await third.stop()
})
