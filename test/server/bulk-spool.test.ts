// Export files live on disk, not in memory (server/bulk/spool.ts): written a batch at a time under
// the spool directory, streamed out byte for byte, removed when the job is deleted, when it expires,
// when a temporary spool's server closes, and when a stopped server left them behind.
import t from 'tap'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { startServer, type RunningServer } from '../../server/http/server.js'

const fhirJson = { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' }
const asyncHeaders = { ...fhirJson, Prefer: 'respond-async' }
const dir = mkdtempSync(join(tmpdir(), 'shoreline-spool-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

async function seedPatients(target: RunningServer, n: number) {
  const entry = Array.from({ length: n }, (_, i) => ({
    resource: { resourceType: 'Patient', id: `p${i}`, name: [{ family: `Family${i}` }], gender: 'other' },
    request: { method: 'PUT', url: `Patient/p${i}` },
  }))
  const res = await fetch(target.url, { method: 'POST', headers: fhirJson, body: JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry }) })
  if (res.status !== 200) throw new Error(`seed failed: ${res.status}`)
  await res.arrayBuffer()
}

async function exportJob(target: RunningServer): Promise<{ status: string; id: string }> {
  const kick = await fetch(`${target.url}$export?_type=Patient`, { headers: asyncHeaders })
  await kick.arrayBuffer()
  const status = kick.headers.get('content-location')!
  return { status, id: status.split('/').pop()! }
}

async function finished(status: string) {
  for (let i = 0; i < 400; i++) {
    const res = await fetch(status)
    if (res.status !== 202) return res
    await res.arrayBuffer()
    await sleep(25)
  }
  throw new Error(`${status} never finished`)
}

t.test('BULK-13: export files are spooled under the export directory, streamed out whole, and removed on delete and on expiry', async (t) => {
  const spoolDir = join(dir, 'spool')
  const target = await startServer({ exportDir: spoolDir, exportTtlMs: 1500, retryAfterSeconds: 0 })
  t.teardown(() => target.close())
  t.equal(target.exportDir, spoolDir)
  // 4,500 patients: three batches of the export's 2,000-row reads, appended to one file.
  await seedPatients(target, 4500)
  const job = await exportJob(target)
  const done = await finished(job.status)
  t.equal(done.status, 200)
  const manifest = (await done.json()) as { output: Array<{ type: string; url: string; count: number }> }
  t.same(
    manifest.output.map((o) => [o.type, o.count]),
    [['Patient', 4500]],
  )
  const onDisk = join(spoolDir, job.id, 'Patient.ndjson')
  t.ok(existsSync(onDisk), 'the file is on disk under <export dir>/<job id>/')
  const res = await fetch(manifest.output[0]!.url)
  t.equal(res.status, 200)
  t.equal(res.headers.get('content-type'), 'application/fhir+ndjson')
  t.equal(Number(res.headers.get('content-length')), statSync(onDisk).size, 'Content-Length is the file size')
  const ids = (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { id: string }).id)
  t.equal(ids.length, 4500)
  t.equal(new Set(ids).size, 4500, 'every patient once, across the batches')

  // DELETE removes the job's directory.
  const other = await exportJob(target)
  await (await finished(other.status)).arrayBuffer()
  t.ok(existsSync(join(spoolDir, other.id)))
  t.equal((await fetch(other.status, { method: 'DELETE' })).status, 202)
  t.notOk(existsSync(join(spoolDir, other.id)), 'deleted: its files are gone')

  // A file removed underneath a finished job answers 404, not a broken stream.
  const third = await exportJob(target)
  const m3 = (await (await finished(third.status)).json()) as { output: Array<{ url: string }> }
  rmSync(join(spoolDir, third.id), { recursive: true })
  const gone = await fetch(m3.output[0]!.url)
  t.equal(gone.status, 404)
  t.match(await gone.text(), /expired or its job was deleted/)

  // Expiry: after exportTtlMs the job and its files are gone.
  for (let i = 0; i < 100 && existsSync(join(spoolDir, job.id)); i++) await sleep(50)
  t.notOk(existsSync(join(spoolDir, job.id)), 'expired: its files are gone')
  t.equal((await fetch(job.status)).status, 404, 'expired: the status is 404')
})

t.test('BULK-14: a :memory: server spools to a temporary directory it removes on close; a file database sweeps what a stopped server left', async (t) => {
  const mem = await startServer({ retryAfterSeconds: 0 })
  await seedPatients(mem, 10)
  const job = await exportJob(mem)
  await (await finished(job.status)).arrayBuffer()
  t.ok(existsSync(join(mem.exportDir, job.id, 'Patient.ndjson')))
  t.ok(mem.exportDir.startsWith(tmpdir()), 'a temporary directory')
  await mem.close()
  t.notOk(existsSync(mem.exportDir), 'removed on close')

  const db = join(dir, 'store.db')
  mkdirSync(`${db}-exports/0123abcd`, { recursive: true })
  writeFileSync(`${db}-exports/0123abcd/Patient.ndjson`, '{"resourceType":"Patient","id":"stale"}\n')
  const file = await startServer({ db })
  t.equal(file.exportDir, `${db}-exports`, 'beside the database')
  t.same(readdirSync(file.exportDir), [], 'the files of a job no server knows are removed at start')
  // A file database is exported on a read-only connection of the job's own, in one snapshot.
  const kickedOff = Date.now()
  await seedPatients(file, 2500)
  const fileJob = await exportJob(file)
  const m = (await (await finished(fileJob.status)).json()) as { transactionTime: string; output: Array<{ url: string; count: number }> }
  t.same(
    m.output.map((o) => o.count),
    [2500],
  )
  t.ok(Date.parse(m.transactionTime) >= kickedOff - 1000, 'transactionTime is when the snapshot was taken')
  const text = await (await fetch(m.output[0]!.url)).text()
  t.equal(new Set(text.split('\n').filter(Boolean)).size, 2500)
  await file.close()
})
