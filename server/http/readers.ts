// Reader threads for a file database: better-sqlite3 is synchronous, so on one thread a slow search
// holds up every other request. With readers, the main thread keeps HTTP, auth, writes and jobs, and
// hands the read interactions (read, vread, search, history, $everything) to worker
// threads, each with its own read-only connection: in WAL mode they read while the one writer
// writes, and every read starts from the last commit, so a client reads its own writes. A search's
// paging snapshot lives in the reader that took it; its key names that reader (`r1-…`), and its
// next pages go back there. One more reader, the slow lane, runs at a lower scheduling priority and
// takes the searches that have lately run long (server/http/read-lanes.ts), so they use what CPU
// quick reads leave. A reader that fails is dropped, and its requests are answered 500; with none
// left, reads run on the main thread as they do without readers.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Access } from '../auth/guard.js'
import type { ValidationLevel } from '../../lib/validation/levels.js'
import { unpage } from '../rest/paging.js'
import { CostBook, pickReader, shapeOf } from './read-lanes.js'
import { workerScript } from '../worker-script.js'

/** What a reader needs to answer as the main thread would. */
export interface ReaderInit {
  index: number
  db: string
  base: string
  maxCount: number
  maxBundleEntries: number
  validation: ValidationLevel
  faults: string[]
  variants: string[]
  smart?: { authorize?: string; token: string; introspect?: string; revoke?: string }
  /** The slow lane: the reader lowers its thread's scheduling priority where the OS allows it. */
  slowLane?: boolean
}

export interface ReaderRequest {
  id: number
  method: string
  parts: string[]
  query: string
  headers: Record<string, string | undefined>
  body?: unknown
  access?: WireAccess
}

/** Access as a message carries it: a scope's v2 filter (URLSearchParams, which does not clone) as text. */
export type WireAccess = Omit<Access, 'scopes'> & { scopes: Array<Omit<Access['scopes'][number], 'filter'> & { filter?: string }> }

export const accessToWire = (a: Access): WireAccess => ({ ...a, scopes: a.scopes.map((s) => ({ ...s, filter: s.filter?.toString() })) })

export const accessFromWire = (a: WireAccess): Access => ({
  ...a,
  scopes: a.scopes.map(({ filter, ...s }) => ({ ...s, ...(filter === undefined ? {} : { filter: new URLSearchParams(filter) }) })),
})

export interface ReaderReply {
  id: number
  status: number
  headers: Record<string, string>
  /** The serialised body (FHIR JSON)… */
  text?: string
  /** …or, for a long one, its UTF-8 bytes in a buffer of their own (transferred). */
  bytes?: Uint8Array
  /** How long the reader took to answer, ms. */
  ms?: number
}

/** Interactions that only read, and only what the store holds (not the main thread's job tables). */
export function readsOnly(method: string, parts: string[]): boolean {
  const [first = '', second = '', third] = parts
  if (method === 'POST') return parts.length === 2 && /^[A-Z]/.test(first) && second === '_search'
  if (method !== 'GET' && method !== 'HEAD') return false
  // metadata lists the main thread's operations ($export, $import), which readers do not register.
  if (first === 'metadata' || first === 'Transaction' || first.startsWith('$') || first === 'export' || first === 'import') return false
  // $everything is the one operation a reader answers; $export and the rest stay on the main thread.
  const operation = parts.find((p) => p.startsWith('$'))
  return operation === undefined || (first === 'Patient' && third === '$everything' && parts.length === 3)
}

interface Reader {
  worker: Worker
  index: number
  slowLane: boolean
  pending: Map<number, { shape: string; done: (reply: ReaderReply) => void }>
  headSince: number
}

export class ReaderPool {
  private readonly readers: Reader[] = []
  /** How long each shape of read has lately taken. */
  readonly costs = new CostBook()
  private nextId = 1

  private constructor() {}

