// Seeding a dataset into a target over the FHIR API: every resource written by its stable id
// (PUT, alone or in batch/transaction Bundles of PUT entries), so a second run creates no
// duplicates; dependency tiers in order (a tier finishes before the next starts); `concurrency`
// requests in flight; throttling retried by the client (Retry-After, backoff with jitter); every
// other failure collected per resource with its OperationOutcome; a checkpoint of finished
// chunks so an interrupted run resumes where it stopped.
import { readFileSync } from 'node:fs'
import { writeFileAtomic } from '../atomic-fs.js'
import { InputError, RunStoppedError, TargetUnreachableError } from '../errors.js'
import type { TargetClient, TargetResponse } from '../target/client.js'
import { chunks, type Chunk, type Dataset, type DatasetResource } from './dataset.js'
import { seedWithServerIds, targetAssignsIds, type IdMap } from './server-ids.js'
import { diagnostics, outcomeText } from './diagnostics.js'

export type SeedVia = 'transaction' | 'batch' | 'put'

export interface SeedOptions {
  via: SeedVia
  concurrency: number
  bundleSize: number
  /** Where finished chunk indexes are kept; with `resume`, chunks listed there are skipped. */
  checkpoint?: string
  resume?: boolean
  onProgress?: (done: number, total: number, errors: number) => void
  /** Stop after this many chunks (tests interrupt a run this way; a signal does it for users). */
  signal?: AbortSignal
  /**
   * Whose ids: `client` writes every resource by its generated id (PUT); `server` lets the target
   * assign them (transaction POSTs, lib/seed/server-ids.ts); `auto` (default) asks the
   * CapabilityStatement (updateCreate false) and falls back when the first PUTs answer 404 or 405.
   */
  ids?: 'auto' | 'client' | 'server'
}

export interface ResourceError {
  type: string
  id: string
  status: number
  diagnostics: string
}

export interface SeedOutcome {
  written: number
  skipped: number
  errors: ResourceError[]
  /** Throttled requests sent again (429/503), during the writes. */
  retries: number
  requests: number
  seconds: number
  interrupted: boolean
  /** Set when the target assigned the ids: generated `Type/id` → the target's id. */
  idMap?: IdMap
  /**
   * Why the run stopped early, when the target did it: credentials refused, or Bundle after Bundle
   * with no usable answer. What was written, and each resource's reason, are kept.
   */
  stoppedBy?: TargetUnreachableError
}

/** Bundles in a row with no usable answer (timeout, dropped, not JSON) beyond the requests in flight before the run stops. */
const UNANSWERED_IN_A_ROW = 3

interface Checkpoint {
  target: string
  dataset: string
  via: SeedVia
  bundleSize: number
  done: number[]
}

export async function seedDataset(client: TargetClient, ds: Dataset, o: SeedOptions): Promise<SeedOutcome> {
  const claims = o.ids === 'client' ? undefined : await targetAssignsIds(client)
  if (o.ids === 'server' || claims?.assigns) return seedServerIds(client, ds, o, claims?.conditionalCreate ?? new Set())
  const run = await seedClientIds(client, ds, o)
  // A target that refuses ids it did not assign, without saying so in its CapabilityStatement.
  if (run.idsRefused && o.ids !== 'client') return seedServerIds(client, ds, o, claims?.conditionalCreate ?? new Set())
  const { idsRefused: _refused, ...out } = run
  return out
}

async function seedServerIds(client: TargetClient, ds: Dataset, o: SeedOptions, conditional: Set<string>): Promise<SeedOutcome> {
  const started = performance.now()
  const retriesBefore = client.retries
  const out: SeedOutcome = { written: 0, skipped: 0, errors: [], retries: 0, requests: 0, seconds: 0, interrupted: false }
  out.idMap = await seedWithServerIds(client, ds, o, out, conditional)
  out.interrupted = o.signal?.aborted ?? false
  out.retries = client.retries - retriesBefore
  out.seconds = (performance.now() - started) / 1000
  return out
}

