// npm run bench:target — the embedded server as a local HealthLake stand-in, every goal of the issue
// "The embedded server at real sizes" measured side by side in one run, on a file database (WAL),
// each figure from a fresh `shoreline serve` child:
// 1. ingest: a generated population seeded as batch Bundles (100 PUTs each, 4 in flight), resources/s;
// 2. `$import` of the same NDJSON, pulled over loopback, at structure-only and at strict, resources/s;
//    1 and 2 in BENCH_ROUNDS rounds (default 3), each in turn: medians with their range;
// 3. reads by id (autocannon, 10 connections), alone and while another client runs a slow search,
//    on one thread (--readers 0) and with two reader threads and the slow lane (the default), medians of 3;
// 4. peak RSS of `serve` while it writes and serves a ~100k-resource export;
// 5. scale: BENCH_SCALE_PATIENTS (default 10,000, ~2.2 M resources) imported at structure-only in
//    two jobs, about the first 1 M resources (where the issue sets the search goals) and the rest;
//    `Observation?patient&code`, `Patient?family=` and `$everything` p50 over HTTP at 1 M and at
//    the whole; then the same dataset seeded as batch Bundles into a second file.
// BENCH_PATIENTS (default 460, ~100k resources) sets the size of 1-4; BENCH_SCALE_PATIENTS=0 skips 5,
// BENCH_SCALE_AT (default 1,000,000) moves its first measurement.
// Loopback only; every loop is bounded.
import { spawnSync } from 'node:child_process'
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import { serveChild } from './serve-child.js'
import { median } from './stats.js'
import { importJob } from './import-job.js'
import { TargetClient } from '../lib/target/client.js'
import { openDataset, type Dataset } from '../lib/seed/dataset.js'
import { seedDataset } from '../lib/seed/seed.js'

const bin = new URL('../bin/shoreline.js', import.meta.url).pathname
const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 460)
const SCALE = Number(process.env.BENCH_SCALE_PATIENTS ?? 10000)
/** Where the scale search goals are measured: after about this many resources are stored. */
const SCALE_AT = Number(process.env.BENCH_SCALE_AT ?? 1_000_000)
const dir = mkdtempSync(join(tmpdir(), 'shoreline-bench-target-'))
const f = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3))
/** `(median of 3: 4,100–4,400)`. */
const spread = (xs: number[]) => (xs.length > 1 ? `(median of ${xs.length}: ${f(Math.min(...xs))}–${f(Math.max(...xs))})` : '')
const removeDb = (file: string) => {
  for (const x of [file, `${file}-wal`, `${file}-shm`]) rmSync(x, { force: true })
  rmSync(`${file}-exports`, { recursive: true, force: true })
}
const rows: Array<{ what: string; goal: string; measured: string; met?: boolean }> = []
const report = (what: string, goal: string, measured: string, met?: boolean) => {
  rows.push({ what, goal, measured, met })
  console.log(`  ${what}: ${measured}${goal ? ` (goal ${goal})` : ''}`)
}

function generate(name: string, patients: number): Dataset & { anchor: { patientId: string; family: string } } {
  const out = join(dir, name)
  const r = spawnSync(process.execPath, [bin, 'generate', '--patients', String(patients), '--seed', '7', '--out', out, '--no-bundles', '--quiet'], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`generate failed: ${r.stderr}`)
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { anchor: { patientId: string; family: string } }
  return { ...openDataset(out), anchor: manifest.anchor }
}

/** VmHWM (peak resident set) of a process, MB, from /proc. */
function peakRssMb(pid: number): number {
  const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kb) / 1024
}

/** Which bytes of each file an import reads (its path → [start, end)); every byte when not given. */
type Part = Map<string, [number, number]>

