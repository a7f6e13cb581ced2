// Scope enforcement for the FHIR interactions (SMART scopes through the guard's restrictions).
import { OutcomeError } from '../../lib/outcomes.js'
import { restrictionsFor, type Access, type Restriction } from '../auth/guard.js'
import { permissionFor } from '../../lib/smart-scopes.js'
import { faultsOf, type Env, type FhirRequest, type Handler, type Reply } from './types.js'

/**
 * Scope enforcement for one interaction (and for every entry of a Bundle, which comes back
 * through dispatch): 403 when no scope grants it; searches get the restrictions as SQL; reads
 * and writes are checked against them on the row, before and after, inside one transaction.
 */
export function guarded(env: Env, req: FhirRequest, handler: Handler): Reply {
  const access = req.access!
  const [first, id] = req.parts
  if (first === 'metadata' || (req.parts.length === 0 && req.method === 'POST')) return handler(env, req)
  if (first?.startsWith('$') || req.parts[2]?.startsWith('$') || req.parts[1]?.startsWith('$')) return handler(env, req) // operations check their own scopes
  const type = first && /^[A-Z]/.test(first) ? first : '*'
  const perm = permissionFor(req.method, req.parts)
  const restrictions = restrictionsFor(access, type, perm, faultsOf(env))
  if (restrictions.length === 0) return handler(env, req)
  if (perm === 's') return handler(env, { ...req, restrict: restrictions })
  const instance = id !== undefined && !id.startsWith('_')
  if (perm === 'c' && !instance && req.parts.length === 1) {
    // A create (server-assigned id): written, then checked; outside the scopes it rolls back.
    return env.store.transaction(() => {
      const reply = handler(env, req)
      const created = /\/([A-Za-z0-9\-.]{1,64})\/_history\/\d+$/.exec(reply.headers?.Location ?? '')?.[1]
      if (reply.status < 300 && (!created || !rowAllowed(env, type, created, restrictions)))
        throw new OutcomeError(403, 'forbidden', `the created ${type} would be outside what the granted scopes allow`)
      return reply
    })
  }
  if (!instance) throw new OutcomeError(403, 'forbidden', `${req.method} /${req.parts.join('/')} is not available with compartment- or filter-limited scopes`)
  return env.store.transaction(() => {
    const current = env.store.read(type, id)
    if (current && !current.deleted && !rowAllowed(env, type, id, restrictions)) throw new OutcomeError(403, 'forbidden', `${type}/${id} is outside what the granted scopes allow`)
    const reply = handler(env, req)
    if ((perm === 'c' || perm === 'u') && reply.status < 300 && !rowAllowed(env, type, id, restrictions))
      throw new OutcomeError(403, 'forbidden', `the written ${type}/${id} would be outside what the granted scopes allow`)
    return reply
  })
}

function rowAllowed(env: Env, type: string, id: string, restrictions: Restriction[]): boolean {
  if (restrictions.length === 0) return true
  const sql = `SELECT 1 FROM resources r WHERE r.type = ? AND r.id = ? AND ${restrictions.map((x) => x.sql).join(' AND ')}`
  return env.store.db.prepare(sql).get(type, id, ...restrictions.flatMap((x) => x.args)) !== undefined
}

/** May the caller read this resource (an _include, a transaction's POST entry)? */
export function mayTouch(env: Env, access: Access | undefined, type: string, id: string, perm: 'r' | 'c'): boolean {
  if (!access) return true
  try {
    return rowAllowed(env, type, id, restrictionsFor(access, type, perm, faultsOf(env)))
  } catch (err) {
    if (err instanceof OutcomeError && err.status === 403) return false
    throw err
  }
}
