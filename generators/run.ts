// `shoreline generate`: plans the run, shares patient chunks between its own thread and worker threads, writes their
// output in patient order (so bytes never depend on --workers), and assembles the manifest.
// Everything is written into a staging folder that is renamed into place only at the end.
import { availableParallelism } from 'node:os'
import { existsSync } from 'node:fs'
import { mkdir, writeFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { stageFolder } from '../lib/atomic-fs.js'
import { InterruptedError, UsageError } from '../lib/errors.js'
import { buildPool, type SharedPool } from './population/pool.js'
import { ChunkProducer, findAnchor, makeContext, sharedResources, type BundleType, type ChunkIssue, type ChunkResult, type ChunkSettings } from './chunk.js'
import { sharedBundle } from './writers/bundle.js'
import { buildQueries } from './ground-truth.js'
import { DatasetOutput, writeManifest } from './writers/dataset.js'
import type { FileInfo } from './writers/ndjson.js'
import { buildCorpus } from './invalid/corpus.js'
import { parseDate } from './fhir.js'
import { POPULATIONS, type PopulationKey } from './data/populations.js'
import { coverProfiles, type Cover } from './cover.js'
import { GENERATING_HEAP_GROWING_PERCENT, withHeapGrowth } from './heap-growth.js'

export const DEFAULT_REFERENCE_DATE = '2025-01-01'
export const DEFAULT_SEED = 1

export interface GenerateOptions {
  out: string
  patients: number
  seed: number
  referenceDate: string
  years: number
  /** Whose records (data/populations.ts); the general population when absent. */
  population?: PopulationKey
  shard?: { index: number; count: number }
  /** Choose the patients so that every US Core profile a record can claim is held (cover.ts). */
  coverProfiles?: boolean
  bundleType: BundleType
  bundles: boolean
  ndjson: boolean
  gzip: boolean
  maxFileMb?: number
  invalid: boolean
  validate: boolean
  workers: number
  force: boolean
  signal?: AbortSignal
  onProgress?: (p: { done: number; total: number; resources: number }) => void
}

export interface GenerateSummary {
  out: string
  patients: number
  first: number
  last: number
  resources: number
  bytes: number
  counts: Record<string, number>
  files: FileInfo[]
  invalidItems: number
  validation?: { resources: number; invalid: number; issues: ChunkIssue[] }
  /** With --cover-profiles: which patients were taken, and what they still lack. */
  cover?: Cover
  workers: number
  seconds: number
}

/** Parses `i/n` (1-based). */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim())
  if (!m) throw new UsageError(`--shard must look like i/n (e.g. 2/8), got ${JSON.stringify(text)}`)
  const index = Number(m[1])
  const count = Number(m[2])
  if (count < 1 || index < 1 || index > count) throw new UsageError(`--shard ${text}: need 1 ≤ i ≤ n`)
  return { index, count }
}

/** Checks what a user can get wrong, before anything is touched. */
export function checkOptions(o: GenerateOptions): void {
  if (!Number.isInteger(o.patients) || o.patients < 1) throw new UsageError(`--patients must be a whole number ≥ 1, got ${o.patients}`)
  if (o.patients > 100_000_000) throw new UsageError(`--patients ${o.patients} is over the limit of 100,000,000 per run; use --shard`)
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > Number.MAX_SAFE_INTEGER) throw new UsageError(`--seed must be a whole number ≥ 0, got ${o.seed}`)
  if (Number.isNaN(parseDate(o.referenceDate))) throw new UsageError(`--reference-date must be a date YYYY-MM-DD, got ${JSON.stringify(o.referenceDate)}`)
  if (!(o.years > 0 && o.years <= 50)) throw new UsageError(`--years must be between 0 and 50, got ${o.years}`)
  if (o.population !== undefined && !(o.population in POPULATIONS))
    throw new UsageError(`--population must be one of ${Object.keys(POPULATIONS).join(', ')}, got ${JSON.stringify(o.population)}`)
  if (!Number.isInteger(o.workers) || o.workers < 1 || o.workers > 64) throw new UsageError(`--workers must be a whole number from 1 to 64, got ${o.workers}`)
  if (o.maxFileMb !== undefined && !(o.maxFileMb > 0)) throw new UsageError(`--max-file-mb must be a positive number, got ${o.maxFileMb}`)
  if (!o.bundles && !o.ndjson) throw new UsageError('nothing to write: --no-bundles together with --no-ndjson')
  if (o.shard && o.shard.count > o.patients) throw new UsageError(`--shard ${o.shard.index}/${o.shard.count}: more shards than patients (${o.patients})`)
}

