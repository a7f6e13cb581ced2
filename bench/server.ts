// npm run bench:server — the reference server, measured side by side in one run:
// 1. ingest 1,000 generated patients as transaction bundles over HTTP (resources/s);
// 2. at 10k and at 100k stored resources: read by id, Patient?family=, Observation?patient&code —
//    median latency in-process (the interaction called directly, no HTTP) and requests/s over HTTP
//    measured with autocannon (10 connections, 4 s each) against a `shoreline serve` child.
// Goals (issue "Reference server, part 1"): ingest ≥ 5k resources/s; read ≥ 5k rps; those searches
// p50 < 5 ms at 100k resources and within 3× of their 10k figure (indexed, not scanned).
// Loopback only; every loop is bounded.
import { median } from './stats.js'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { serveChild } from './serve-child.js'
import { Store } from '../server/store/store.js'
import { dispatch } from '../server/rest/routes.js'
import { serialize, type Env } from '../server/rest/types.js'

const bin = new URL('../bin/shoreline.js', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'shoreline-bench-server-'))
const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 1000)

function generate() {
  const r = spawnSync(process.execPath, [bin, 'generate', '--patients', String(PATIENTS), '--seed', '7', '--out', join(dir, 'data'), '--no-ndjson', '--quiet'], {
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`generate failed: ${r.stderr}`)
  return JSON.parse(readFileSync(join(dir, 'data', 'manifest.json'), 'utf8'))
}

const serve = (db: string) => serveChild(['--db', db, '--max-bundle-entries', '100000', '--auth', 'none'])

async function post(url: string, body: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body })
  if (res.status !== 200) throw new Error(`transaction failed ${res.status}: ${(await res.text()).slice(0, 300)}`)
  await res.arrayBuffer()
}

/** Median in-process latency of one interaction, in ms, over `n` calls on the same store file. */
function inProcess(env: Env, path: string, n = 300): number {
  const [p = '', qs] = path.split('?')
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint()
    const reply = dispatch(env, { method: 'GET', parts: p.split('/'), query: new URLSearchParams(qs ?? ''), headers: {} })
    serialize(reply.body)
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
    if (reply.status !== 200) throw new Error(`${path}: ${reply.status}`)
  }
  return median(times)
}

async function overHttp(url: string): Promise<{ rps: number; p50: number }> {
  const result = await autocannon({ url, connections: 10, duration: 4 })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { rps: result.requests.average, p50: result.latency.p50 }
}

async function measure(label: string, url: string, db: string, anchor: { patientId: string; family: string }) {
  const store = new Store(db)
  const env: Env = { store, base: url, maxCount: 1000, maxBundleEntries: 1000, validation: 'strict' }
  const resources = (store.db.prepare('SELECT count(*) AS n FROM resources').get() as { n: number }).n
  // Transaction POSTs get server ids; the generated id is kept as an identifier (urn:ietf:rfc:3986).
  const found = dispatch(env, { method: 'GET', parts: ['Patient'], query: new URLSearchParams({ identifier: `urn:ietf:rfc:3986|urn:uuid:${anchor.patientId}` }), headers: {} })
    .body as { entry: Array<{ resource: { id: string } }> }
  if (found.entry.length !== 1) throw new Error(`the anchor patient was found ${found.entry.length} times`)
  const pid = found.entry[0]?.resource.id ?? ''
  const queries: Array<[string, string]> = [
    ['read by id', `Patient/${pid}`],
    ['Patient?family=', `Patient?family=${anchor.family.slice(0, 4)}`],
    ['Observation?patient&code', `Observation?patient=Patient/${pid}&code=http://loinc.org|29463-7`],
  ]
  const rows = []
  for (const [name, path] of queries) {
    const ms = inProcess(env, path)
    const http = await overHttp(url + encodeURI(path))
    rows.push({ name, ms, ...http })
  }
  store.close()
  return { label, resources, rows }
}

const manifest = generate()
const anchor = manifest.anchor as { patientId: string; family: string }
const db = join(dir, 'store.db')
const server = await serve(db)
const bundleDir = join(dir, 'data', 'bundles')
const files = readdirSync(bundleDir)
  .filter((f) => f.startsWith('patient-'))
  .sort()
await post(server.url, readFileSync(join(bundleDir, 'shared.json'), 'utf8'))
// The anchor patient first, so the measured queries have something to find at 10k.
const anchorFile = manifest.patientIndex.find((p: { id: string }) => p.id === anchor.patientId).bundle.replace('bundles/', '')
const order = [anchorFile, ...files.filter((f) => f !== anchorFile)]
const stages: Array<Awaited<ReturnType<typeof measure>>> = []
let stored = 0
let ingestResources = 0
let ingestSeconds = 0
const thresholds = [10_000, 100_000]
for (const f of order) {
  const body = readFileSync(join(bundleDir, f), 'utf8')
  const entries = (body.match(/"fullUrl"/g) ?? []).length
  const t0 = process.hrtime.bigint()
  await post(server.url, body)
  ingestSeconds += Number(process.hrtime.bigint() - t0) / 1e9
  ingestResources += entries
  stored += entries
  if (thresholds.length && stored >= (thresholds[0] ?? Infinity)) {
    thresholds.shift()
    stages.push(await measure(`${Math.round(stored / 1000)}k`, server.url, db, anchor))
  }
}
await server.stop()
rmSync(dir, { recursive: true, force: true })

const f = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
console.log(`\nshoreline reference server (SQLite file, WAL), Node ${process.version}\n`)
console.log(
  `ingest: ${f(PATIENTS)} patients as transaction bundles over HTTP, one at a time: ${f(ingestResources)} resources in ${f(ingestSeconds, 1)} s = ${f(ingestResources / ingestSeconds)} resources/s (goal ≥ 5,000)`,
)
console.log('\nstored     interaction                 in-process p50 ms   HTTP req/s   HTTP p50 ms')
for (const s of stages)
  for (const r of s.rows) console.log(`${f(s.resources).padStart(8)}   ${r.name.padEnd(26)} ${f(r.ms, 3).padStart(18)} ${f(r.rps).padStart(12)} ${f(r.p50, 1).padStart(13)}`)
const [small, big] = stages
if (small && big && stages.length === 2) {
  console.log('\nagainst the goals:')
  const read = big.rows[0]!
  console.log(`  read by id: ${f(read.rps)} req/s over HTTP at ${f(big.resources)} resources (goal ≥ 5,000)`)
  for (let i = 1; i < big.rows.length; i++) {
    const a = small.rows[i]!
    const b = big.rows[i]!
    console.log(`  ${b.name}: p50 ${f(b.ms, 3)} ms at ${f(big.resources)} (goal < 5 ms), ×${f(b.ms / a.ms, 2)} its ${f(small.resources)} figure (goal ≤ 3×)`)
  }
}