async function seedClientIds(client: TargetClient, ds: Dataset, o: SeedOptions): Promise<SeedOutcome & { idsRefused?: boolean }> {
  const started = performance.now()
  const done = new Set<number>()
  if (o.checkpoint && o.resume) {
    const cp = readCheckpoint(o.checkpoint)
    if (cp) {
      if (cp.target !== client.base || cp.via !== o.via || cp.bundleSize !== o.bundleSize || cp.dataset !== ds.dir) {
        throw new InputError(`the checkpoint is for another run (${cp.via} of ${cp.dataset} to ${cp.target}, bundle size ${cp.bundleSize}); start without --resume`, o.checkpoint)
      }
      for (const i of cp.done) done.add(i)
    }
  }
  const out: SeedOutcome & { idsRefused?: boolean } = { written: 0, skipped: 0, errors: [], retries: 0, requests: 0, seconds: 0, interrupted: false }
  const retriesBefore = client.retries
  let first = true
  let saving: Promise<void> = Promise.resolve()
  let lastSave = 0
  const save = (force = false) => {
    if (!o.checkpoint || (!force && performance.now() - lastSave < 250)) return saving
    lastSave = performance.now()
    const body: Checkpoint = { target: client.base, dataset: ds.dir, via: o.via, bundleSize: o.bundleSize, done: [...done].sort((a, b) => a - b) }
    const path = o.checkpoint
    saving = saving.then(() => writeFileAtomic(path, JSON.stringify(body)))
    return saving
  }
  let processed = 0
  let unanswered = 0
  // Tier by tier: gather a tier's chunks, run them `concurrency` at a time, then the next tier.
  let tierChunks: Chunk[] = []
  let tier = -1
  const runTier = async () => {
    let next = 0
    const worker = async () => {
      while (next < tierChunks.length && !o.signal?.aborted && !out.idsRefused && !out.stoppedBy) {
        const chunk = tierChunks[next++]
        if (!chunk) break
        if (done.has(chunk.index)) {
          out.skipped += chunk.resources.length
          processed += chunk.resources.length
          continue
        }
        let errors: ResourceError[]
        let answered = true
        try {
          errors = await sendChunk(client, chunk.resources, o.via, out)
          unanswered = 0
        } catch (err) {
          // Stopped (Ctrl-C, --max-duration): this chunk is not done; the checkpoint has the others.
          if (err instanceof RunStoppedError) return
          if (!(err instanceof TargetUnreachableError)) throw err
          // No usable answer: each resource of the Bundle gets the reason; a target that keeps doing it stops the run.
          errors = chunk.resources.map((r) => ({ type: r.type, id: r.id, status: 0, diagnostics: err.message }))
          answered = false
          if (++unanswered >= UNANSWERED_IN_A_ROW + o.concurrency && !out.stoppedBy)
            out.stoppedBy = new TargetUnreachableError(`${unanswered} requests in a row got no usable answer (the last: ${err.message}); nothing more was sent`)
        }
        // Every PUT of the first chunk refused as 404/405: the target assigns ids; start over that way.
        if (first && errors.length === chunk.resources.length && errors.every((e) => e.status === 404 || e.status === 405)) {
          out.idsRefused = true
          return
        }
        // A whole Bundle refused for its credentials (401/403): every other one would be too; stop with the reason.
        if (errors.length === chunk.resources.length && errors.length > 0 && errors.every((e) => e.status === 401 || e.status === 403))
          out.stoppedBy ??= new TargetUnreachableError(
            `${client.base}: the target refused the run's credentials (HTTP ${errors[0]!.status}: ${errors[0]!.diagnostics}; check --auth and --scope); nothing more was sent`,
          )
        first = false
        out.errors.push(...errors)
        out.written += chunk.resources.length - errors.length
        processed += chunk.resources.length
        // An unanswered chunk is not done: --resume sends it again.
        if (answered) done.add(chunk.index)
        void save()
        o.onProgress?.(processed, ds.total, out.errors.length)
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker))
    tierChunks = []
  }
  const going = () => !o.signal?.aborted && !out.idsRefused && !out.stoppedBy
  for await (const chunk of chunks(ds, o.bundleSize)) {
    if (chunk.tier !== tier && tierChunks.length) await runTier()
    if (!going()) break
    tier = chunk.tier
    tierChunks.push(chunk)
  }
  if (tierChunks.length && going()) await runTier()
  if (out.idsRefused) return out
  out.interrupted = o.signal?.aborted ?? false
  await save(true)
  out.retries = client.retries - retriesBefore
  out.seconds = (performance.now() - started) / 1000
  return out
}

