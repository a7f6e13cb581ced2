// The repository layer: the FHIR rules of reading and writing one resource, so that handlers are a
// few lines — validation at the request's level, 404 for never-existed vs 410 for deleted, ETag
// and Last-Modified, If-Match, conditional matches, versioned Location (R4 http §3.1.0).
import { badRequest, notFound, OutcomeError, preconditionFailed } from '../../lib/outcomes.js'
import { validateResource } from '../../lib/validation/validator.js'
import { RULES } from '../../lib/validation/rules.js'
import { flaggedAt, issuesOutcome, levelRejects, markValidationIssues, parseLevel, VALIDATION_ISSUES_HEADER, type ValidationLevel } from '../../lib/validation/levels.js'
import { parseSearch, typeTest } from '../search/query.js'
import type { Resource, StoredResource } from '../store/store.js'
import { isStrong } from '../store/index-lag.js'
import { SEARCHABLE } from '../store/schema.js'
import { examined } from './bundle-examine.js'
import { faultsOf, minimal, RawJson, variantsOf, type Env, type FhirRequest, type Reply } from './types.js'

export const VALIDATION_HEADER = 'x-amzn-healthlake-fhir-validation-level'

function levelOf(env: Env, req: FhirRequest): ValidationLevel {
  const h = req.headers[VALIDATION_HEADER]
  if (h === undefined) return env.validation
  const level = parseLevel(h.trim())
  if (!level) throw badRequest(`${VALIDATION_HEADER} must be strict, structure-only or minimal, got ${JSON.stringify(h)}`)
  return level
}

/** Validates at the request's level, then writes: every create, update and patch goes through here. */
export function write(env: Env, req: FhirRequest, resource: Resource, method: 'POST' | 'PUT' | 'PATCH') {
  const level = levelOf(env, req)
  // no-terminology-validation: codes are not checked against their required bindings on the FHIR API.
  const skipBindings = variantsOf(env).has('no-terminology-validation')
  // A Bundle entry's resource may have been validated and prepared on a preparing thread already.
  const exam = examined.get(resource)
  // strict-profiles-ignored: the profiles a resource declares are not applied (strict is structure-only).
  const skipProfiles = faultsOf(env).has('strict-profiles-ignored')
  const issues = (exam?.issues ?? validateResource(resource, { requireId: true })).filter(
    (i) => !(skipBindings && i.rule === RULES.binding) && !(skipProfiles && i.rule === RULES.profile),
  )
  const problems = issues.filter((i) => levelRejects(level, i.rule))
  if (problems.length) {
    const err = new OutcomeError(
      400,
      'invalid',
      `${resource.resourceType} fails ${level} validation: ${problems.map((p) => `[${p.rule}] ${p.path ?? ''} ${p.message}`.trim()).join('; ')}`,
    )
    throw err
  }
  // write-drops-every-100th: acknowledged like any write, never stored.
  if (faultsOf(env).has('write-drops-every-100th') && writeCount.set(env, (writeCount.get(env) ?? 0) + 1).get(env)! % 100 === 0) {
    const now = new Date().toISOString()
    const before = resource.id ? env.store.read(resource.resourceType, resource.id) : undefined
    const version = (before?.version ?? 0) + 1
    const json = JSON.stringify({ ...resource, meta: { ...(resource.meta ?? {}), versionId: String(version), lastUpdated: now } })
    return { stored: { type: resource.resourceType, id: resource.id!, version, lastUpdated: now, deleted: false, json }, created: !before }
  }
  // minimal: stored despite what it fails, and marked (extension, response header, Bundle entry outcome).
  // minimal-unmarked: stored as minimal allows, but without the marker.
  const flagged = faultsOf(env).has('minimal-unmarked') ? [] : flaggedAt(level, issues)
  const outcome = flagged.length ? issuesOutcome(flagged) : undefined
  const out = outcome ? env.store.put(markValidationIssues(resource, outcome), method) : exam?.prepared ? env.store.write(exam.prepared, method) : env.store.put(resource, method)
  // eventual-search: the index update of a write without the strong consistency header is pending.
  if (env.store.indexLag && (!isStrong(req.headers) || faultsOf(env).has('strong-consistency-ignored'))) env.store.indexLag.note(out.stored.type, out.stored.id)
  return { ...out, ...(outcome ? { issues: outcome } : {}) }
}

