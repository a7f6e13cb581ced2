// HealthLake's idempotent create (developer guide, "Idempotency and Concurrency"): a POST that carries
// `x-amz-fhir-idempotency-key: <UUID>` creates once; the same key again answers 409 Conflict and
// creates nothing, naming the original (here in Location and the OperationOutcome); a key that is not
// a UUID is refused with 400. Keys are remembered per data store for the server's lifetime.
import { badRequest, OutcomeError } from '../../lib/outcomes.js'
import type { Store } from '../store/store.js'
import { faultsOf, type Env, type FhirRequest, type Reply } from './types.js'

export const IDEMPOTENCY_HEADER = 'x-amz-fhir-idempotency-key'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const seen = new WeakMap<Store, Map<string, string>>()

/** The key of a create, checked; or the 409 for a key already used. */
export function idempotencyKey(env: Env, req: FhirRequest): string | undefined {
  const key = req.headers[IDEMPOTENCY_HEADER]?.trim()
  if (key === undefined || faultsOf(env).has('idempotency-key-ignored')) return undefined
  if (!UUID.test(key)) throw badRequest(`${IDEMPOTENCY_HEADER} must be a UUID, got ${JSON.stringify(key)}`)
  const original = seen.get(env.store)?.get(key.toLowerCase())
  if (original) {
    const e = new OutcomeError(409, 'duplicate', `${IDEMPOTENCY_HEADER} ${key} was already used: it created ${original}`, { Location: `${env.base}${original}` })
    throw e
  }
  return key.toLowerCase()
}

/** Remembers what a keyed create made (after it succeeded). */
export function remember(env: Env, key: string | undefined, reply: Reply): void {
  const location = reply.headers?.Location
  if (!key || !location || reply.status >= 300) return
  const ref = /([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})\/_history\//.exec(location)?.[1]
  if (!ref) return
  let m = seen.get(env.store)
  if (!m) seen.set(env.store, (m = new Map()))
  m.set(key, ref)
}
