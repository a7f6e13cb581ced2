// The write path's threads: import batches examined on preparing threads give what the main thread
// gives, line for line; a resource prepared once is stored as Store.put stores it; and a file
// database's log is copied back by the checkpointer thread, not by the writer's commits.
import t from 'tap'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { startServer, type RunningServer } from '../../server/http/server.js'
import { PreparePool } from '../../server/bulk/prepare-pool.js'
import { examineLine } from '../../server/bulk/import-line.js'
import { prepareResource, storedJson } from '../../server/store/prepared.js'
import { buildCorpus } from '../../generators/invalid/corpus.js'
import type { ImportJob, ImportSource } from '../../server/bulk/import.js'
import { JobLedger } from '../../server/bulk/ledger.js'
import { sampleResources } from './write-sample.js'

const lines = (prefix: string, n: number) => sampleResources(prefix, n).map((r) => JSON.stringify(r))

/**
 * The text as a slow source gives it: its first 40 lines, then (when it has more) the rest once
 * the preparing threads those lines started are up, so the rest is examined on them.
 */
async function* chunks(text: string, server?: RunningServer) {
  const cut = text.split('\n', 40).join('\n').length
  yield text.slice(0, cut)
  if (cut >= text.length) return
  await server?.imports.preparing?.started()
  yield text.slice(cut)
}

/** Three files: valid resources (one written twice), the invalid corpus, and lines that are not resources. */
function sources(server: RunningServer): ImportSource[] {
  const data = lines('th', 3000)
  data.push(data[1]!) // the same Observation again: version 2
  const files: Record<string, string> = {
    'data.ndjson': data.join('\n') + '\n',
    'corpus.ndjson': buildCorpus().ndjson,
    'broken.ndjson': '{"resourceType":"Patient","id":"ok-1"}\n\nnot json\n{"resourceType":"Patient"}\n[]\n',
  }
  return Object.entries(files).map(([name, text]) => ({ name, uri: name, size: text.length, open: async () => chunks(text, server) }))
}

async function importOn(server: RunningServer, level: 'strict' | 'minimal') {
  const job: ImportJob = server.imports.newJob(level, 'test')
  await server.imports.run(job, sources(server))
  const ledger = new JobLedger(server.store.db)
  const ledgerLines = job.files.map((f) => (['success', 'flagged', 'failure'] as const).map((k) => ledger.lines(job.id, f.name, k).map((l) => JSON.parse(l) as unknown)))
  const stored = server.store.db.prepare('SELECT h.json FROM resources r JOIN history h ON h.seq = r.hseq ORDER BY r.type, r.id').all() as Array<{ json: string }>
  const indexRows = server.store.db.prepare("SELECT r.type || '/' || r.id AS k, count(*) AS n FROM resources r JOIN sp_token s ON s.rid = r.rid GROUP BY 1 ORDER BY 1").all()
  return { counters: job.counters, files: job.files, ledgerLines, stored: stored.map((s) => withoutTime(JSON.parse(s.json))), indexRows }
}

/** lastUpdated differs between two runs; everything else must not. */
function withoutTime(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v).replace(/"lastUpdated":"[^"]+"/g, '"lastUpdated":"T"'))
}

t.test('IMPORT-THREADS-01: batches examined on preparing threads store and account exactly as the main thread does', async (t) => {
  for (const level of ['strict', 'minimal'] as const) {
    const here = await startServer({ prepareThreads: 0, importBatchLines: 50 })
    const threads = await startServer({ prepareThreads: 2, importBatchLines: 7 })
    t.teardown(() => Promise.all([here.close(), threads.close()]))
    const a = await importOn(here, level)
    const b = await importOn(threads, level)
    t.ok(
      a.counters.imported > 300 && a.counters.customerErrors > 5,
      `${level}: both kinds of line are there (${a.counters.imported} imported, ${a.counters.customerErrors} refused)`,
    )
    t.same(b.counters, a.counters, `${level}: the same counters`)
    t.same(b.files, a.files, `${level}: the same per-file accounts`)
    t.same(withoutTime(b.ledgerLines), withoutTime(a.ledgerLines), `${level}: the same outcome lines`)
    t.same(b.stored, a.stored, `${level}: the same resources stored`)
    t.same(b.indexRows, a.indexRows, `${level}: the same index rows`)
    t.equal(here.imports.threadBatches, 0, `${level}: none on threads where none were allowed`)
    t.ok(threads.imports.threadBatches > 10, `${level}: ${threads.imports.threadBatches} batches examined on threads`)
  }
})

