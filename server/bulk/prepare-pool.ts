// Threads that examine an import's lines (parse, validate, prepare JSON and index rows:
// import-line.ts) while the main thread, the database's one writer, stores the batch before. On two
// cores one such thread keeps the writer busy; on more, more do. A batch a thread cannot take (it
// failed, or the script is missing) is examined on the main thread instead: slower, never lost.
import { availableParallelism } from 'node:os'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { workerScript } from '../worker-script.js'
import { Worker } from 'node:worker_threads'
import { examineLine, type Examination, type LineVerdict } from './import-line.js'
import type { EntryExamination } from '../rest/bundle-examine.js'

export interface LinesRequest {
  id: number
  lines: string[]
  /** The first line's number in its file (from 1). */
  first: number
  fileName: string
  how: Examination
}

/** A batch or transaction Bundle's text, its entries to examine (server/rest/bundle-examine.ts). */
export interface BundleRequest {
  id: number
  bundle: string
}

export type PrepareRequest = LinesRequest | BundleRequest

export type PrepareReply = { id: number; verdicts: LineVerdict[] } | { id: number; entries: Array<EntryExamination | null> } | { id: number; error: string }

interface Preparer {
  worker: Worker
  pending: Map<number, (reply: PrepareReply) => void>
}

/** Threads worth starting on this machine: all cores but the writer's, at least one, at most four. */
export function preparerCount(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1))
}

export class PreparePool {
  private readonly preparers: Preparer[] = []
  private nextId = 1

  private constructor() {}

  /** Starts up to `count` threads; none when the script is missing (the main thread examines). */
  static async start(count: number): Promise<PreparePool> {
    const pool = new PreparePool()
    const script = workerScript('import-preparer')
    if (count < 1 || !existsSync(fileURLToPath(script))) return pool
    await Promise.all(Array.from({ length: count }, () => pool.spawn(script).catch(() => undefined)))
    return pool
  }

  private spawn(script: URL): Promise<void> {
    // A bounded heap: each thread holds a batch or two, and the server's memory stays its own. A
    // batch too big for it (one huge line) ends the thread, and the main thread examines the batch.
    // execArgv: [] (server/worker-script.ts says why)
    const worker = new Worker(script, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 256 } })
    const preparer: Preparer = { worker, pending: new Map() }
    worker.unref()
    return new Promise((resolve, reject) => {
      worker.once('message', (m) => {
        if (m !== 'ready') return reject(new Error('internal: an import preparer did not start'))
        this.preparers.push(preparer)
        worker.on('message', (reply: PrepareReply) => {
          preparer.pending.get(reply.id)?.(reply)
          preparer.pending.delete(reply.id)
        })
        resolve()
      })
      const drop = (why: string) => {
        reject(new Error(why))
        const i = this.preparers.indexOf(preparer)
        if (i >= 0) this.preparers.splice(i, 1)
        for (const [id, done] of preparer.pending) done({ id, error: why })
        preparer.pending.clear()
      }
      worker.once('error', (err) => drop(`an import preparer failed: ${err.message}`))
      worker.once('exit', (code) => drop(`an import preparer exited (${code})`))
    })
  }

  /** How many threads examine lines (0: the main thread does). */
  get size(): number {
    return this.preparers.length
  }

  /** The verdicts on a batch of lines, in order: from the least busy thread, or examined here. */
  async examine(batch: Omit<LinesRequest, 'id'>): Promise<LineVerdict[]> {
    const reply = await this.ask(batch)
    if (reply && 'verdicts' in reply) return reply.verdicts
    return batch.lines.map((line, i) => examineLine(line, batch.first + i, batch.fileName, batch.how))
  }

  /** A Bundle's entries examined on a thread; undefined when no thread could (the main thread then examines each as it writes). */
  async examineBundle(text: string): Promise<Array<EntryExamination | null> | undefined> {
    const reply = await this.ask({ bundle: text })
    return reply && 'entries' in reply ? reply.entries : undefined
  }

  /** Sends a request to the least busy thread; undefined when there is none. */
  private async ask(request: Omit<LinesRequest, 'id'> | Omit<BundleRequest, 'id'>): Promise<PrepareReply | undefined> {
    const preparer = this.preparers.reduce<Preparer | undefined>((a, b) => (a && a.pending.size <= b.pending.size ? a : b), undefined)
    if (!preparer) return undefined
    const id = this.nextId++
    return new Promise<PrepareReply>((resolve) => {
      preparer.pending.set(id, resolve)
      preparer.worker.postMessage({ ...request, id })
    })
  }

  async close() {
    const all = this.preparers.splice(0)
    await Promise.all(all.map((p) => p.worker.terminate()))
  }
}

/**
 * A job's preparing threads. The second full batch starts them, and nothing waits for them: until
 * they are up, batches are examined on the main thread as before. An import of a batch or two
 * never pays for a thread (starting one, and loading the validators in it, takes a few hundred ms).
 */
export class Preparers {
  private starting?: Promise<void>
  private up?: PreparePool
  private fullBatches = 0
  /** Batches examined on the threads so far. */
  onThreads = 0

  constructor(private readonly count: number) {}

  /** The threads if they are up, after counting this batch (full: it may start them). */
  pool(full: boolean): PreparePool | undefined {
    if (full && ++this.fullBatches >= 2 && !this.starting && this.count > 0) this.starting = PreparePool.start(this.count).then((p) => void (this.up = p))
    if (!this.up?.size) return undefined
    this.onThreads++
    return this.up
  }

  /** Batches to examine ahead of the one being stored: two per thread keeps each busy. */
  depth(): number {
    return this.up?.size ? 2 * this.up.size : 1
  }

  /** Settles when the threads have started (or failed to), once something has started them. */
  async started(): Promise<void> {
    await this.starting
  }

  async close() {
    await this.starting
    await this.up?.close()
  }
}
