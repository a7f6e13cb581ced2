// The resource server's side of SMART: HealthLake's enforcement of the Lambda's answer (401 for
// a missing, invalid, expired, not-yet-valid or foreign-audience token, or isAuthorized false;
// 403 when no scope grants the interaction), and the per-request limits scopes impose: the
// patient compartment for patient/ scopes, the fhirUser's patients for user/ scopes (fine-grained
// authorization), and v2 granular filters.
import { OutcomeError } from '../../lib/outcomes.js'
import { parseSearch } from '../search/query.js'
import { granting, parseScopes, permissionFor, type Permission, type ResourceScope } from '../../lib/smart-scopes.js'
import { compartmentSql, fineGrainedSql } from './compartment.js'
import type { LambdaResult, TokenValidator } from './lambda.js'
import type { Faults } from '../faults/catalogue.js'

export interface Access {
  scopes: ResourceScope[]
  /** The patient in context (patient/ scopes). */
  patient?: string
  /** The user (fine-grained authorization: what user/ scopes reach), as the Lambda passed it on. */
  fhirUser?: string
  uid?: string
  /** The Lambda's answer, kept for the exchange record. */
  iamRoleARN?: string
}

/** Full access: auth none, SigV4 (IAM decides, outside this server), or a fault that skips checks. */
export const FULL_ACCESS: Access = { scopes: parseScopes('system/*.cruds') }

const LAMBDA_TIME_LIMIT_MS = 1000

const unauthorized = (message: string) =>
  new OutcomeError(401, 'login', message, { 'WWW-Authenticate': `Bearer realm="shoreline", error="invalid_token", error_description="${message.replace(/"/g, "'")}"` })

/**
 * A Lambda handler as HealthLake runs one: an answer later than 1 s fails the request. For the
 * handlers a server is given (a user's, the test IdP's); the server's own validator runs in process
 * with nothing to wait on, and a time limit there would only fail requests on a busy machine.
 */
