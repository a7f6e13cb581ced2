// The shapes every FHIR interaction of the reference server shares: the request (from HTTP or from
// a Bundle entry, so a transaction runs the very same code as a plain request), the reply, the
// environment, and the handler signature. hl7.org/fhir/R4/http.html
import { randomBytes } from 'node:crypto'
import type { ValidationLevel } from '../../lib/validation/levels.js'
import type { Access, Restriction } from '../auth/guard.js'
import { NO_FAULTS, type Faults } from '../faults/catalogue.js'
import { NO_VARIANTS, type Variants } from '../variants/catalogue.js'
import type { Resource, Store } from '../store/store.js'

export interface FhirRequest {
  method: string
  /** Path below the base, split: ['Patient', '123', '_history', '2'] */
  parts: string[]
  query: URLSearchParams
  /** Lower-case header names. */
  headers: Record<string, string | undefined>
  /** Parsed JSON body (resource, Bundle, JSON Patch) or the raw text of a form. */
  body?: unknown
  /** What the caller's token allows (absent: no authorization in force). */
  access?: Access
  /** Rows a search may return, set by the guard from scopes (compartment, granular filters). */
  restrict?: Restriction[]
}

export interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
  /** An OperationOutcome beside a success (a write stored with validation issues): a Bundle entry's response.outcome. */
  outcome?: unknown
}

/**
 * A resource's stored JSON text, passed through to the response as is: parsing it only to
 * serialise it again was a fifth of a transaction's time. `serialize` splices it in.
 */
export class RawJson {
  constructor(readonly text: string) {}
  parse(): Resource {
    return JSON.parse(this.text) as Resource
  }
}

/** JSON.stringify that writes RawJson values as their text. */
export function serialize(value: unknown): string {
  const raws: string[] = []
  // A nonce per call, so no string in the skeleton (a diagnostics text, say) can pose as a slot.
  const nonce = randomBytes(6).toString('hex')
  const skeleton = JSON.stringify(value, (_k, v) => (v instanceof RawJson ? `\u0000${nonce}:${raws.push(v.text) - 1}` : v))
  if (raws.length === 0) return skeleton
  return skeleton.replace(new RegExp(`"\\\\u0000${nonce}:(\\d+)"`, 'g'), (_m, i: string) => raws[Number(i)] ?? 'null')
}

export interface Env {
  store: Store
  /** FHIR base URL ending in `/`. */
  base: string
  maxCount: number
  maxBundleEntries: number
  /** Validation of writes unless a request names another level in VALIDATION_HEADER. */
  validation: ValidationLevel
  now?: () => number
  /** Faults in force (server/faults/catalogue.ts); empty unless named. */
  faults?: Faults
  /** Registered $-operations: `[method, pattern, handler]` like ROUTES, e.g. bulk export. */
  operations?: Array<[string, string, Handler]>
  /** SMART endpoints for the CapabilityStatement's rest.security (absent: no SMART). */
  smart?: { authorize?: string; token: string; introspect?: string; revoke?: string }
  /** Legal variants in force (server/variants/catalogue.ts); empty unless named. */
  variants?: Variants
}

/** HealthLake's per-request validation level header. */
export const VALIDATION_HEADER = 'x-amzn-healthlake-fhir-validation-level'

export type Handler = (env: Env, req: FhirRequest) => Reply

export const variantsOf = (env: Env): Variants => env.variants ?? NO_VARIANTS

export const faultsOf = (env: Env): Faults => env.faults ?? NO_FAULTS

/** `Prefer: return=minimal` (R4 http §3.1.0.6): writes answer without the resource. */
export function minimal(req: FhirRequest): boolean {
  return /return=minimal/.test(req.headers.prefer ?? '')
}

/**
 * The path parts a FHIR route's pattern guarantees (rest/routes.ts matches `T`, `T/I`,
 * `T/I/_history/V` before calling the handler): the type, the id, the version id.
 */
export function typeOf(req: FhirRequest): string {
  return req.parts[0] ?? ''
}

export function instanceOf(req: FhirRequest): [type: string, id: string] {
  return [req.parts[0] ?? '', req.parts[1] ?? '']
}

export function versionOf(req: FhirRequest): [type: string, id: string, version: string] {
  return [req.parts[0] ?? '', req.parts[1] ?? '', req.parts[3] ?? '']
}
