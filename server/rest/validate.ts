// [type]/$validate and [type]/[id]/$validate (R4 Resource-validate; HealthLake's developer guide,
// "Validating FHIR resources with $validate"): the resource in a Parameters body (`resource`,
// `profile`, `mode`) or the resource itself with `profile` and `mode` in the query, judged by the
// rules a write is judged by at the strict level, and stored nowhere. The answer is 200 with an
// OperationOutcome whether or not the resource is valid; a 4xx means it could not be judged.
// A nominated profile is judged by the StructureDefinition-based US Core validator where it is a
// US Core profile; a profile the server does not know is an error, as R4 requires.
import { badRequest, OutcomeError, type OperationOutcome } from '../../lib/outcomes.js'
import { levelRejects } from '../../lib/validation/levels.js'
import { RULES } from '../../lib/validation/rules.js'
import { validateResource } from '../../lib/validation/validator.js'
import { PROFILE_RULES } from '../../lib/validation/profiles.js'
import { usCoreValidator, type ProfileValidator } from '../../lib/us-core/validator.js'
import { cut } from '../../lib/text.js'
import { restrictionsFor } from '../auth/guard.js'
import { write } from './repository.js'
import type { Resource } from '../store/store.js'
import { faultsOf, variantsOf, type Env, type FhirRequest, type Reply } from './types.js'

export const VALIDATE_DEFINITION = 'http://hl7.org/fhir/OperationDefinition/Resource-validate'
/** The modes HealthLake documents; R4's `delete` (may the nominated resource be deleted?) is not offered. */
const MODES = new Set(['create', 'update'])
const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/'

let profiles: ProfileValidator | undefined

/** Loads the US Core validator before a `$validate` that nominates a US Core profile (handlers are synchronous). */
export async function prepareValidate(req: FhirRequest): Promise<void> {
  if (profiles || req.method !== 'POST') return
  const entries = req.parts.length === 0 ? ((req.body as { entry?: Array<{ request?: { url?: unknown } }> } | undefined)?.entry ?? []) : []
  // A Bundle's $validate entries may name one in their bodies: loaded for any of them.
  const inBundle = Array.isArray(entries) && entries.some((e) => typeof e?.request?.url === 'string' && e.request.url.includes('$validate'))
  const named = req.parts.at(-1) === '$validate' && validateInput(req).profile?.startsWith(US_CORE)
  if (inBundle || named) profiles = await usCoreValidator()
}

interface Input {
  resource?: Record<string, unknown>
  profile?: string
  mode?: string
}

function validateInput(req: FhirRequest): Input {
  const body = req.body as Record<string, unknown> | undefined
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { profile: req.query.get('profile') ?? undefined, mode: req.query.get('mode') ?? undefined }
  if (body.resourceType !== 'Parameters') return { resource: body, profile: req.query.get('profile') ?? undefined, mode: req.query.get('mode') ?? undefined }
  const params = Array.isArray(body.parameter) ? (body.parameter as Array<Record<string, unknown>>) : []
  const named = (n: string) => params.find((p) => p?.name === n)
  const text = (p: Record<string, unknown> | undefined) => {
    const v = p?.valueCanonical ?? p?.valueUri ?? p?.valueString ?? p?.valueCode
    return typeof v === 'string' ? v : undefined
  }
  const resource = named('resource')?.resource
  return {
    ...(resource && typeof resource === 'object' ? { resource: resource as Record<string, unknown> } : {}),
    profile: text(named('profile')) ?? req.query.get('profile') ?? undefined,
    mode: text(named('mode')) ?? req.query.get('mode') ?? undefined,
  }
}

export function validateOperation(env: Env, req: FhirRequest): Reply {
  const [type = '', id] = req.parts.length === 3 ? req.parts : [req.parts[0]]
  mayValidate(env, req, type)
  const { resource, profile, mode } = validateInput(req)
  if (!resource) throw badRequest('$validate needs the resource: a Parameters body with a `resource` parameter, or the resource itself')
  if (resource.resourceType !== type) throw badRequest(`the resource is a ${String(resource.resourceType)}, not a ${type}`)
  if (mode !== undefined && !MODES.has(mode)) throw new OutcomeError(400, 'not-supported', `mode must be create or update, got ${JSON.stringify(mode)}`)
  if (id !== undefined && resource.id !== undefined && resource.id !== id) throw badRequest(`the resource's id \`${String(resource.id)}\` is not the URL's \`${id}\``)
  const faults = faultsOf(env)
  // validate-stores: the resource is judged, then written as a create would write it.
  if (faults.has('validate-stores')) write(env, req, { ...(resource as Resource), id: env.store.newId() }, 'POST')
  // validate-accepts-everything: every resource is answered as valid, unexamined.
  if (faults.has('validate-accepts-everything')) return answer([])
  const skipBindings = variantsOf(env).has('no-terminology-validation')
  const issues: Found[] = validateResource(resource, { requireId: mode === 'update' })
    .filter((i) => levelRejects('strict', i.rule) && !(skipBindings && i.rule === RULES.binding))
    .map((i) => ({ diagnostics: `[${i.rule}] ${i.message}`, ...(i.path ? { expression: [i.path] } : {}) }))
  // validate-ignores-profile: a nominated profile is not applied.
  if (profile && !faults.has('validate-ignores-profile')) issues.push(...profileIssues(resource, profile))
  return answer(issues)
}

function profileIssues(resource: Record<string, unknown>, profile: string): Found[] {
  const url = cut(profile, '|')[0]
  if (profiles?.profiles.has(url)) return profiles.errors(resource, url).map((e) => ({ diagnostics: `[profile] ${url}: ${e}` }))
  if (PROFILE_RULES[url]) {
    const claimed = { ...resource, meta: { ...((resource.meta as object | undefined) ?? {}), profile: [url] } }
    return validateResource(claimed, { requireId: false })
      .filter((i) => i.rule === RULES.profile)
      .map((i) => ({ diagnostics: `[profile] ${i.message}`, ...(i.path ? { expression: [i.path] } : {}) }))
  }
  return [{ code: 'not-supported', diagnostics: `the profile ${profile} is not known to this server: the resource cannot be validated against it` }]
}

/** An issue found: `invalid` unless it says otherwise. */
type Found = { code?: 'not-supported'; diagnostics: string; expression?: string[] }

function answer(issues: Found[]): Reply {
  const body: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: issues.length
      ? issues.map((i) => ({ severity: 'error', code: 'invalid', ...i }) as const)
      : [{ severity: 'information', code: 'informational', diagnostics: 'No issues: the resource is valid' }],
  }
  return { status: 200, body }
}

/** The caller may validate a type it may read, create or update. */
function mayValidate(env: Env, req: FhirRequest, type: string): void {
  if (!req.access) return
  for (const perm of ['c', 'u', 'r'] as const) {
    try {
      restrictionsFor(req.access, type, perm, faultsOf(env))
      return
    } catch (err) {
      if (!(err instanceof OutcomeError) || err.status !== 403) throw err
    }
  }
  throw new OutcomeError(403, 'forbidden', `$validate on ${type} needs a scope that reads, creates or updates ${type}`)
}
