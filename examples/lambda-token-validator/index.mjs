// A HealthLake SMART token-validator Lambda (developer guide, "Token validation using AWS Lambda"),
// small enough to copy: verifies the bearer token against your identity provider's JWKS and
// issuer, and passes the token's own claims back for HealthLake to enforce. Configure with
// environment variables: JWKS_URL (or JWKS_JSON, the key set inline), ISSUER, ROLE_ARN.
// Check it with: shoreline conform --suite healthlake-lambda --lambda-handler index.mjs …
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose'

const keys = process.env.JWKS_JSON
  ? createLocalJWKSet(JSON.parse(process.env.JWKS_JSON))
  : createRemoteJWKSet(new URL(process.env.JWKS_URL ?? 'https://idp.invalid/.well-known/jwks.json'))

export const handler = async (event) => {
  const { datastoreEndpoint, operationName, bearerToken } = event ?? {}
  if (typeof datastoreEndpoint !== 'string' || typeof operationName !== 'string' || typeof bearerToken !== 'string') return {}
  let claims
  let isAuthorized = false
  try {
    // Signature, issuer, exp and nbf; the audience must be this data store.
    claims = (await jwtVerify(bearerToken, keys, { issuer: process.env.ISSUER, audience: [datastoreEndpoint, datastoreEndpoint.replace(/\/$/, '')] })).payload
    isAuthorized = true
  } catch {
    try {
      claims = decodeJwt(bearerToken)
    } catch {
      claims = {}
    }
  }
  return {
    authPayload: {
      iss: claims.iss,
      aud: claims.aud,
      iat: claims.iat,
      nbf: claims.nbf ?? claims.iat,
      exp: claims.exp,
      isAuthorized,
      uid: claims.sub,
      scope: claims.scope,
      // The user, where the token names one: what fine-grained authorization limits user/ scopes by.
      ...(typeof claims.fhirUser === 'string' ? { fhirUser: claims.fhirUser } : {}),
    },
    iamRoleARN: process.env.ROLE_ARN,
  }
}
