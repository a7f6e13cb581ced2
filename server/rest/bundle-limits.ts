// HealthLake's Bundle rules (the `healthlake-bundles` variant; developer guide, "Bundling FHIR
// resources"): a synchronous Bundle holds at most 100 entries (a larger one is refused with 422);
// a transaction sent with `Prefer: respond-async` may hold 500 (no PATCH, no conditional PUT) and is
// answered 202 with an OperationOutcome and a polling URL, `Transaction/{id}`, which answers 202
// (SUBMITTED, IN_PROGRESS) until the transaction-response (200) or its error; a batch cannot be
// asynchronous. This follows FHIR's asynchronous Bundle pattern.
import { randomUUID } from 'node:crypto'
import { badRequest, notFound, OutcomeError } from '../../lib/outcomes.js'
import { type Env, type FhirRequest, type Reply } from './types.js'

export const SYNC_LIMIT = 100
export const ASYNC_LIMIT = 500
/** Finished asynchronous Bundles kept for their status URL (oldest dropped first). */
const KEPT = 200

const results = new WeakMap<Env, Map<string, Reply | 'SUBMITTED' | 'IN_PROGRESS'>>()

const resultsOf = (env: Env) => {
  let m = results.get(env)
  if (!m) results.set(env, (m = new Map()))
  return m
}

const async = (req: FhirRequest) => /respond-async/.test(req.headers.prefer ?? '')

/**
 * Applies the limits to a Bundle's entries; answers the 202 for an asynchronous
 * transaction (running `run` on the next tick) or undefined when the Bundle runs synchronously.
 */
export function limitBundle(env: Env, req: FhirRequest, type: string, entries: Array<Record<string, unknown>>, run: () => Reply): Reply | undefined {
  if (!async(req)) {
    if (entries.length > SYNC_LIMIT)
      throw new OutcomeError(
        422,
        'too-long',
        `the ${type} has ${entries.length} entries; a synchronous Bundle takes at most ${SYNC_LIMIT} (send a transaction with Prefer: respond-async for up to ${ASYNC_LIMIT})`,
      )
    return undefined
  }
  if (type === 'batch') throw badRequest('a batch Bundle cannot be processed asynchronously (Prefer: respond-async is for transactions)')
  if (entries.length > ASYNC_LIMIT)
    throw new OutcomeError(422, 'too-long', `the transaction has ${entries.length} entries; an asynchronous transaction takes at most ${ASYNC_LIMIT}`)
  const unsupported = entries.findIndex((e) => {
    const r = e.request as { method?: unknown; url?: unknown } | undefined
    return r?.method === 'PATCH' || (r?.method === 'PUT' && typeof r.url === 'string' && r.url.includes('?'))
  })
  if (unsupported >= 0) throw badRequest(`entry[${unsupported}]: PATCH and conditional PUT are not supported in an asynchronous transaction`)
  const id = randomUUID().replace(/-/g, '')
  const m = resultsOf(env)
  m.set(id, 'SUBMITTED')
  setImmediate(() => {
    m.set(id, 'IN_PROGRESS')
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
  const location = `${env.base}Transaction/${id}`
  return {
    status: 202,
    headers: { 'Content-Location': location },
    body: {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'information', code: 'informational', diagnostics: 'Submitted Asynchronous Bundle Transaction', location: [location] }],
    },
  }
}

/** GET Transaction/{id}: 202 with SUBMITTED or IN_PROGRESS, then the transaction-response (or its error) with its status. */
export function bundleStatus(env: Env, req: FhirRequest): Reply {
  const id = req.parts[1] ?? ''
  const r = resultsOf(env).get(id)
  if (!r) throw notFound(`asynchronous transaction ${id}`)
  if (typeof r === 'string')
    return {
      status: 202,
      headers: { 'Retry-After': '1' },
      body: { resourceType: 'OperationOutcome', id, issue: [{ severity: 'information', code: 'informational', diagnostics: r }] },
    }
  return r
}
