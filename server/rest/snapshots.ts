// Paging snapshots: a search keeps its ordered matches for its next pages, so writes during paging
// neither skip nor repeat matches (as HAPI does). Bounded in count and time.
import { randomBytes } from 'node:crypto'
import type { Env } from './types.js'

export interface Snapshot {
  key: string
  ids: string[]
  expires: number
}

const SNAPSHOTS = new WeakMap<Env, Map<string, Snapshot>>()
/** Begins every key this thread makes: a reader's own (`r1-`), so its next pages come back to it. */
let keyPrefix = ''

export function setSnapshotPrefix(prefix: string) {
  keyPrefix = prefix
}
const SNAPSHOT_TTL_MS = 10 * 60_000
const MAX_SNAPSHOTS = 64

export function snapshotsOf(env: Env): Map<string, Snapshot> {
  let m = SNAPSHOTS.get(env)
  if (!m) SNAPSHOTS.set(env, (m = new Map()))
  const now = Date.now()
  for (const [k, s] of m) if (s.expires < now) m.delete(k)
  return m
}

/** Keeps a search's ordered matches for its next pages (bounded; the oldest goes first). */
export function takeSnapshot(env: Env, ids: string[]): Snapshot {
  const m = snapshotsOf(env)
  if (m.size >= MAX_SNAPSHOTS) m.delete(m.keys().next().value!)
  const s = { key: keyPrefix + randomBytes(12).toString('hex'), ids, expires: Date.now() + SNAPSHOT_TTL_MS }
  m.set(s.key, s)
  return s
}
