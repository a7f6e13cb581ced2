// A generator worker thread: builds its own pool and producer from the run settings, then answers
// each { start, end } with that chunk's output. Uncaught errors go back as messages.
import { parentPort, workerData } from 'node:worker_threads'
import { ChunkProducer, type ChunkSettings } from './chunk.js'

const producer = new ChunkProducer(workerData as ChunkSettings)
parentPort!.on('message', (msg: { start: number; end: number }) => {
  try {
    parentPort!.postMessage({ ok: true, result: producer.produce(msg.start, msg.end) })
  } catch (err) {
    parentPort!.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  }
})
