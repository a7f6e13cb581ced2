// One import-preparing thread (prepare-pool.ts): reads, validates and prepares a batch of NDJSON
// lines while the main thread stores the batch before. It never opens the database.
import { parentPort } from 'node:worker_threads'
import { examineLine } from './import-line.js'
import { examineBundleText } from '../rest/bundle-examine.js'
import type { PrepareReply, PrepareRequest } from './prepare-pool.js'

parentPort!.on('message', (m: PrepareRequest) => {
  let reply: PrepareReply
  try {
    reply = 'bundle' in m ? { id: m.id, entries: examineBundleText(m.bundle) } : { id: m.id, verdicts: m.lines.map((line, i) => examineLine(line, m.first + i, m.fileName, m.how)) }
  } catch (err) {
    reply = { id: m.id, error: (err as Error).message }
  }
  parentPort!.postMessage(reply)
})
parentPort!.postMessage('ready')