/** The dataset's NDJSON files (or their `part`) and a Bulk Data manifest listing them, on a loopback port. */
async function fileServer(ds: Dataset, part?: Part): Promise<{ manifestUrl: string; server: Server }> {
  const files = ds.files.filter((x) => !part || part.get(x.path)![1] > part.get(x.path)![0])
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1))
    if (name === 'manifest.json') {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ output: files.map((x) => ({ type: x.resourceType, url: `${origin}/${x.path}` })) }))
      return
    }
    const file = files.find((x) => x.path === name)
    if (!file) return void res.writeHead(404).end()
    const path = join(ds.dir, file.path)
    const [start, end] = part?.get(file.path) ?? [0, statSync(path).size]
    res.writeHead(200, { 'Content-Type': 'application/fhir+ndjson', 'Content-Length': String(end - start) })
    if (end > start) createReadStream(path, { start, end: end - 1 }).pipe(res)
    else res.end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { manifestUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/manifest.json`, server }
}

/** The byte offset just after a file's `lines`-th line (read a MB at a time), and the file's size. */
function afterLine(path: string, lines: number): { at: number; size: number } {
  const size = statSync(path).size
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.allocUnsafe(1 << 20)
    let seen = 0
    for (let pos = 0; pos < size && seen < lines;) {
      const n = readSync(fd, buf, 0, buf.length, pos)
      if (n === 0) break
      for (let i = buf.indexOf(10); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) if (++seen === lines) return { at: pos + i + 1, size }
      pos += n
    }
    return { at: lines === 0 ? 0 : size, size }
  } finally {
    closeSync(fd)
  }
}

/**
 * The dataset cut in two where about `n` resources are read: each file's first lines in the share
 * the whole has of `n` (the generator writes patients in order, so about the first patients with
 * their records), and the rest. Returns both parts and the resources in the first.
 */
function cutAt(ds: Dataset, n: number): { first: Part; rest: Part; resources: number } {
  const first: Part = new Map()
  const rest: Part = new Map()
  let resources = 0
  for (const file of ds.files) {
    if (!file.path.endsWith('.ndjson')) throw new Error(`cannot cut ${file.path}: not plain NDJSON`)
    const lines = Math.round((file.resources * n) / ds.total)
    const { at, size } = afterLine(join(ds.dir, file.path), lines)
    first.set(file.path, [0, at])
    rest.set(file.path, [at, size])
    resources += lines
  }
  return { first, rest, resources }
}

/** `$import` of the dataset (or `part` of it, `expect` resources) into a file database; resources/s from kick-off to the end. */
async function importInto(db: string, ds: Dataset, level: string, part?: Part, expect = ds.total) {
  const files = await fileServer(ds, part)
  const target = await serveChild(['--db', db, '--auth', 'none'])
  try {
    const r = await importJob(target.url, files.manifestUrl, level, 3_600_000)
    if (r.counters.imported !== expect) throw new Error(`$import ${level}: ${r.jobStatus}, ${r.counters.imported} of ${expect} imported`)
    return { seconds: r.seconds, perSecond: expect / r.seconds, peakMb: peakRssMb(target.pid) }
  } finally {
    await target.stop()
    files.server.close()
  }
}

async function readsPerSecond(url: string): Promise<number> {
  const r = await autocannon({ url, connections: 10, duration: 5 })
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`)
  return r.requests.average
}

