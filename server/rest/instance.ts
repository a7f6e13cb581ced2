// Instance and type-level interactions: read, vread, create, update, conditional update, patch,
// delete, conditional delete (R4 http §3.1.0.1–3.1.0.7). The rules live in repository.ts.
import { idempotencyKey, remember } from './idempotency.js'
import { badRequest, gone, notFound, OutcomeError, preconditionFailed } from '../../lib/outcomes.js'
import type { Resource } from '../store/store.js'
import { applyJsonPatch } from './json-patch.js'
import { bodyResource, checkIfMatch, etagOf, liveResource, searchIds, stored, write } from './repository.js'
import { subset } from './subset.js'
import { withoutProfileElement } from '../faults/us-core.js'
import { deferred, refuseIfReferred } from './integrity.js'
import { faultsOf, instanceOf, typeOf, versionOf, variantsOf, minimal, type Env, type FhirRequest, type Reply } from './types.js'

export function read(env: Env, req: FhirRequest): Reply {
  const [type, id] = instanceOf(req)
  const s = liveResource(env, type, id)
  const reply = stored(env, s, 200)
  if (faultsOf(env).has('tx-no-etag')) delete reply.headers!.ETag
  if (faultsOf(env).has('tx-read-plain-json')) reply.headers = { ...reply.headers, 'Content-Type': 'application/json' }
  const summary = req.query.get('_summary')
  const elements = req.query.get('_elements')
  if (summary || elements) reply.body = subset(JSON.parse(s.json) as Resource, summary ?? undefined, elements?.split(','))
  const dropped = faultsOf(env).has('uscore-must-support-dropped') ? 'mustSupport' : faultsOf(env).has('uscore-required-dropped') ? 'required' : undefined
  if (dropped) reply.body = withoutProfileElement(JSON.parse(s.json) as Resource, dropped)
  return reply
}

export function vread(env: Env, req: FhirRequest): Reply {
  const [type, id, vid] = versionOf(req)
  const version = env.store.versionIds.parse(vid)
  if (version === undefined) throw notFound(`${type}/${id}/_history/${vid}`)
  // tx-vread-current: any version id answers with the current version.
  const s = faultsOf(env).has('tx-vread-current') ? env.store.read(type, id) : env.store.vread(type, id, version)
  if (!s) throw notFound(env.store.read(type, id) ? `${type}/${id}/_history/${vid}` : `${type}/${id}`)
  if (s.deleted) throw gone(`${type}/${id}/_history/${vid}`)
  return stored(env, s, 200)
}

export function create(env: Env, req: FhirRequest): Reply {
  const type = typeOf(req)
  const resource = bodyResource(req, type)
  const ifNoneExist = req.headers['if-none-exist']
  if (ifNoneExist && !faultsOf(env).has('tx-conditional-create-duplicates')) {
    const matches = searchIds(env, type, new URLSearchParams(ifNoneExist), 2)
    const [only] = matches
    if (only !== undefined && matches.length === 1) return stored(env, env.store.read(type, only)!, 200, req)
    if (matches.length > 1) throw preconditionFailed(`If-None-Exist matched ${matches.length} resources`)
  }
  // HealthLake's idempotency key: a repeated key answers 409 and creates nothing.
  const key = idempotencyKey(env, req)
  // The server assigns the id on create (R4 http §3.1.0.7); a client id is ignored.
  const { stored: s, issues } = write(env, req, { ...resource, id: env.store.newId() }, 'POST')
  const reply = stored(env, s, 201, req, issues)
  remember(env, key, reply)
  if (faultsOf(env).has('tx-no-location')) delete reply.headers!.Location
  return reply
}

export function update(env: Env, req: FhirRequest): Reply {
  const [type, id] = instanceOf(req)
  const resource = bodyResource(req, type)
  if (resource.id !== id) throw badRequest(`body id \`${String(resource.id)}\` does not match the URL's \`${id}\``)
  return env.store.transaction(() => {
    const existing = env.store.read(type, id)
    // no-update-create: the server assigns every id; a PUT to an id it never issued is refused.
    if (!existing && variantsOf(env).has('no-update-create'))
      throw new OutcomeError(405, 'not-supported', `${type}/${id} does not exist and this server assigns ids: create it with POST (updateCreate is false)`)
    checkIfMatch(env, req, type, id, existing)
    const { stored: s, created, issues } = write(env, req, resource, 'PUT')
    const reply = stored(env, s, created ? 201 : 200, req, issues)
    // update-no-location: Location is required on 201 only (R4 http, update).
    if (!created && variantsOf(env).has('update-no-location')) delete reply.headers?.Location
    if (!created && faultsOf(env).has('tx-version-not-bumped')) {
      // The reply claims the version before the update, as a server that never bumps would.
      const old = env.store.versionIds.label(s.version - 1)
      const body = JSON.parse(s.json) as Resource
      body.meta = { ...(body.meta ?? {}), versionId: old }
      return { ...reply, body: minimal(req) ? undefined : body, headers: { ...reply.headers, ETag: `W/"${old}"` } }
    }
    return reply
  })
}

