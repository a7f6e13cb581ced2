// OpenID Connect for the app-launch flow (SMART's sso-openid-connect): the id_token an
// authorization-code exchange returns when `openid` was granted (OpenID Connect Core §2, §3.1.3.3),
// and the provider metadata a client verifies it with (OpenID Connect Discovery §3).
import { SignJWT, type CryptoKey } from 'jose'
import type { KeyObject } from 'node:crypto'

/** The id_token algorithms this provider signs with (RS256 is the one OpenID Connect requires). */
export const ID_TOKEN_ALGS = ['RS256']

export async function signIdToken(o: {
  key: CryptoKey | KeyObject
  kid?: string
  issuer: string
  clientId: string
  subject: string
  fhirUser?: string
  now: number
  lifetime: number
  /** The algorithm to sign with (a fault may pick one discovery does not list). */
  alg: string
  /** Leave out `iat`, which OpenID Connect requires (a fault). */
  noIat?: boolean
}): Promise<string> {
  const jwt = new SignJWT({ ...(o.fhirUser ? { fhirUser: o.fhirUser } : {}) })
    .setProtectedHeader({ alg: o.alg, typ: 'JWT', ...(o.kid ? { kid: o.kid } : {}) })
    .setIssuer(o.issuer)
    .setSubject(o.subject)
    .setAudience(o.clientId)
    .setExpirationTime(o.now + o.lifetime)
  return (o.noIat ? jwt : jwt.setIssuedAt(o.now)).sign(o.key)
}

/** OpenID Provider metadata, at `{issuer}/.well-known/openid-configuration`. */
export function openIdConfiguration(o: { issuer: string; origin: string; tokenUrl: string }): Record<string, unknown> {
  return {
    issuer: o.issuer,
    authorization_endpoint: `${o.origin}/auth/authorize`,
    token_endpoint: o.tokenUrl,
    jwks_uri: `${o.origin}/auth/jwks`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ID_TOKEN_ALGS,
    scopes_supported: ['openid', 'fhirUser'],
    claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'fhirUser'],
  }
}
