// npm run bench:generate — generation throughput and memory, validation off and on, at 10,000
// and 1,000 patients, side by side in one script. Each run is a fresh `shoreline generate`
// process; its figures come from the run's results (run.json): wall time, CPU seconds of all
// its threads, peak RSS. Goals (issue "A population a clinical-informatics engineer would trust"):
// with the richer model (claims, EOBs, care plans, US Core everywhere), ≥ 60k resources per
// CPU-second with validation off, ≥ 30k with it on, peak RSS < 300 MB at any size, with the
// JSON.stringify calibration printed beside them. Synthea, for scale, makes ~1k resources/s per core.
// Each configuration runs BENCH_RUNS times (default 3) and the median (by CPU per resource) is
// shown: the machine is shared. User and kernel CPU are shown apart, with a calibration of what the
// kernel charges here to write that many bytes to new files.
import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const bin = fileURLToPath(new URL('../bin/shoreline.js', import.meta.url))
const sizes = (process.env.BENCH_PATIENTS ?? '10000,1000').split(',').map(Number)
const workers = Number(process.env.BENCH_WORKERS ?? availableParallelism())
const runs = Number(process.env.BENCH_RUNS ?? 3)
const rows = []
for (const patients of sizes) {
  for (const validate of [false, true]) {
    const tries = []
    for (let run = 0; run < runs; run++) tries.push(generate(patients, validate))
    tries.sort((a, b) => a.perCpu - b.perCpu)
    rows.push({ ...tries[Math.floor(tries.length / 2)], peakRssMb: Math.max(...tries.map((t) => t.peakRssMb)) })
    console.error(`  done: ${patients} patients, validation ${validate ? 'on' : 'off'} (${runs} runs)`)
  }
}

function generate(patients, validate) {
  const dir = mkdtempSync(join(tmpdir(), 'shoreline-bench-'))
  const out = join(dir, 'd')
  const args = [bin, 'generate', '--patients', String(patients), '--seed', '42', '--out', out, '--workers', String(workers), '--quiet']
  if (validate) args.push('--validate')
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  if (r.status !== 0) {
    console.error(`generate failed (exit ${r.status}): ${r.stdout}`)
    process.exit(1)
  }
  const s = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).summary
  rmSync(dir, { recursive: true, force: true })
  return { patients, validate, ...s, perCpu: s.resources / s.cpuSeconds, perUserCpu: s.resources / (s.cpuSeconds - s.systemCpuSeconds) }
}

/**
 * Kernel CPU this process is charged for writing `megabytes` as `files` new files (as generate does:
 * a Bundle per patient beside a few NDJSON files), and for the same bytes in one file. On this
 * project's VMs creating a file costs about 0.5 ms of kernel CPU whatever its size, so the first
 * figure is mostly the per-patient Bundle files.
 */
function kernelWriteCost(megabytes, files) {
  const dir = mkdtempSync(join(tmpdir(), 'shoreline-bench-'))
  const block = Buffer.alloc(Math.max(1, Math.round((megabytes * 1e6) / files)), 97)
  const before = process.cpuUsage()
  for (let i = 0; i < files; i++) writeFileSync(join(dir, `f${i}`), block)
  const many = process.cpuUsage(before).system / 1e6
  rmSync(dir, { recursive: true, force: true })
  const one = mkdtempSync(join(tmpdir(), 'shoreline-bench-'))
  const fd = openSync(join(one, 'all'), 'w')
  const again = process.cpuUsage()
  for (let i = 0; i < files; i++) writeSync(fd, block)
  closeSync(fd)
  const single = process.cpuUsage(again).system / 1e6
  rmSync(one, { recursive: true, force: true })
  return { many, single }
}

/**
 * The floor under any generator that builds resources as objects and writes both outputs: the
 * sample's resources rebuilt as fresh objects (as a generator allocates them), each serialised once
 * and its bytes written twice, as an NDJSON line and as a Bundle entry, through buffers reused from
 * file to file as generate's are, a Bundle file for every `perPatient` resources. No generating, no
 * reference rewriting, no ground truth: what is left of a resources-per-CPU-second goal after this
 * is all a generator has for everything else. CPU of the whole process (GC threads and the
 * kernel's share included), median of three rounds.
 */
