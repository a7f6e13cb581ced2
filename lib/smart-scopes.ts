// SMART on FHIR scopes, v1 and v2 (hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html):
// `patient|user|system / Type|* . read|write|* ` (v1) and `. c r u d s` in that order, with an
// optional `?param=value` filter (v2 granular scopes). Non-resource scopes (openid, fhirUser,
// launch/patient, offline_access) are kept as they are and grant no data access.

export type Permission = 'c' | 'r' | 'u' | 'd' | 's'
export type ScopeContext = 'patient' | 'user' | 'system'

export interface ResourceScope {
  raw: string
  context: ScopeContext
  /** A resource type, or `*`. */
  type: string
  perms: ReadonlySet<Permission>
  version: 1 | 2
  /** v2 granular filter, e.g. `category=laboratory`. */
  filter?: URLSearchParams
}

const V1: Record<string, Permission[]> = { read: ['r', 's'], write: ['c', 'u', 'd'], '*': ['c', 'r', 'u', 'd', 's'] }
const SCOPE = /^(patient|user|system)\/([A-Z][A-Za-z]+|\*)\.([a-z*]+)(?:\?(.+))?$/

/** One scope string → a resource scope, or undefined for a scope that is not about resources or is malformed. */
export function parseScope(raw: string): ResourceScope | undefined {
  const m = SCOPE.exec(raw)
  if (!m) return undefined
  const [, context, type = '', action = '', filter] = m
  const v1 = V1[action]
  if (v1) {
    if (filter) return undefined // filters are a v2 feature
    return { raw, context: context as ScopeContext, type, perms: new Set(v1), version: 1 }
  }
  // v2: a non-empty subsequence of "cruds", in that order, no repeats.
  if (!/^c?r?u?d?s?$/.test(action) || action === '') return undefined
  return { raw, context: context as ScopeContext, type, perms: new Set(action.split('') as Permission[]), version: 2, ...(filter ? { filter: new URLSearchParams(filter) } : {}) }
}

export function parseScopes(text: string | undefined): ResourceScope[] {
  return (text ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map(parseScope)
    .filter((s): s is ResourceScope => s !== undefined)
}

/** A resource scope in SMART v1 syntax (`.read`, `.write`, `.*`), not v2's `cruds` letters. */
export const isV1Scope = (s: string): boolean => /^(patient|user|system)\/[^.\s]+\.(read|write|\*)$/.test(s)

/** The scopes that grant `perm` on `type` (an empty list means: forbidden). */
export function granting(scopes: ResourceScope[], type: string, perm: Permission): ResourceScope[] {
  return scopes.filter((s) => (s.type === '*' || s.type === type) && s.perms.has(perm))
}

/**
 * Which of the requested scopes a client may have: each requested scope must be covered by one
 * of the allowed ones (same or wider context, type and permissions; a filter only narrows).
 */
export function narrowScopes(requested: string[], allowed: string[]): string[] {
  const allowedParsed = allowed.map((a) => ({ raw: a, scope: parseScope(a) }))
  return requested.filter((r) => {
    const scope = parseScope(r)
    if (!scope) return allowed.includes(r)
    return allowedParsed.some(({ raw, scope: a }) => {
      if (!a) return raw === r
      return (
        a.context === scope.context &&
        (a.type === '*' || a.type === scope.type) &&
        [...scope.perms].every((p) => a.perms.has(p)) &&
        (!a.filter || a.filter.toString() === scope.filter?.toString())
      )
    })
  })
}

/** What an interaction needs: read/vread/history → r, search → s, create → c, update/patch → u, delete → d. */
export function permissionFor(method: string, parts: string[]): Permission {
  const isSearch = parts.length === 1 || parts[1] === '_search' || (parts.length === 0 && method === 'GET')
  if (method === 'GET' || method === 'HEAD') return isSearch && parts[1] !== '_history' ? 's' : 'r'
  if (method === 'POST') return parts[1] === '_search' ? 's' : 'c'
  if (method === 'PUT' || method === 'PATCH') return 'u'
  if (method === 'DELETE') return 'd'
  return 'r'
}