/** p50 of `n` requests one after another, ms. */
async function p50(url: string, n = 200): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint()
    const res = await fetch(url)
    await res.arrayBuffer()
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`)
  }
  return median(times)
}

async function ingest(ds: Dataset, db: string) {
  const target = await serveChild(['--db', db, '--auth', 'none', '--max-bundle-entries', '1000'])
  const client = new TargetClient({ url: target.url, profile: 'generic', auth: { kind: 'none' }, timeoutMs: 120_000 }, { connections: 8 })
  try {
    const run = await seedDataset(client, ds, { via: 'batch', concurrency: 4, bundleSize: 100 })
    if (run.errors.length) throw new Error(`${run.errors.length} resources rejected, first: ${run.errors[0]?.diagnostics}`)
    return run.written / run.seconds
  } finally {
    await client.close()
    await target.stop()
  }
}

/** Reads by id alone and beside a slow search run back to back, three rounds of each in turn: medians. */
async function reads(db: string, anchor: { patientId: string }, readers: number) {
  const target = await serveChild(['--db', db, '--auth', 'none', '--readers', String(readers)])
  try {
    const read = `${target.url}Patient/${anchor.patientId}`
    // A slow search, run back to back by one other client for as long as the reads are measured.
    const slow = `${target.url}Observation?value-quantity=gt0&_count=1000&_total=accurate`
    const slowMs = await p50(slow, 3)
    const alone: number[] = []
    const during: number[] = []
    for (let round = 0; round < 3; round++) {
      alone.push(await readsPerSecond(read))
      let stop = false
      const loop = (async () => {
        while (!stop) await (await fetch(slow)).arrayBuffer()
      })()
      during.push(await readsPerSecond(read))
      stop = true
      await loop
    }
    return { alone: median(alone), during: median(during), slowMs }
  } finally {
    await target.stop()
  }
}

async function exportPeak(db: string) {
  const target = await serveChild(['--db', db, '--auth', 'none'])
  try {
    const kick = await fetch(`${target.url}$export`, { headers: { Prefer: 'respond-async', Accept: 'application/fhir+json' } })
    const status = kick.headers.get('content-location')!
    let manifest: { output: Array<{ url: string; count: number }> } | undefined
    for (let i = 0; i < 6000 && !manifest; i++) {
      const res = await fetch(status)
      if (res.status === 200) manifest = (await res.json()) as typeof manifest
      else if (res.status === 202) await res.arrayBuffer().then(() => sleep(100))
      else throw new Error(`export status ${res.status}: ${await res.text()}`)
    }
    if (!manifest) throw new Error('the export did not finish within 10 minutes')
    for (const o of manifest.output) await (await fetch(o.url)).arrayBuffer()
    return { resources: manifest.output.reduce((n, o) => n + o.count, 0), peakMb: peakRssMb(target.pid) }
  } finally {
    await target.stop()
  }
}

/** Search p50s over HTTP on a file database of `stored` resources; measured against the goals when `goals`. */
async function latencies(db: string, ds: Dataset & { anchor: { patientId: string; family: string } }, stored: number, goals: boolean) {
  const target = await serveChild(['--db', db, '--auth', 'none'])
  try {
    const found = async (url: string) => ((await (await fetch(url)).json()) as { entry?: unknown[] }).entry?.length ?? 0
    const obsUrl = `${target.url}Observation?patient=Patient/${ds.anchor.patientId}&code=http://loinc.org|29463-7`
    const famUrl = `${target.url}Patient?family=${encodeURIComponent(ds.anchor.family)}`
    const [obsFound, famFound] = [await found(obsUrl), await found(famUrl)]
    if (obsFound === 0 || famFound === 0) throw new Error(`at ${f(stored)} resources the anchor patient's searches found nothing (${obsFound}, ${famFound})`)
    const obs = await p50(obsUrl)
    const fam = await p50(famUrl)
    const everything = await p50(`${target.url}Patient/${ds.anchor.patientId}/$everything`, 20)
    const at = `at ${f(stored)}`
    report(`Observation?patient&code p50 ${at} (${obsFound} found)`, goals ? '< 5 ms' : '', `${f(obs, 2)} ms`, goals ? obs < 5 : undefined)
    report(`Patient?family= p50 ${at} (${famFound} found)`, goals ? '< 2 ms' : '', `${f(fam, 2)} ms`, goals ? fam < 2 : undefined)
    report(`Patient/[id]/$everything p50 ${at}`, '', `${f(everything, 1)} ms`)
  } finally {
    await target.stop()
  }
}