function writeFloor(sample, perPatient) {
  const order = sample.slice()
  // Types interleaved as in a patient's record (the sample is read file by file), the same each run.
  for (let i = order.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1)
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  const rebuild = (v) => {
    if (typeof v !== 'object' || v === null) return v
    if (Array.isArray(v)) return v.map(rebuild)
    const o = {}
    for (const k in v) o[k] = rebuild(v[k])
    return o
  }
  const sink = () => ({ buf: Buffer.allocUnsafeSlow(1 << 20), length: 0 })
  const put = (s, t) => {
    if (t.length + s.length * 3 > t.buf.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(t.length + s.length * 3, 2 * t.buf.length))
      t.buf.copy(bigger, 0, 0, t.length)
      t.buf = bigger
    }
    t.length += t.buf.write(s, t.length)
  }
  const rounds = []
  for (let round = 0; round < 3; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'shoreline-bench-'))
    const lines = sink()
    const bundle = sink()
    const ndjson = openSync(join(dir, 'all.ndjson'), 'w')
    let inBundle = 0
    let files = 0
    const flush = () => {
      put(']}', bundle)
      const fd = openSync(join(dir, `b${files++}.json`), 'w')
      writeSync(fd, bundle.buf, 0, bundle.length)
      closeSync(fd)
      writeSync(ndjson, lines.buf, 0, lines.length)
      bundle.length = lines.length = inBundle = 0
    }
    const before = process.cpuUsage()
    for (const r of order) {
      const line = JSON.stringify(rebuild(r))
      put(line, lines)
      put('\n', lines)
      put(inBundle++ === 0 ? '{"resourceType":"Bundle","type":"transaction","entry":[{"resource":' : ',{"resource":', bundle)
      put(line, bundle)
      put('}', bundle)
      if (inBundle === perPatient) flush()
    }
    if (inBundle) flush()
    closeSync(ndjson)
    const used = process.cpuUsage(before)
    rmSync(dir, { recursive: true, force: true })
    rounds.push({ cpu: (used.user + used.system) / 1e6, system: used.system / 1e6 })
  }
  rounds.sort((a, b) => a.cpu - b.cpu)
  const mid = rounds[1]
  return { perPatient, rounds: rounds.length, perCpu: order.length / mid.cpu, micros: (mid.cpu / order.length) * 1e6, kernelShare: mid.system / mid.cpu }
}