/** PUT Type?criteria: 0 matches → create, 1 → update it, more → 412 (R4 http §3.1.0.4.3). */
export function conditionalUpdate(env: Env, req: FhirRequest): Reply {
  const type = typeOf(req)
  if ([...req.query.keys()].length === 0) throw badRequest('a conditional update needs search criteria')
  const resource = bodyResource(req, type)
  return env.store.transaction(() => {
    const matches = faultsOf(env).has('tx-conditional-update-creates') ? [] : searchIds(env, type, req.query, 2)
    if (matches.length > 1) throw preconditionFailed(`conditional update matched ${matches.length} resources`)
    if (matches.length === 1) {
      if (resource.id !== undefined && resource.id !== matches[0]) throw badRequest(`body id \`${resource.id}\` is not the matched ${type}/${matches[0]}`)
      const { stored: s, issues } = write(env, req, { ...resource, id: matches[0] }, 'PUT')
      return stored(env, s, 200, req, issues)
    }
    const id = typeof resource.id === 'string' && !variantsOf(env).has('no-update-create') ? resource.id : env.store.newId()
    if (env.store.read(type, id) && !env.store.read(type, id)!.deleted) throw badRequest(`${type}/${id} exists but does not match the criteria`)
    const { stored: s, issues } = write(env, req, { ...resource, id }, 'PUT')
    return stored(env, s, 201, req, issues)
  })
}

export function patch(env: Env, req: FhirRequest): Reply {
  const [type, id] = instanceOf(req)
  const ct = req.headers['content-type'] ?? ''
  if (faultsOf(env).has('tx-patch-json-only') ? !ct.startsWith('application/json') || ct.startsWith('application/json-patch+json') : !ct.startsWith('application/json-patch+json'))
    throw new OutcomeError(415, 'not-supported', `PATCH takes ${faultsOf(env).has('tx-patch-json-only') ? 'application/json' : 'application/json-patch+json'}`)
  if (!Array.isArray(req.body)) throw badRequest('a JSON Patch body is an array of operations')
  return env.store.transaction(() => {
    const current = liveResource(env, type, id)
    checkIfMatch(env, req, type, id, current)
    const patched = applyJsonPatch(JSON.parse(current.json), req.body as unknown[], { skipTests: faultsOf(env).has('tx-patch-test-ignored') }) as Resource
    if (patched.resourceType !== type || patched.id !== id) throw new OutcomeError(422, 'processing', 'a patch may not change resourceType or id')
    const { stored: s, issues } = write(env, req, patched, 'PATCH')
    return stored(env, s, 200, req, issues)
  })
}

export function remove(env: Env, req: FhirRequest): Reply {
  const [type, id] = instanceOf(req)
  return env.store.transaction(() => {
    checkIfMatch(env, req, type, id, env.store.read(type, id))
    if (variantsOf(env).has('referential-integrity') && !deferred.has(req)) refuseIfReferred(env, type, id)
    const deleted = faultsOf(env).has('tx-delete-ignored') ? undefined : env.store.delete(type, id)
    const headers: Record<string, string> = deleted ? { ETag: etagOf(env, deleted.version) } : {}
    return { status: 204, headers }
  })
}

/** DELETE Type?criteria: deletes every match (0 is fine); R4 http §3.1.0.6.1 allows multiple. */
export function conditionalDelete(env: Env, req: FhirRequest): Reply {
  const type = typeOf(req)
  if ([...req.query.keys()].length === 0) throw badRequest('a conditional delete needs search criteria')
  return env.store.transaction(() => {
    const matches = searchIds(env, type, req.query, env.maxCount + 1)
    if (matches.length > env.maxCount) throw preconditionFailed(`conditional delete matched more than ${env.maxCount} resources`)
    if (variantsOf(env).has('referential-integrity') && !deferred.has(req)) for (const id of matches) refuseIfReferred(env, type, id)
    if (!faultsOf(env).has('tx-conditional-delete-ignored')) for (const id of matches) env.store.delete(type, id)
    return { status: 204 }
  })
}
