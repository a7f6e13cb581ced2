// HealthLake's Bundle rules (the `healthlake-bundles` variant; developer guide, "Bundling FHIR
// resources"): a synchronous Bundle holds at most 100 entries (a larger one is refused with 422);
// a transaction sent with `Prefer: respond-async` may hold 500 and is answered 202 with a status
// URL that gives the transaction-response when it is done; a batch cannot be asynchronous.
import { randomUUID } from 'node:crypto'
import { badRequest, notFound, OutcomeError } from '../../lib/outcomes.js'
import { type Env, type FhirRequest, type Reply } from './types.js'

export const SYNC_LIMIT = 100
export const ASYNC_LIMIT = 500
/** Finished asynchronous Bundles kept for their status URL (oldest dropped first). */
const KEPT = 200

const results = new WeakMap<Env, Map<string, Reply | 'running'>>()

const resultsOf = (env: Env) => {
  let m = results.get(env)
  if (!m) results.set(env, (m = new Map()))
  return m
}

const async = (req: FhirRequest) => /respond-async/.test(req.headers.prefer ?? '')

/**
 * Applies the limits to a Bundle of `entries` entries; answers the 202 for an asynchronous
 * transaction (running `run` on the next tick) or undefined when the Bundle runs synchronously.
 */
export function limitBundle(env: Env, req: FhirRequest, type: string, entries: number, run: () => Reply): Reply | undefined {
  if (!async(req)) {
    if (entries > SYNC_LIMIT)
      throw new OutcomeError(
        422,
        'too-long',
        `the ${type} has ${entries} entries; a synchronous Bundle takes at most ${SYNC_LIMIT} (send a transaction with Prefer: respond-async for up to ${ASYNC_LIMIT})`,
      )
    return undefined
  }
  if (type === 'batch') throw badRequest('a batch Bundle cannot be processed asynchronously (Prefer: respond-async is for transactions)')
  if (entries > ASYNC_LIMIT) throw new OutcomeError(422, 'too-long', `the transaction has ${entries} entries; an asynchronous transaction takes at most ${ASYNC_LIMIT}`)
  const id = randomUUID()
  const m = resultsOf(env)
  m.set(id, 'running')
  setImmediate(() => {
    let reply: Reply
    try {
      reply = run()
    } catch (err) {
      const e = err instanceof OutcomeError ? err : new OutcomeError(500, 'exception', (err as Error).message)
      reply = { status: e.status, body: e.toOutcome() }
    }
    m.set(id, reply)
    while (m.size > KEPT) m.delete(m.keys().next().value as string)
  })
  return { status: 202, headers: { 'Content-Location': `${env.base}_bundle-status/${id}` } }
}

/** GET _bundle-status/{id}: 202 while running, then the transaction-response (or its error) with its status. */
export function bundleStatus(env: Env, req: FhirRequest): Reply {
  const r = resultsOf(env).get(req.parts[1] ?? '')
  if (!r) throw notFound(`asynchronous Bundle ${req.parts[1] ?? ''}`)
  if (r === 'running') return { status: 202, headers: { 'X-Progress': 'running', 'Retry-After': '1' } }
  return r
}