export function defaultWorkers(): number {
  return Math.max(1, Math.min(availableParallelism(), 8))
}

/** Old-generation cap per worker thread (a generating worker holds 20–60 MB live, validating or not). */
const WORKER_OLD_GENERATION_MB = 160
/**
 * Young-generation cap per worker thread when it validates. Its validators (their code, compiled
 * hot) cost it 20–30 MB more than a worker that only generates; the cap takes about that off
 * (3,000 patients, 2 threads: peak RSS 290–302 MB in four runs against 313–327 MB in two) at no
 * CPU cost we could measure there. Without validation it stays V8's default: at 10,000 patients,
 * 16 MB cost 5–10 % more CPU (more objects promoted) for ~25 MB.
 */
const VALIDATING_WORKER_YOUNG_GENERATION_MB = 16

/** Patients per message to a worker: small enough to keep memory flat, big enough to amortise. */
const CHUNK = 5

/** Generates into a staging folder, with V8's heap growth held down meanwhile (heap-growth.ts says why). */
export async function generateDataset(o: GenerateOptions): Promise<StagedGenerate> {
  checkOptions(o)
  return withHeapGrowth(GENERATING_HEAP_GROWING_PERCENT, () => generate(o))
}

async function generate(o: GenerateOptions): Promise<StagedGenerate> {
  const started = process.hrtime.bigint()
  const shard = o.shard ?? { index: 1, count: 1 }
  const first = Math.floor(((shard.index - 1) * o.patients) / shard.count)
  const last = Math.floor((shard.index * o.patients) / shard.count)
  const referenceMs = parseDate(o.referenceDate)
  const pool = buildPool(o.seed, o.patients)
  const { run, cover, anchor } = planRun(o, referenceMs, pool)
  const stage = await stageFolder(o.out, { force: o.force })
  const settings: ChunkSettings = {
    ...run,
    bundleType: o.bundleType,
    bundlesDir: o.bundles ? stage.path : undefined,
    ndjson: o.ndjson,
    validate: o.validate,
    anchor,
  }
  const root = stage.path
  const queries = buildQueries(settings.anchor, referenceMs)
  let runner: ChunkRunner | undefined
  let output: DatasetOutput | undefined
  try {
    const out = (output = await DatasetOutput.open(
      root,
      { ndjson: o.ndjson, bundles: o.bundles, gzip: o.gzip, maxBytes: o.maxFileMb ? o.maxFileMb * 1024 * 1024 : undefined },
      queries,
    ))
    // The shared pool goes with the first shard only, so shards stay disjoint.
    const withShared = shard.index === 1
    if (withShared) {
      const shared = sharedResources(pool)
      for (const r of shared) out.counts[r.resourceType] = (out.counts[r.resourceType] ?? 0) + 1
      out.resources += shared.length
      if (o.ndjson) for (const r of shared) await out.sink(r.resourceType).writeLines([JSON.stringify(r)])
      for (const q of queries) if (q.pool) await out.poolTruth(q.name, q.pool(pool))
      if (o.bundles) {
        const text = sharedBundle(o.bundleType, shared)
        await writeFile(join(root, 'bundles', 'shared.json'), text)
        out.bundleBytes += Buffer.byteLength(text)
      }
    }

    const write = async (r: ChunkResult) => {
      await out.write(r)
      o.onProgress?.({ done: r.end - first, total: last - first, resources: out.resources })
    }

    runner = new ChunkRunner(settings, pool, o.workers > 1 && last - first > CHUNK ? o.workers : 1)
    if (o.validate && withShared) {
      const shared = await runner.validateShared()
      out.invalidResources += shared.invalid
      out.issues.push(...shared.issues)
    }
    const inflight: Array<Promise<ChunkResult>> = []
    // One more than the threads can hold, so each finds its next job ready.
    const maxInflight = runner.capacity + 1
    for (let s = first; s < last; s += CHUNK) {
      if (o.signal?.aborted) throw new InterruptedError()
      if (inflight.length >= maxInflight) await write(await inflight.shift()!)
      const job = runner.run(s, Math.min(s + CHUNK, last))
      // A failed worker rejects every queued job; the first one awaited reports it, the rest
      // must not surface as unhandled rejections.
      job.catch(() => {})
      inflight.push(job)
    }
    while (inflight.length) await write(await inflight.shift()!)
    if (o.signal?.aborted) throw new InterruptedError()
    await runner.close()

    const files = await out.finish()

    const invalidItems = o.invalid && withShared ? await writeInvalidCorpus(root) : 0

    await writeManifest(join(root, 'manifest.json'), {
      o,
      shard,
      first,
      last,
      counts: out.counts,
      resources: out.resources,
      files,
      withShared,
      pool: poolCounts(pool),
      invalidItems,
      anchor: settings.anchor,
      queries: out.queries(),
      patientsFile: out.patientsFile,
      validated: o.validate,
      invalidResources: out.invalidResources,
      sizes: out.sizes(),
      nlp: out.nlp,
      cover,
    })
    await rm(out.workFolder, { recursive: true, force: true })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    const bytes = files.reduce((s, f) => s + f.bytes, 0) + out.bundleBytes
    const summary: GenerateSummary = {
      out: o.out,
      patients: last - first,
      first,
      last,
      resources: out.resources,
      bytes,
      counts: out.counts,
      files,
      invalidItems,
      validation: o.validate ? { resources: out.resources, invalid: out.invalidResources, issues: out.issues } : undefined,
      cover,
      workers: runner.threads,
      seconds,
    }
    return Object.assign(summary, { commit: () => stage.commit(), stagePath: root, discard: () => stage.discard() })
  } catch (err) {
    await runner?.close().catch(() => {})
    await output?.abandon()
    await stage.discard()
    throw err
  }
}

