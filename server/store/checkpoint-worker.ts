// The store's checkpointer thread (checkpointer.ts): its own connection to the file database,
// copying what the write-ahead log holds back into the file every `everyMs`, so the writer's
// commits only append to the log.
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'

const { db: path, everyMs } = workerData as { db: string; everyMs: number }
const db = new Database(path, { fileMustExist: true })
// PASSIVE: copies the frames no reader still needs, never waits for a lock, never blocks the writer.
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)')
const timer = setInterval(() => {
  try {
    checkpoint.get()
  } catch {
    // busy or interrupted: the next turn tries again, and the writer's own checkpoint is the backstop
  }
}, everyMs)
parentPort!.on('message', (m) => {
  if (m !== 'close') return
  clearInterval(timer)
  db.close()
  parentPort!.close()
})
parentPort!.postMessage('ready')