function readSample() {
  const dir = mkdtempSync(join(tmpdir(), 'shoreline-bench-'))
  const r = spawnSync(process.execPath, [bin, 'generate', '--patients', '300', '--seed', '42', '--out', join(dir, 'd'), '--workers', '1', '--quiet', '--no-bundles'], {
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`sample generation failed: ${r.stderr}`)
  const out = []
  // Every type, in the dataset's own mix: an EOB costs several Observations to serialise.
  for (const file of readdirSync(join(dir, 'd', 'ndjson'))) {
    for (const line of readFileSync(join(dir, 'd', 'ndjson', file), 'utf8').split('\n')) if (line) out.push(JSON.parse(line))
  }
  rmSync(dir, { recursive: true, force: true })
  return out
}

const f = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
console.log(`\nshoreline generate, ${workers} worker threads on ${availableParallelism()} cores, Node ${process.version}\n`)
console.log('patients  validation  resources   seconds  patients/s  resources/s  MB/s   CPU-s  kernel  resources/CPU-s  per user CPU-s  peak RSS MB')
for (const r of rows) {
  console.log(
    [
      f(r.patients).padStart(8),
      (r.validate ? 'on' : 'off').padStart(10),
      f(r.resources).padStart(10),
      f(r.seconds, 1).padStart(8),
      f(r.patientsPerSecond).padStart(11),
      f(r.resourcesPerSecond).padStart(12),
      f(r.megabytes / r.seconds, 1).padStart(5),
      f(r.cpuSeconds, 1).padStart(7),
      f(r.systemCpuSeconds, 1).padStart(7),
      f(r.perCpu).padStart(16),
      f(r.perUserCpu).padStart(15),
      f(r.peakRssMb).padStart(12),
    ].join(' '),
  )
}
// Calibration, same process: how fast this machine's JSON.stringify serialises generated
// resources. Every resource is serialised once (its NDJSON line, which its Bundle entry reuses),
// so this rate bounds what any generator in this runtime can reach per core.
const sample = readSample()
let bytes = 0
const t0 = process.hrtime.bigint()
for (let round = 0; round < 5; round++) for (const r of sample) bytes += JSON.stringify(r).length
const stringifySeconds = Number(process.hrtime.bigint() - t0) / 1e9
const perSecond = (5 * sample.length) / stringifySeconds
console.log(`\ncalibration: JSON.stringify of generated resources here: ${f(perSecond)} resources/s, ${f(bytes / stringifySeconds / 1e6, 1)} MB/s on one core`)
console.log(`  serialising each resource once alone caps a core at ~${f(perSecond)} resources/s, before generating or writing anything`)

const bigOff = rows.find((r) => r.patients === Math.max(...sizes) && !r.validate)
const floor = writeFloor(sample, Math.round(bigOff.resources / bigOff.patients))
console.log(
  `  floor: rebuilding those resources as objects, serialising each once and writing it as an NDJSON line and a Bundle entry (${f(floor.perPatient)} resources a Bundle file), with no generating: ${f(floor.perCpu)} resources per CPU-second (${f(floor.micros, 1)} µs each, ${f(floor.kernelShare * 100)} % in the kernel; median of ${floor.rounds} rounds)`,
)
// A Bundle per patient, the shared Bundle, about 30 NDJSON and dataset files.
const files = bigOff.patients + 32
const kernel = kernelWriteCost(bigOff.megabytes, files)
console.log(
  `  writing ${f(bigOff.megabytes)} MB (that run's output) as ${f(files)} new files costs this process ${f(kernel.many, 1)} kernel CPU-s here (${f(kernel.single, 1)} as one file); the run was charged ${f(bigOff.systemCpuSeconds, 1)}`,
)

const big = Math.max(...sizes)
const small = Math.min(...sizes)
const pick = (p, v) => rows.find((r) => r.patients === p && r.validate === v)
console.log('\nagainst the goals (per core = resources per CPU-second of the whole process):')
const off = pick(big, false)
const on = pick(big, true)
console.log(
  `  validation off: ${f(off.perCpu)} resources/s per core — goal ≥ 60,000 (${f((off.perCpu / 60000) * 100)} % of goal; ${f((off.perCpu / perSecond) * 100)} % of the serialisation cap); Synthea ~1,000 (${f(off.perCpu / 1000)}×)`,
)
console.log(`  validation on:  ${f(on.perCpu)} resources/s per core — goal ≥ 30,000 (${f((on.perCpu / 30000) * 100)} % of goal)`)
for (const [goal, label] of [
  [60000, 'off'],
  [30000, 'on'],
]) {
  const budget = 1e6 / goal
  console.log(
    `  the ${f(goal)} goal (validation ${label}) allows ${f(budget, 1)} µs of CPU per resource; the floor takes ${f(floor.micros, 1)} (${f((floor.micros / budget) * 100)} %), leaving ${f(Math.max(0, budget - floor.micros), 1)} µs for generating${label === 'on' ? ' and validating' : ''} it`,
  )
}
console.log(
  `  this run: ${f(1e6 / off.perCpu, 1)} µs per resource with validation off (${f((off.perCpu / floor.perCpu) * 100)} % of the floor's rate), ${f(1e6 / on.perCpu, 1)} µs with it on`,
)
console.log(`  user CPU only (the kernel's write share apart): off ${f(off.perUserCpu)}, on ${f(on.perUserCpu)} resources/s`)
for (const v of [false, true]) {
  const a = pick(small, v)
  const b = pick(big, v)
  console.log(
    `  peak RSS, validation ${v ? 'on ' : 'off'}: ${f(a.peakRssMb)} MB at ${f(small)} patients, ${f(b.peakRssMb)} MB at ${f(big)} (×${(b.peakRssMb / a.peakRssMb).toFixed(2)} for ${f(big / small, 1)}× the patients) — goal < 300 MB`,
  )
}