/** Whose records the run holds (--cover-profiles may choose them) and its ground truth's anchor: every shard of a run plans alike. */
function planRun(o: GenerateOptions, referenceMs: number, pool: SharedPool) {
  const plain = { seed: o.seed, referenceMs, years: o.years, totalPatients: o.patients, population: o.population }
  const cover = o.coverProfiles ? coverProfiles(makeContext(plain, pool), o.patients) : undefined
  const run = { ...plain, picks: cover?.picks }
  return { run, cover, anchor: findAnchor(run, pool) }
}

/** The shared pool's resources by type, for the manifest (payers are Organizations). */
function poolCounts(pool: ReturnType<typeof buildPool>): Record<string, number> {
  return {
    Organization: pool.organizations.length + pool.payers.size,
    Location: pool.locations.length,
    Practitioner: pool.practitioners.length,
    PractitionerRole: pool.roles.length,
    Medication: pool.medications.size,
  }
}

/** invalid/: the labelled invalid corpus (with the first shard only); returns its item count. */
async function writeInvalidCorpus(root: string): Promise<number> {
  const corpus = buildCorpus()
  await mkdir(join(root, 'invalid'))
  await writeFile(join(root, 'invalid', 'corpus.ndjson'), corpus.ndjson)
  await writeFile(join(root, 'invalid', 'labels.json'), JSON.stringify(corpus.labels, null, 2) + '\n')
  return corpus.count
}

/** A generate run that has been written to its staging folder; commit() moves it into place. */
export type StagedGenerate = GenerateSummary & { commit(): Promise<void>; discard(): Promise<void>; stagePath: string }

// ---- running chunks ---------------------------------------------------------------------------

/** Where a chunk runs: on this thread, or on a worker thread. */
const HERE = Symbol('this thread')
type Slot = Worker | typeof HERE

interface Job {
  message: { start: number; end: number } | { shared: true }
  resolve: (result: unknown) => void
  reject: (err: unknown) => void
}

/** Jobs a worker may hold at once: it starts the next the moment it posts one, whatever this thread is doing. */
const PER_WORKER = 2