function readCheckpoint(path: string): Checkpoint | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return undefined // nothing to resume: start from the beginning
  }
  try {
    const cp = JSON.parse(text) as Checkpoint
    if (!Array.isArray(cp.done)) throw new Error('no done list')
    return cp
  } catch (err) {
    throw new InputError(`not a seed checkpoint: ${(err as Error).message}`, path)
  }
}

/** Writes one chunk; returns the resources that failed (throttling was retried by the client). */
async function sendChunk(client: TargetClient, resources: DatasetResource[], via: SeedVia, out: SeedOutcome): Promise<ResourceError[]> {
  if (via === 'put') {
    const errors: ResourceError[] = []
    for (const r of resources) {
      out.requests++
      const res = await client.request('PUT', `${r.type}/${r.id}`, { body: r.text, headers: { prefer: 'return=minimal' } })
      if (res.status >= 300) errors.push({ type: r.type, id: r.id, status: res.status, diagnostics: diagnostics(res) })
    }
    return errors
  }
  const bundle = `{"resourceType":"Bundle","type":"${via}","entry":[${resources.map((r) => `{"fullUrl":"${r.type}/${r.id}","resource":${r.text},"request":{"method":"PUT","url":"${r.type}/${r.id}"}}`).join(',')}]}`
  out.requests++
  // A Bundle of PUTs by id is idempotent: safe to send again after a 429/503.
  // return=minimal: the statuses are all we read; the resources would only be parsed and dropped.
  let res = await client.request('POST', '', { body: bundle, retry: true, headers: { prefer: 'return=minimal' } })
  if (res.status >= 300) return resources.map((r) => ({ type: r.type, id: r.id, status: res.status, diagnostics: diagnostics(res) }))
  let entries = responseEntries(res)
  if (!entries) {
    // return=minimal let the target leave the body out: its per-entry answers are learnt by sending again without it.
    out.requests++
    res = await client.request('POST', '', { body: bundle, retry: true })
    if (res.status >= 300) return resources.map((r) => ({ type: r.type, id: r.id, status: res.status, diagnostics: diagnostics(res) }))
    entries = responseEntries(res)
    if (!entries) return resources.map((r) => ({ type: r.type, id: r.id, status: res.status, diagnostics: 'the response is not a Bundle with an entry per request' }))
  }
  const errors: ResourceError[] = []
  resources.forEach((r, i) => {
    const status = Number(/^\d+/.exec(entries[i]?.response?.status ?? '')?.[0] ?? 0)
    if (status < 200 || status >= 300)
      errors.push({ type: r.type, id: r.id, status, diagnostics: status === 0 ? 'no response entry for this resource' : outcomeText(entries[i]?.response?.outcome) })
  })
  return errors
}

/** The response Bundle's entries, or undefined when the body is empty, not JSON or not a Bundle with entries. */
function responseEntries(res: TargetResponse): Array<{ response?: { status?: string; outcome?: unknown } }> | undefined {
  try {
    const body = res.json<{ resourceType?: unknown; entry?: Array<{ response?: { status?: string; outcome?: unknown } }> }>()
    return body.resourceType === 'Bundle' && Array.isArray(body.entry) ? body.entry : undefined
  } catch {
    return undefined
  }
}
