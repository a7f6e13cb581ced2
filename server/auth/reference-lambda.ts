// A token-validation Lambda written the way HealthLake's contract wants it (developer guide,
// "Token validation using AWS Lambda"), each rule breakable by a fault so the healthlake-lambda
// suite is seen to catch the handler that breaks it. It verifies the token's signature against a
// JWKS and its issuer, refuses expired, not-yet-valid and other-audience tokens, and passes the
// token's own claims through: HealthLake enforces exp, nbf, aud and scope again on what it returns.
import { compactVerify, createLocalJWKSet, decodeJwt, type JSONWebKeySet, type JWTPayload } from 'jose'
import type { LambdaEvent, LambdaResult } from '../../lib/lambda/contract.js'
import { NO_FAULTS, type Faults } from '../faults/catalogue.js'

export interface ReferenceLambdaOptions {
  /** Public keys of the identity provider whose tokens the data store accepts. */
  jwks: JSONWebKeySet
  issuer: string
  roleArn?: string
  faults?: Faults
  now?: () => number
}

const ALGS = ['RS256', 'RS384', 'ES256', 'ES384']

export function referenceLambda(o: ReferenceLambdaOptions): (event: Partial<LambdaEvent>) => Promise<LambdaResult | Record<string, never>> {
  const keys = createLocalJWKSet(o.jwks)
  const f = o.faults ?? NO_FAULTS
  const role = o.roleArn ?? 'arn:aws:iam::000000000000:role/shoreline-healthlake-smart'
  const seconds = () => Math.floor((o.now?.() ?? Date.now()) / 1000)
  return async (event) => {
    if (f.has('lambda-slow')) await new Promise((r) => setTimeout(r, 1100))
    // Like AWS's sample: an event without its three fields authorizes nothing.
    if (!f.has('lambda-event-unchecked') && (typeof event?.datastoreEndpoint !== 'string' || typeof event.operationName !== 'string' || typeof event.bearerToken !== 'string'))
      return {}
    const token = String(event.bearerToken ?? '')
    let claims: JWTPayload
    let verified = true
    if (f.has('lambda-throws-on-malformed')) claims = decodeJwt(token)
    else {
      try {
        claims = decodeJwt(token)
      } catch {
        return { authPayload: { isAuthorized: false }, iamRoleARN: role }
      }
    }
    if (!f.has('lambda-signature-unchecked')) {
      try {
        await compactVerify(token, keys, { algorithms: ALGS })
      } catch {
        verified = false
      }
    }
    const now = seconds()
    const audOk =
      f.has('lambda-aud-rewritten') ||
      event.datastoreEndpoint === undefined ||
      [claims.aud].flat().some((a) => typeof a === 'string' && a.replace(/\/?$/, '/') === String(event.datastoreEndpoint).replace(/\/?$/, '/'))
    const expOk = f.has('lambda-exp-refreshed') || (typeof claims.exp === 'number' && claims.exp > now)
    const nbfOk = f.has('lambda-nbf-rewritten') || claims.nbf === undefined || claims.nbf <= now
    // lambda-passes-claims-through: checks signature and issuer only, leaving exp, nbf and aud to HealthLake.
    const authorized = verified && claims.iss === o.issuer && ((audOk && expOk && nbfOk) || f.has('lambda-passes-claims-through'))
    const scope = typeof claims.scope === 'string' ? claims.scope : undefined
    const payload: LambdaResult['authPayload'] = {
      iss: claims.iss,
      aud: f.has('lambda-aud-rewritten') ? event.datastoreEndpoint : (claims.aud as string | undefined),
      iat: claims.iat,
      nbf: f.has('lambda-nbf-rewritten') ? now : (claims.nbf ?? claims.iat),
      exp: f.has('lambda-exp-refreshed') ? now + 300 : claims.exp,
      isAuthorized: authorized,
      uid: claims.sub,
      // The user, for fine-grained authorization (the data store limits user/ scopes to its patients).
      ...(typeof claims.fhirUser === 'string' ? { fhirUser: claims.fhirUser } : {}),
      scope: f.has('lambda-scope-widened') && scope ? `${scope} system/*.*` : scope,
    }
    if (f.has('lambda-drops-nbf')) delete payload.nbf
    return f.has('lambda-no-role-arn') ? ({ authPayload: payload } as LambdaResult) : { authPayload: payload, iamRoleARN: role }
  }
}