  /** Starts `count` readers and the slow lane, and waits until each has opened the database. */
  static async start(count: number, init: Omit<ReaderInit, 'index' | 'slowLane'>): Promise<ReaderPool> {
    const script = workerScript('server-reader')
    if (!existsSync(fileURLToPath(script))) throw new Error(`internal: reader script missing at ${fileURLToPath(script)}; run npm run build`)
    const pool = new ReaderPool()
    try {
      const all = Array.from({ length: count + 1 }, (_, i) => ({ ...init, index: i + 1, slowLane: i === count }))
      await Promise.all(all.map((x) => pool.spawn(script, x)))
    } catch (err) {
      await pool.close()
      throw err
    }
    return pool
  }

  private spawn(script: URL, init: ReaderInit): Promise<void> {
    // execArgv: [] (server/worker-script.ts says why)
    const worker = new Worker(script, { workerData: init, execArgv: [] })
    const reader: Reader = { worker, index: init.index, slowLane: init.slowLane === true, pending: new Map(), headSince: 0 }
    return new Promise((resolve, reject) => {
      worker.once('message', (m) => {
        if (m !== 'ready') return reject(new Error(`internal: reader ${init.index} did not start`))
        this.readers.push(reader)
        worker.on('message', (reply: ReaderReply) => {
          const sent = reader.pending.get(reply.id)
          reader.pending.delete(reply.id)
          reader.headSince = performance.now()
          if (sent && reply.ms !== undefined) this.costs.record(sent.shape, reply.ms)
          sent?.done(reply)
        })
        resolve()
      })
      worker.once('error', (err) => {
        reject(err)
        this.drop(reader, `reader ${init.index} failed: ${err.message}`)
      })
      worker.once('exit', (code) => this.drop(reader, `reader ${init.index} exited (${code})`))
    })
  }

  /** A reader that failed or exited: out of the rotation, its requests answered 500. */
  private drop(reader: Reader, why: string) {
    const i = this.readers.indexOf(reader)
    if (i >= 0) this.readers.splice(i, 1)
    for (const [id, { done }] of reader.pending) done({ id, status: 500, headers: {}, text: JSON.stringify(internalError(why)) })
    reader.pending.clear()
  }

  /** Answers a read on a reader: the one holding its paging snapshot, else as read-lanes.ts picks. */
  run(req: Omit<ReaderRequest, 'id'>): Promise<ReaderReply> | undefined {
    const query = new URLSearchParams(req.query)
    const shape = shapeOf(req.method, req.parts, query)
    const reader = this.snapshotHolder(query) ?? pickReader(this.readers, this.costs.slow(shape), performance.now())
    if (!reader) return undefined
    const id = this.nextId++
    return new Promise((resolve) => {
      if (reader.pending.size === 0) reader.headSince = performance.now()
      reader.pending.set(id, { shape, done: resolve })
      try {
        reader.worker.postMessage({ ...req, id })
      } catch (err) {
        // Something in the request that does not clone: answered here, the reader never saw it.
        reader.pending.delete(id)
        resolve({ id, status: 500, headers: {}, text: JSON.stringify(internalError(`internal: the request could not reach a reader: ${(err as Error).message}`)) })
      }
    })
  }

  private snapshotHolder(query: URLSearchParams): Reader | undefined {
    let snapshot: string | null = null
    try {
      snapshot = unpage(query).get('_snapshot')
    } catch {
      // a malformed page token: whichever reader answers refuses it
    }
    const owner = snapshot ? Number(/^r(\d+)-/.exec(snapshot)?.[1]) : NaN
    return this.readers.find((r) => r.index === owner)
  }

  async close() {
    const readers = this.readers.splice(0)
    await Promise.all(
      readers.map(async (r) => {
        for (const [id, { done }] of r.pending) done({ id, status: 503, headers: {}, text: JSON.stringify(internalError('the server is stopping')) })
        r.pending.clear()
        r.worker.postMessage('close')
        await r.worker.terminate()
      }),
    )
  }
}

function internalError(message: string) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: message }] }
}
