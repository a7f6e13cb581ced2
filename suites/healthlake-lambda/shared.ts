// The healthlake-lambda checks call a token-validator handler the way HealthLake does — one event
// `{datastoreEndpoint, operationName, bearerToken}` per request — with tokens signed by the key the
// handler trusts, and judge the answer as HealthLake would: authorized only if `isAuthorized` is
// true, `exp` is ahead, `nbf` has passed, `aud` is this data store, `scope` is a string and an
// `iamRoleARN` came back (developer guide, "Token validation using AWS Lambda").
import { randomUUID } from 'node:crypto'
import { SignJWT, type CryptoKey } from 'jose'
import { strangerKey } from '../auth/shared.js'
import { expect, expectAssumed, skip } from '../check.js'
import type { CheckContext } from '../context.js'
import type { LambdaUnderTest } from '../../lib/lambda/harness.js'

export const DOC = 'https://docs.aws.amazon.com/healthlake/latest/devguide/reference-smart-on-fhir-token-validation.html'
export const SCOPE = 'system/Patient.read system/Observation.read'
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/

export function lambdaOf(ctx: CheckContext): LambdaUnderTest {
  if (!ctx.lambda) skip('needs a token-validator handler: --lambda-handler FILE --lambda-key JWK --lambda-issuer ISS')
  return ctx.lambda
}

/** The handler, for checks that send its tokens through the target's FHIR API: skips where there is none. */
export function lambdaThroughFhirApi(ctx: CheckContext): LambdaUnderTest {
  const l = lambdaOf(ctx)
  if (l.standIn) skip('no FHIR API is under test: --lambda-endpoint only stands in for one (pass --target to send the tokens through it)')
  return l
}

const now = () => Math.floor(Date.now() / 1000)

/** A token signed with the key the handler trusts; `claims` replaces or (undefined) removes a claim. */
export async function token(l: LambdaUnderTest, claims: Record<string, unknown> = {}, signer?: { key: CryptoKey; alg: string }): Promise<string> {
  const t = now()
  const all: Record<string, unknown> = { iss: l.issuer, sub: 'shoreline-lambda-check', aud: l.endpoint, iat: t, nbf: t, exp: t + 300, scope: SCOPE, jti: randomUUID(), ...claims }
  for (const [k, v] of Object.entries(all)) if (v === undefined) delete all[k]
  const s = signer ?? { key: l.key, alg: l.alg }
  return new SignJWT(all).setProtectedHeader({ alg: s.alg, typ: 'JWT', ...(l.kid ? { kid: l.kid } : {}) }).sign(s.key)
}

/** A key the handler does not trust (suites/auth/shared.ts makes one per algorithm). */
export async function strangerSigner(alg: string) {
  const { key } = await strangerKey(alg)
  return { key, alg }
}

export interface Invocation {
  result?: unknown
  error?: string
  ms: number
}

/** One call of the handler; a throw is recorded, not raised. */
export async function invoke(l: LambdaUnderTest, event: Record<string, unknown>): Promise<Invocation> {
  const started = performance.now()
  try {
    const result = await l.invoke(event)
    return { result, ms: performance.now() - started }
  } catch (err) {
    return { error: (err as Error)?.message ?? String(err), ms: performance.now() - started }
  }
}

export const event = (l: LambdaUnderTest, bearerToken: string) => ({ datastoreEndpoint: l.endpoint, operationName: 'ReadResource', bearerToken })

/**
 * What HealthLake does with a handler's answer: authorize the request, or say why not. `assumed`:
 * the handler said isAuthorized true and only HealthLake's re-check of exp, nbf or aud (an
 * assumption: not documented) stops it.
 */
export function healthlakeVerdict(l: LambdaUnderTest, inv: Invocation): { authorized: boolean; why: string; assumed?: boolean } {
  if (inv.error !== undefined) return { authorized: false, why: `the handler threw: ${inv.error}` }
  const r = inv.result as { authPayload?: Record<string, unknown>; iamRoleARN?: unknown } | undefined
  const p = r?.authPayload
  if (!p || typeof p !== 'object') return { authorized: false, why: 'no authPayload' }
  const t = now()
  if (!(p.isAuthorized === true || p.isAuthorized === 'true')) return { authorized: false, why: `isAuthorized is ${JSON.stringify(p.isAuthorized)}` }
  if (typeof p.exp !== 'number' || p.exp <= t) return { authorized: false, assumed: true, why: `exp ${JSON.stringify(p.exp)} is not ahead` }
  if (typeof p.nbf !== 'number' || p.nbf > t) return { authorized: false, assumed: true, why: `nbf ${JSON.stringify(p.nbf)} has not passed` }
  const norm = (u: unknown) => String(u).replace(/\/?$/, '/')
  if (![p.aud].flat().some((a) => norm(a) === norm(l.endpoint))) return { authorized: false, assumed: true, why: `aud ${JSON.stringify(p.aud)} is not ${l.endpoint}` }
  if (typeof p.scope !== 'string') return { authorized: false, why: 'no scope' }
  if (typeof r?.iamRoleARN !== 'string' || !ROLE_ARN.test(r.iamRoleARN)) return { authorized: false, why: `iamRoleARN ${JSON.stringify(r?.iamRoleARN)} is not a role ARN` }
  return { authorized: true, why: `authorized with scope ${JSON.stringify(p.scope)}` }
}

export { ROLE_ARN }

/** HL-08, HL-40, HL-41: not authorized — and not only thanks to HealthLake's assumed re-check of the claims. */
export function expectRefused(v: ReturnType<typeof healthlakeVerdict>, claim: string): void {
  expect(!v.authorized, `expected HealthLake not to authorize, but it would: ${v.why}`)
  expectAssumed(
    !v.assumed,
    `expected the handler to answer isAuthorized false for the ${claim}; it answered true and relies on HealthLake re-checking ${claim.split(' ')[0]} (${v.why}), which the developer guide does not document`,
  )
}