const writeCount = new WeakMap<Env, number>()

export function bodyResource(req: FhirRequest, type: string): Resource {
  const r = req.body as Resource | undefined
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw badRequest('the body must be a JSON resource')
  if (r.resourceType !== type) throw badRequest(`body resourceType \`${String(r.resourceType)}\` does not match the URL's \`${type}\``)
  return r
}

export function resourceHeaders(env: Env, s: StoredResource): Record<string, string> {
  return {
    ETag: etagOf(env, s.version),
    'Last-Modified': new Date(s.lastUpdated).toUTCString(),
    Location: `${env.base}${s.type}/${s.id}/_history/${env.store.versionIds.label(s.version)}`,
  }
}

/**
 * The current version of a resource: 404 if it never existed, 410 Gone if it was deleted
 * (R4 http §3.1.0.1 read; §3.1.0.6 delete).
 */
export function liveResource(env: Env, type: string, id: string): StoredResource {
  const s = env.store.read(type, id)
  if (!s) throw notFound(`${type}/${id}`)
  if (s.deleted) {
    // tx-404-not-410: a deleted resource answers as if it never existed.
    if (faultsOf(env).has('tx-404-not-410')) throw notFound(`${type}/${id}`)
    throw new OutcomeError(410, 'deleted', `${type}/${id} has been deleted`, { ETag: etagOf(env, s.version) })
  }
  return s
}

/** The weak ETag of a version (R4 http: W/"{versionId}"). */
export function etagOf(env: Env, version: number): string {
  return `W/"${env.store.versionIds.label(version)}"`
}

/** `If-Match: W/"3"` → the version's label; malformed → 400 (R4 http §3.1.0.8 managing resource contention). */
function ifMatch(req: FhirRequest): string | undefined {
  const h = req.headers['if-match']
  if (h === undefined) return undefined
  const m = /^(?:W\/)?"([A-Za-z0-9\-.]{1,64})"$/.exec(h.trim())
  if (!m?.[1]) throw badRequest(`If-Match must be an ETag like W/"3", got ${JSON.stringify(h)}`)
  return m[1]
}

export function checkIfMatch(env: Env, req: FhirRequest, type: string, id: string, current: StoredResource | undefined) {
  const expected = ifMatch(req)
  if (faultsOf(env).has('tx-if-match-ignored')) return
  const live = current && !current.deleted ? current : undefined
  if (expected !== undefined && (!live || env.store.versionIds.parse(expected) !== live.version)) {
    throw preconditionFailed(`If-Match W/"${expected}" but ${type}/${id} is at ${live ? etagOf(env, live.version) : 'no live version'}`)
  }
}

/** Ids of live resources matching a search, at most `limit` (conditional interactions). */
export function searchIds(env: Env, type: string, query: URLSearchParams, limit: number): string[] {
  const q = parseSearch(type, query, { strict: true, maxCount: env.maxCount })
  const rows = env.store.db
    .prepare(`SELECT r.id FROM resources r WHERE ${[typeTest('r', q.criteria), 'r.deleted = 0', SEARCHABLE, ...q.where].join(' AND ')} LIMIT ?`)
    .all(type, ...q.args, limit) as Array<{ id: string }>
  return rows.map((r) => r.id)
}

/** A write's or read's reply; `issues`: the OperationOutcome of a write stored with validation issues (minimal). */
export function stored(env: Env, s: StoredResource, status: number, req?: FhirRequest, issues?: object): Reply {
  return {
    status,
    body: req && minimal(req) ? undefined : new RawJson(s.json),
    headers: { ...resourceHeaders(env, s), ...(issues ? { [VALIDATION_ISSUES_HEADER]: 'true' } : {}) },
    ...(issues ? { outcome: issues } : {}),
  }
}