export function withTimeLimit(validator: TokenValidator): TokenValidator {
  return async (event) => {
    let timer: NodeJS.Timeout | undefined
    try {
      return await Promise.race([
        validator(event),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the token validator did not answer within ${LAMBDA_TIME_LIMIT_MS} ms`)), LAMBDA_TIME_LIMIT_MS)
        }),
      ])
    } finally {
      clearTimeout(timer)
    }
  }
}

/** Authorization header → Access, by way of the Lambda contract. */
export async function authenticate(
  validator: TokenValidator,
  authorization: string | undefined,
  datastoreEndpoint: string,
  operationName: string,
  faults: Faults,
  nowSeconds: number,
): Promise<Access> {
  const bearerToken = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
  if (!bearerToken) {
    if (faults.has('rs-no-token-accepted')) return FULL_ACCESS
    throw new OutcomeError(401, 'login', 'a bearer token is required', { 'WWW-Authenticate': 'Bearer realm="shoreline"' })
  }
  let result: LambdaResult
  try {
    result = await validator({ datastoreEndpoint, operationName, bearerToken })
  } catch (err) {
    throw unauthorized(`token validation failed: ${(err as Error).message}`)
  }
  const p = result?.authPayload
  if (!p || typeof p !== 'object') throw unauthorized('the token validator returned no authPayload')
  const authorized = p.isAuthorized === true || p.isAuthorized === 'true'
  if (!authorized && !faults.has('rs-unauthorized-accepted')) throw unauthorized('the token is not valid')
  if (typeof p.exp !== 'number' || p.exp <= nowSeconds) {
    if (!faults.has('rs-expired-token-accepted')) throw unauthorized('the token has expired')
  }
  if (typeof p.nbf !== 'number' || p.nbf > nowSeconds + 5) {
    if (!faults.has('rs-nbf-ignored')) throw unauthorized('the token is not valid yet (nbf)')
  }
  const aud = Array.isArray(p.aud) ? p.aud : [p.aud]
  const bare = datastoreEndpoint.replace(/\/$/, '')
  if (!aud.some((a) => a === datastoreEndpoint || a === bare) && !faults.has('rs-aud-ignored')) throw unauthorized(`the token's aud is not this data store (${datastoreEndpoint})`)
  if (typeof p.scope !== 'string') throw unauthorized('the token carries no scope')
  return {
    scopes: scopesOf(p.scope),
    patient: p.patient,
    ...(typeof p.fhirUser === 'string' && !faults.has('fine-grained-ignored') ? { fhirUser: p.fhirUser } : {}),
    uid: p.uid,
    iamRoleARN: result.iamRoleARN,
  }
}

const scopeCache = new Map<string, ResourceScope[]>()

/** Parsed scopes, remembered per scope string (tokens repeat them on every request). */
function scopesOf(text: string): ResourceScope[] {
  let scopes = scopeCache.get(text)
  if (!scopes) {
    if (scopeCache.size >= 1000) scopeCache.clear()
    scopes = parseScopes(text)
    scopeCache.set(text, scopes)
  }
  return scopes
}

/** HealthLake-style operation names for the Lambda event. */
export function operationName(method: string, parts: string[]): string {
  if (parts[0] === 'metadata') return 'GetCapabilities'
  if (parts.some((p) => p.startsWith('$')))
    return `Operation${parts
      .find((p) => p.startsWith('$'))!
      .slice(1)
      .replace(/^./, (c) => c.toUpperCase())}`
  if (parts.length === 0) return method === 'POST' ? 'ProcessBundle' : 'SearchSystem'
  if (parts.includes('_history')) return 'ReadHistory'
  const perm = permissionFor(method, parts)
  return {
    r: 'ReadResource',
    s: method === 'POST' ? 'SearchWithPost' : 'SearchWithGet',
    c: 'CreateResource',
    u: method === 'PATCH' ? 'PatchResource' : 'UpdateResource',
    d: 'DeleteResource',
  }[perm]
}

/** A SQL restriction on the row alias `r`, with its arguments. */
export interface Restriction {
  sql: string
  args: unknown[]
}

/**
 * Which rows of `type` the access may touch with `perm`: throws 403 when no scope grants it,
 * returns the compartment and granular-filter restrictions otherwise (empty: unrestricted).
 */
export function restrictionsFor(access: Access, type: string, perm: Permission, faults: Faults): Restriction[] {
  if (faults.has('rs-scopes-ignored')) return []
  if (faults.has('rs-nonresource-token-full-access') && access.scopes.length === 0) return []
  const grants = granting(access.scopes, type, perm)
  if (grants.length === 0) {
    const status = faults.has('rs-scope-denied-as-401') ? 401 : 403
    throw new OutcomeError(status, 'forbidden', `no granted scope allows ${{ c: 'create', r: 'read', u: 'update', d: 'delete', s: 'search' }[perm]} on ${type}`)
  }
  const out: Restriction[] = []
  // Compartment: only when every granting scope is a patient/ scope.
  if (grants.every((g) => g.context === 'patient') && !faults.has('rs-compartment-ignored')) {
    if (!access.patient) throw new OutcomeError(403, 'forbidden', 'patient/ scopes need a patient in context')
    out.push({ sql: compartmentSql(type), args: [access.patient] })
  }
  // Fine-grained authorization (on for every SMART data store here, as DescribeFHIRDatastore says):
  // user/ scopes reach the patients the fhirUser may see, and their compartments.
  if (grants.every((g) => g.context === 'user') && access.fhirUser) {
    const limit = fineGrainedSql(type, access.fhirUser)
    if (limit) out.push(limit)
  }
  // Granular filters: unrestricted if any granting scope has none, else any one filter may match.
  if (grants.every((g) => g.filter) && !faults.has('rs-granular-filter-ignored')) {
    const alternatives = grants.map((g) => {
      const q = parseSearch(type, g.filter!, { strict: true })
      return { sql: q.where.length ? q.where.map((w) => `(${w})`).join(' AND ') : '1', args: q.args }
    })
    out.push({ sql: `(${alternatives.map((a) => a.sql).join(' OR ')})`, args: alternatives.flatMap((a) => a.args) })
  }
  return out
}
