// Checkpoints off the writer's thread. In WAL mode a commit appends pages to the log, and every so
// many pages the committing connection copies the log back into the database file (and syncs it).
// Replaying the SQL of a 100k-resource import took 9.9 s with the writer checkpointing and 8.0 s
// without (b8b675c). Here a thread with its own connection does it every quarter second; the
// writer keeps its own automatic checkpoint only as a backstop, much further out.
import { Worker } from 'node:worker_threads'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type Database from 'better-sqlite3'
import { workerScript } from '../worker-script.js'

/** The writer's own automatic checkpoint while a checkpointer runs: at ~256 MB of log. */
const BACKSTOP_PAGES = 65_536

export class Checkpointer {
  private constructor(private readonly worker: Worker) {}

  /**
   * Starts the thread for `writer`'s file and moves the writer's checkpoint out to the backstop;
   * undefined (the writer checkpoints as before) for `:memory:` or when the script is missing.
   */
  static async start(writer: Database.Database, path: string, everyMs = 250): Promise<Checkpointer | undefined> {
    const script = workerScript('store-checkpointer')
    if (path === ':memory:' || path === '' || !existsSync(fileURLToPath(script))) return undefined
    // execArgv: [] (server/worker-script.ts says why)
    const worker = new Worker(script, { workerData: { db: path, everyMs }, execArgv: [] })
    worker.unref()
    const started = await new Promise<boolean>((resolve) => {
      worker.once('message', (m) => resolve(m === 'ready'))
      worker.once('error', () => resolve(false))
      worker.once('exit', () => resolve(false))
    })
    if (!started) {
      await worker.terminate()
      return undefined
    }
    writer.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`)
    return new Checkpointer(worker)
  }

  /** Stops the thread; it closes its connection (the writer's close checkpoints the rest). */
  async close() {
    // Held (ref) until it has gone, at most two seconds: an unref'd thread would not keep the process up to see it go.
    this.worker.ref()
    const gone = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()))
    this.worker.postMessage('close')
    let timer: NodeJS.Timeout | undefined
    await Promise.race([gone, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)))])
    clearTimeout(timer)
    await this.worker.terminate()
  }
}
