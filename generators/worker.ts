// A generator worker thread: builds its own pool and producer from the run settings, then answers
// each { start, end } with that chunk's output. Uncaught errors go back as messages.
import { parentPort, workerData } from 'node:worker_threads'
import { ChunkProducer, type ChunkSettings } from './chunk.js'

const producer = new ChunkProducer(workerData as ChunkSettings)
parentPort!.on('message', (msg: { start: number; end: number } | { shared: true }) => {
  try {
    if ('shared' in msg) {
      parentPort!.postMessage({ ok: true, result: producer.validateShared() })
      return
    }
    const result = producer.produce(msg.start, msg.end)
    // Transfer the encoded NDJSON instead of copying it.
    const transfer = Object.values(result.ndjson).map((n) => n.data.buffer as ArrayBuffer)
    parentPort!.postMessage({ ok: true, result }, transfer)
  } catch (err) {
    parentPort!.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  }
})
