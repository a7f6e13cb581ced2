// One reader thread (server/http/readers.ts): its own read-only connection to the file database
// and its own environment, answering the read interactions the main thread hands it — read, vread,
// search, history, $everything — with the very handlers the main thread runs, so an
// answer is the same whichever thread gives it. Replies go back serialised.
import { spawnSync } from 'node:child_process'
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { Store } from '../store/store.js'
import { NUMERIC_VERSION_IDS, OPAQUE_VERSION_IDS } from '../store/version-ids.js'
import { dispatch } from '../rest/routes.js'
import { serialize, type Env, type FhirRequest } from '../rest/types.js'
import { setSnapshotPrefix } from '../rest/snapshots.js'
import { parseFaults } from '../faults/catalogue.js'
import { parseVariants } from '../variants/catalogue.js'
import { toReply } from './wire.js'
import { accessFromWire, type ReaderInit, type ReaderRequest, type ReaderReply } from './readers.js'

const init = workerData as ReaderInit
const variants = parseVariants(init.variants)
const store = new Store(init.db, variants.has('opaque-version-ids') ? OPAQUE_VERSION_IDS : NUMERIC_VERSION_IDS, true)
const env: Env = {
  store,
  base: init.base,
  maxCount: init.maxCount,
  maxBundleEntries: init.maxBundleEntries,
  validation: init.validation,
  faults: parseFaults(init.faults),
  variants,
  ...(init.smart ? { smart: init.smart } : {}),
}
setSnapshotPrefix(`r${init.index}-`)
if (init.slowLane) lowerPriority()

/**
 * The slow lane's thread gives way to every other thread of the machine. On Linux a thread's
 * priority is its own, set through its thread id: nice 19 first, then the SCHED_IDLE policy through
 * util-linux's `chrt` where it is installed. Nice 19 still takes a fair slice whenever the busy
 * threads pause between requests (reads by id kept 73–77 % of their rate beside a search run back
 * to back on 2 cores); SCHED_IDLE runs only on a CPU nothing else wants and is preempted at once
 * (81–94 %). Elsewhere setPriority would lower the whole process, so the slow lane there is only a
 * separate reader.
 */
function lowerPriority() {
  if (process.platform !== 'linux') return
  let tid: number
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    setPriority(tid, 19)
  } catch {
    return // no /proc, or not allowed: the lane still keeps long searches off the fast readers
  }
  // Lowering one's own thread needs no privilege; without chrt the thread stays at nice 19. The
  // wait is generous: on a loaded machine 2 s once left the lane at nice 19 (READERS-05 failed in a
  // CI run that took 9 s where it takes 4), and only this starting thread waits.
  spawnSync('chrt', ['--idle', '--pid', '0', String(tid)], { stdio: 'ignore', timeout: 10_000 })
}

function answer(m: ReaderRequest): ReaderReply {
  const t0 = performance.now()
  const req: FhirRequest = {
    method: m.method,
    parts: m.parts,
    query: new URLSearchParams(m.query),
    headers: m.headers,
    ...(m.body !== undefined ? { body: m.body } : {}),
    ...(m.access ? { access: accessFromWire(m.access) } : {}),
  }
  let reply
  try {
    reply = dispatch(env, req)
  } catch (err) {
    reply = toReply(err)
  }
  const text = reply.body === undefined ? undefined : serialize(reply.body)
  const body = text === undefined ? {} : text.length >= BYTES_FROM ? { bytes: encoder.encode(text) } : { text }
  return { id: m.id, status: reply.status, headers: reply.headers ?? {}, ...body, ms: performance.now() - t0 }
}

/**
 * Answers this long (characters) go back as UTF-8 bytes, their buffer transferred, not copied: the
 * main thread then neither copies nor encodes them, which a 1 MB search page cost it on every run.
 * A short answer is cheaper as text than as a transfer.
 */
const BYTES_FROM = 64 * 1024
const encoder = new TextEncoder()

parentPort!.on('message', (m: ReaderRequest | 'close') => {
  if (m === 'close') {
    store.close()
    process.exit(0)
  }
  const reply = answer(m)
  parentPort!.postMessage(reply, reply.bytes ? [reply.bytes.buffer as ArrayBuffer] : [])
})
parentPort!.postMessage('ready')