/**
 * Runs chunks on this thread and on `threads - 1` worker threads. This thread generates too, between
 * the writes it orders: a V8 isolate costs 70–90 MB of resident memory whether it generates or
 * waits, so a thread that mostly waited was the largest part of peak RSS it could shed.
 */
class ChunkRunner {
  readonly threads: number
  /** Jobs the threads can hold at once. */
  readonly capacity: number
  private readonly here: ChunkProducer
  private readonly workers: Worker[] = []
  /** Free places: HERE once, each worker PER_WORKER times. */
  private readonly free: Slot[] = []
  private readonly queue: Job[] = []
  /** Each worker's jobs, in the order it answers them. */
  private readonly held = new Map<Worker, Job[]>()
  private failure?: unknown

  constructor(settings: ChunkSettings, pool: ReturnType<typeof buildPool>, threads: number) {
    this.threads = threads
    this.capacity = 1 + (threads - 1) * PER_WORKER
    this.here = new ChunkProducer(settings, pool)
    const script = workerScript()
    if (threads > 1 && !existsSync(fileURLToPath(script))) throw new Error(`internal: worker script missing at ${fileURLToPath(script)}; run npm run build`)
    for (let i = 1; i < threads; i++) {
      // A bounded old generation makes V8 collect sooner: memory stays flat at a small CPU cost.
      // execArgv: [] as the server's threads (server/worker-script.ts says why).
      const w = new Worker(script, {
        workerData: settings,
        execArgv: [],
        resourceLimits: {
          maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB,
          ...(settings.validate ? { maxYoungGenerationSizeMb: VALIDATING_WORKER_YOUNG_GENERATION_MB } : {}),
        },
      })
      w.on('message', (msg: { ok: true; result: never } | { ok: false; error: string }) => {
        const job = this.held.get(w)?.shift()
        if (msg.ok) job?.resolve(msg.result)
        else job?.reject(new Error(`internal: generator worker failed: ${msg.error}`))
        this.free.push(w)
        this.pump()
      })
      w.on('error', (err) => this.fail(err))
      w.on('exit', (code) => {
        if (code !== 0 && this.held.get(w)?.length) this.fail(new Error(`internal: generator worker exited with code ${code}`))
      })
      this.workers.push(w)
      this.held.set(w, [])
    }
    // Workers first: this thread takes a job only when they hold all they may.
    for (let k = 0; k < PER_WORKER; k++) this.free.push(...this.workers)
    this.free.push(HERE)
  }

  run(start: number, end: number): Promise<ChunkResult> {
    return this.send({ start, end })
  }

  /** The shared pool's validation, on this thread: it is a few hundred resources. */
  validateShared(): Promise<{ invalid: number; issues: ChunkIssue[] }> {
    return this.send({ shared: true })
  }

  private send<T>(message: Job['message']): Promise<T> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ message, resolve: resolve as (r: unknown) => void, reject })
      this.pump()
    })
  }

  private pump() {
    while (this.free.length && this.queue.length) {
      const slot = this.free.shift()!
      const job = this.queue.shift()!
      if (slot === HERE) this.runHere(job)
      else {
        this.held.get(slot)!.push(job)
        slot.postMessage(job.message)
      }
    }
  }

  private runHere(job: Job) {
    // After the event loop's turn: writes drain, workers' answers are taken, signals are seen.
    setImmediate(() => {
      try {
        if (this.failure) throw this.failure
        const m = job.message
        job.resolve('shared' in m ? this.here.validateShared() : this.here.produce(m.start, m.end))
      } catch (err) {
        job.reject(err)
      }
      this.free.push(HERE)
      this.pump()
    })
  }

  private fail(err: unknown) {
    this.failure ??= err
    for (const jobs of this.held.values()) for (const job of jobs.splice(0)) job.reject(err)
    for (const job of this.queue.splice(0)) job.reject(err)
  }

  async close() {
    await Promise.all(this.workers.map((w) => w.terminate()))
  }
}

export function workerScript(): URL {
  // Bundled: dist/cli.js sits beside dist/generate-worker.js. From source (tests), use the build.
  const beside = new URL('./generate-worker.js', import.meta.url)
  if (existsSync(fileURLToPath(beside))) return beside
  return new URL('../dist/generate-worker.js', import.meta.url)
}