t.test('IMPORT-THREADS-02: a preparing thread gives the verdicts the main thread gives; with no thread the main thread examines', async (t) => {
  const batch = {
    lines: [...lines('pp', 30), '', 'not json', '{"resourceType":"Patient","id":"x","gender":"nope"}'],
    first: 1,
    fileName: 'f.ndjson',
    how: { level: 'strict' as const, validate: true },
  }
  const inline = batch.lines.map((l, i) => examineLine(l, i + 1, 'f.ndjson', batch.how))
  const pool = await PreparePool.start(1)
  t.teardown(() => pool.close())
  t.equal(pool.size, 1, 'one thread started')
  t.same(await pool.examine(batch), inline)
  const none = await PreparePool.start(0)
  t.equal(none.size, 0)
  t.same(await none.examine(batch), inline)
  t.ok('refused' in inline.at(-1)! && 'refused' in inline.at(-2)! && 'blank' in inline.at(-3)!, 'a bad code and bad JSON refused, a blank line passed over')
})

t.test('STORE-PREP-01: a prepared resource: meta keeps its elements, versionId and lastUpdated are the writer’s, the rest follows', async (t) => {
  const p = prepareResource({ resourceType: 'Patient', id: 'a', meta: { versionId: 'old', tag: [{ code: 'x' }] }, gender: 'other' })
  t.equal(
    storedJson(p, '3', '2026-01-01T00:00:00.000Z'),
    '{"resourceType":"Patient","id":"a","meta":{"tag":[{"code":"x"}],"versionId":"3","lastUpdated":"2026-01-01T00:00:00.000Z"},"gender":"other"}',
  )
  t.equal(storedJson(prepareResource({ resourceType: 'Basic', id: 'b' }), '1', 'T'), '{"resourceType":"Basic","id":"b","meta":{"versionId":"1","lastUpdated":"T"}}')
  t.same(p.rows.sp_token, ['_tag', null, 'x', 'x', null, 'gender', null, 'other', 'other', null])
})

t.test('STORE-CKPT-01: on a file database the checkpointer thread copies the log back; the writer only appends', async (t) => {
  const dir = t.testdir({})
  const db = join(dir, 'store.db')
  const server = await startServer({ db })
  t.teardown(() => server.close())
  t.equal(server.store.db.pragma('wal_autocheckpoint', { simple: true }), 65_536, "the writer's own checkpoint is only a backstop")
  const before = statSync(db).size
  const job = server.imports.newJob('structure-only', 'test')
  const text = lines('ck', 3000).join('\n')
  await server.imports.run(job, [{ name: 'a.ndjson', uri: 'a', size: text.length, open: async () => chunks(text) }])
  t.equal(job.counters.imported, 3000)
  let after = before
  for (let i = 0; i < 400 && after < before + 1_000_000; i++) {
    await sleep(50)
    after = statSync(db).size
  }
  t.ok(after >= before + 1_000_000, `the database file grew from ${before} to ${after} bytes while the writer's checkpoint was 256 MB away`)
})

t.test('IMPORT-CANCEL-01: a job cancelled part-way through a file closes that file’s accounts on what it stored', async (t) => {
  const server = await startServer({ prepareThreads: 0, importBatchLines: 10 })
  t.teardown(() => server.close())
  const job = server.imports.newJob('strict', 'test')
  const text = lines('cx', 100).join('\n')
  async function* cancelledAfter40() {
    yield text.split('\n', 40).join('\n') + '\n'
    job.cancelRequested = true
    yield text.split('\n').slice(40).join('\n')
  }
  await server.imports.run(job, [{ name: 'a.ndjson', uri: 'a', size: text.length, open: async () => cancelledAfter40() }])
  t.equal(job.status, 'CANCEL_COMPLETED')
  t.ok(job.counters.imported >= 10 && job.counters.imported <= 40, `stored up to the cancel: ${job.counters.imported}`)
  t.same([job.counters.scannedFiles, job.counters.importedFiles], [1, 1], 'the file it was in counts as scanned and imported')
  t.ok(job.counters.scannedMB > 0, 'with the bytes read')
})