async function scale(patients: number) {
  console.log(`\nscale: generating ${f(patients)} patients …`)
  const ds = generate('scale', patients)
  console.log(`  ${f(ds.total)} resources`)
  const db = join(dir, 'scale.db')
  // The goals are set at 1 M stored resources: the first ~1 M are imported and searched, then the rest.
  const cut = cutAt(ds, Math.min(SCALE_AT, ds.total - 1))
  const first = await importInto(db, ds, 'structure-only', cut.first, cut.resources)
  await latencies(db, ds, cut.resources, true)
  const rest = await importInto(db, ds, 'structure-only', cut.rest, ds.total - cut.resources)
  const seconds = first.seconds + rest.seconds
  report(
    `$import of ${f(ds.total)} resources, structure-only, in two jobs (${f(cut.resources)}, then the rest)`,
    '',
    `${f(ds.total / seconds)} resources/s, ${f(seconds)} s, serve peak RSS ${f(Math.max(first.peakMb, rest.peakMb))} MB`,
  )
  await latencies(db, ds, ds.total, false)
  removeDb(db)
  // The same dataset through `seed` (batch Bundles over HTTP), as a user would load it.
  const seeded = await ingest(ds, join(dir, 'scale-seed.db'))
  report(`seed of ${f(ds.total)} resources, batch Bundles of 100, 4 in flight`, '', `${f(seeded)} resources/s, ${f(ds.total / seeded)} s`)
}

try {
  console.log(`shoreline serve, file database (WAL), Node ${process.version}; generating ${f(PATIENTS)} patients …`)
  const ds = generate('data', PATIENTS)
  console.log(`  ${f(ds.total)} resources\n`)
  // The write figures in rounds, each kind in turn (the machine is shared and noisy): medians with
  // their range. The first round's ingested file serves the reads and the export below.
  const db = join(dir, 'ingest.db')
  const ingested: number[] = []
  const imported: Record<'structure-only' | 'strict', Array<{ perSecond: number; peakMb: number }>> = { 'structure-only': [], strict: [] }
  for (let round = 0; round < ROUNDS; round++) {
    const file = round === 0 ? db : join(dir, `ingest-${round}.db`)
    ingested.push(await ingest(ds, file))
    if (round > 0) removeDb(file)
    for (const level of ['structure-only', 'strict'] as const) {
      const file = join(dir, `import-${level}.db`)
      imported[level].push(await importInto(file, ds, level))
      removeDb(file)
    }
  }
  const ingest50 = median(ingested)
  report('ingest, batch Bundles of 100, 4 in flight', '≥ 5,000 resources/s', `${f(ingest50)} resources/s ${spread(ingested)}`, ingest50 >= 5000)
  for (const [level, goal] of [
    ['structure-only', 10_000],
    ['strict', 5_000],
  ] as const) {
    const runs = imported[level].map((r) => r.perSecond)
    const p50 = median(runs)
    const peak = Math.max(...imported[level].map((r) => r.peakMb))
    report(`$import at ${level}`, `≥ ${f(goal)} resources/s`, `${f(p50)} resources/s ${spread(runs)} (serve peak RSS ${f(peak)} MB)`, p50 >= goal)
  }
  const single = await reads(db, ds.anchor, 0)
  const r = await reads(db, ds.anchor, 2)
  report('reads by id, 10 connections, one thread (--readers 0)', '', `${f(single.alone)}/s; beside a ${f(single.slowMs)} ms search run back to back: ${f(single.during)}/s`)
  report('reads by id, 10 connections, 2 reader threads', '≥ 8,000/s', `${f(r.alone)}/s`, r.alone >= 8000)
  const kept = r.during / r.alone
  report(`reads beside a ${f(r.slowMs)} ms search run back to back, 2 readers`, '≥ 80 % of alone', `${f(r.during)}/s = ${f(kept * 100)} %`, kept >= 0.8)
  const e = await exportPeak(db)
  report(`serve peak RSS, export of ${f(e.resources)} resources`, '< 500 MB', `${f(e.peakMb)} MB`, e.peakMb < 500)
  if (SCALE > 0) await scale(SCALE)
  console.log('\nagainst the goals:')
  for (const x of rows.filter((x) => x.goal)) console.log(`  ${x.met ? 'met    ' : 'NOT met'}  ${x.what}: ${x.measured} (goal ${x.goal})`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
