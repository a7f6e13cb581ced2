// The FHIR REST route table of the reference server: one row per interaction (STYLE.md 14), each
// handler a few lines over the repository layer. Registered $-operations (bulk export and import)
// are matched after these rows. dispatch() is the one entry: HTTP requests and Bundle entries.
import { resourceTypes } from '../../lib/validation/element-walk.js'
import { badRequest, notFound, OutcomeError } from '../../lib/outcomes.js'
import { NO_FAULTS, type Faults } from '../faults/catalogue.js'
import { bundle } from './bundle.js'
import { bundleStatus } from './bundle-limits.js'
import { patientEverything } from './everything.js'
import { erase, eraseStatus } from './erase.js'
import { capabilities } from './capability.js'
import { instanceHistory, systemHistory, typeHistory } from './history.js'
import { conditionalDelete, conditionalUpdate, create, patch, read, remove, update, vread } from './instance.js'
import { guarded } from './scope-enforcement.js'
import { searchType } from './search.js'
import { validateOperation } from './validate.js'
import { faultsOf, type Env, type FhirRequest, type Handler, type Reply } from './types.js'

const ID = /^[A-Za-z0-9\-.]{1,64}$/

/** [method, path pattern, handler]: `T` a resource type, `I` an id, `V` a version id. */
export const ROUTES: Array<[string, string, Handler]> = [
  ['GET', 'metadata', capabilities],
  ['POST', '', bundle],
  ['GET', '_history', systemHistory],
  ['GET', 'T', searchType],
  ['POST', 'T/_search', searchType],
  ['POST', 'T', create],
  ['PUT', 'T', conditionalUpdate],
  ['DELETE', 'T', conditionalDelete],
  ['GET', 'T/_history', typeHistory],
  // healthlake-bundles: the polling URL of an asynchronous transaction (before T/I: Transaction is no resource type).
  ['GET', 'Transaction/I', bundleStatus],
  ['POST', 'T/$validate', validateOperation],
  ['POST', 'T/I/$validate', validateOperation],
  ['GET', 'T/I', read],
  ['PUT', 'T/I', update],
  ['PATCH', 'T/I', patch],
  ['DELETE', 'T/I', remove],
  ['GET', 'T/I/_history', instanceHistory],
  ['GET', 'Patient/I/$everything', patientEverything],
  ['POST', 'T/I/$erase', erase],
  ['GET', '$erase/I', eraseStatus],
  ['GET', 'T/I/_history/V', vread],
]

export function dispatch(env: Env, req: FhirRequest): Reply {
  const [handler] = route(req.method, req.parts, env.operations, faultsOf(env))
  if (!req.access) return handler(env, req)
  return guarded(env, req, handler)
}

function route(method: string, parts: string[], operations: Env['operations'] = [], faults: Faults = NO_FAULTS): [Handler] {
  // read-unknown-type-500: an unknown resource type falls over instead of answering 404.
  if (faults.has('read-unknown-type-500') && parts[0] && /^[A-Z]/.test(parts[0]) && !resourceTypes().has(parts[0]))
    throw new OutcomeError(500, 'exception', `internal error: no table for ${parts[0]}`)
  let pathMatched = false
  for (const [m, pattern, handler] of [...ROUTES, ...operations]) {
    const pat = pattern === '' ? [] : pattern.split('/')
    if (pat.length !== parts.length) continue
    const ok = pat.every((p, i) => {
      const part = parts[i] ?? ''
      return p === 'T' ? /^[A-Z][A-Za-z]+$/.test(part) : p === 'I' || p === 'V' ? !part.startsWith('_') && !part.startsWith('$') : p === part
    })
    if (!ok) continue
    pathMatched = true
    if (m === method || (method === 'HEAD' && m === 'GET')) {
      const [type = '', id = ''] = parts
      if (pat[0] === 'T' && !resourceTypes().has(type)) throw notFound(`resource type ${type}`)
      if ((pat[1] === 'I' || pat[1] === 'V') && !ID.test(id)) throw badRequest(`\`${id}\` is not a valid id`)
      return [handler]
    }
  }
  if (pathMatched) throw new OutcomeError(405, 'not-supported', `${method} is not supported on /${parts.join('/')}`)
  if (parts[0] && /^[A-Z]/.test(parts[0]) && !resourceTypes().has(parts[0])) throw notFound(`resource type ${parts[0]}`)
  throw notFound(`/${parts.join('/')}`)
}
