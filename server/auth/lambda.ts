// Token validation with HealthLake's Lambda contract (HealthLake developer guide, "Token
// validation using AWS Lambda"): HealthLake calls the function for every FHIR request on a SMART
// data store with `{datastoreEndpoint, operationName, bearerToken}` and expects
// `{authPayload:{iss, aud, iat, nbf, exp, isAuthorized, uid, scope}, iamRoleARN}` within 1 s.
// The function decodes and verifies the token; HealthLake then enforces exp, nbf, aud and scope.
// The reference server calls its own validator this way, or a user's handler module.
import { compactVerify, decodeJwt, type JWTPayload } from 'jose'
import type { AuthorizationServer } from './authorization-server.js'

export type { AuthPayload, LambdaEvent, LambdaResult } from '../../lib/lambda/contract.js'
import type { AuthPayload, LambdaEvent, LambdaResult } from '../../lib/lambda/contract.js'

export type TokenValidator = (event: LambdaEvent) => Promise<LambdaResult>

export const DEFAULT_ROLE_ARN = 'arn:aws:iam::000000000000:role/shoreline-smart-access'

/** The server's own validator: signature by the authorization server's key, its issuer, not revoked. */
export function ownTokenValidator(auth: AuthorizationServer, roleArn = DEFAULT_ROLE_ARN): TokenValidator {
  // A signature that verified once verifies again: remember the payloads of recent good tokens
  // (times, audience and revocation are still checked on every call). Bounded; cleared when full.
  const verified = new Map<string, JWTPayload & Record<string, unknown>>()
  return async (event) => {
    let payload = verified.get(event.bearerToken)
    if (!payload) {
      try {
        const result = await compactVerify(event.bearerToken, auth.keySet, { algorithms: [auth.signingAlg] })
        payload = JSON.parse(new TextDecoder().decode(result.payload)) as JWTPayload & Record<string, unknown>
      } catch {
        // Like HealthLake's sample Lambda: the claims decoded, the verdict false.
        let claims: JWTPayload & Record<string, unknown> = {}
        try {
          claims = decodeJwt(event.bearerToken) as JWTPayload & Record<string, unknown>
        } catch {
          // not even a JWT
        }
        return { authPayload: { ...payloadOf(claims), isAuthorized: false }, iamRoleARN: roleArn }
      }
      if (verified.size >= 10_000) verified.clear()
      verified.set(event.bearerToken, payload)
    }
    const ok = payload.iss === auth.issuer && !auth.isRevoked(payload.jti)
    return { authPayload: { ...payloadOf(payload), isAuthorized: ok }, iamRoleARN: roleArn }
  }
}

function payloadOf(p: JWTPayload & Record<string, unknown>): Omit<AuthPayload, 'isAuthorized'> {
  return {
    iss: p.iss,
    aud: p.aud,
    iat: p.iat,
    nbf: p.nbf,
    exp: p.exp,
    uid: p.sub,
    scope: typeof p.scope === 'string' ? p.scope : undefined,
    ...(typeof p.patient === 'string' ? { patient: p.patient } : {}),
    ...(typeof p.fhirUser === 'string' ? { fhirUser: p.fhirUser } : {}),
  }
}

/** The `iss` a bearer token claims (unverified: it only picks the validator), if it is a JWT. */
export function issuerOf(token: string): string | undefined {
  try {
    const iss = decodeJwt(token).iss
    return typeof iss === 'string' ? iss : undefined
  } catch {
    return undefined
  }
}

export { loadHandlerModule } from '../../lib/lambda/contract.js'
