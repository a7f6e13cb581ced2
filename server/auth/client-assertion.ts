// Verification of a private_key_jwt client assertion: SMART Backend Services "Signature
// verification" (hl7.org/fhir/smart-app-launch/backend-services.html) and RFC 7523 §3. The rules
// read top to bottom like the specs, as tables; a row that a fault switches off names that fault,
// so the correct rules carry no fault branches. Faults that *change* behaviour rather than skip a
// rule (accepting alg none or HS256, a kid read as a path, any key for an unknown kid, a crash on
// an unknown client) stay where that behaviour is, each marked.
import { createHmac } from 'node:crypto'
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JSONWebKeySet, type JWK, type JWTPayload, type ProtectedHeaderParameters } from 'jose'
import type { FaultName, Faults } from '../faults/catalogue.js'
import { OAuthError } from './oauth-error.js'

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
/** The asymmetric algorithms SMART Backend Services requires servers to support. */
export const CLIENT_ALGS = ['RS384', 'ES384']
export const MAX_ASSERTION_BYTES = 16 * 1024
/** SMART Backend Services: exp no more than five minutes in the future. */
export const MAX_ASSERTION_LIFETIME = 300
const KID = /^[A-Za-z0-9_\-.=]{1,256}$/
/** Clock skew allowed on exp and nbf, seconds. */
const SKEW = 5

/** What a rule sees: the decoded assertion and what the server knows. */
export interface AssertionFacts {
  assertion: string
  header: ProtectedHeaderParameters
  claims: JWTPayload
  alg: string
  clientId: string
  /** The client's registered jwks_url (the only jku it may name). */
  jwksUrl?: string
  tokenUrl: string
  /** Seconds since the epoch. */
  now: number
  /** Has this client used this jti before (and is it still remembered)? */
  replayed(): boolean
}

export interface AssertionRule {
  /** Where the rule comes from. */
  cites: string
  /** The fault that switches the rule off (server/faults/catalogue.ts). */
  disabledBy?: FaultName
  /** The invalid_client description when the assertion breaks the rule, else undefined. */
  broken(a: AssertionFacts): string | undefined
}

/** Checked on the header and claims before the signature is verified. */
export const HEADER_RULES: readonly AssertionRule[] = [
  {
    cites: 'RFC 7523 §3 (1, 2): iss and sub are both the client_id',
    disabledBy: 'token-iss-sub-unchecked',
    broken: (a) => (a.claims.sub !== a.clientId ? 'client_assertion iss and sub must both be the client_id' : undefined),
  },
  {
    cites: 'SMART Backend Services: the JWT header carries the kid of the signing key',
    broken: (a) => (a.alg !== 'none' && typeof a.header.kid !== 'string' ? 'client_assertion kid is missing or has characters a key id may not have' : undefined),
  },
  {
    cites: 'SMART Backend Services: kid identifies a key of the client; it is an opaque token, never a path',
    disabledBy: 'token-kid-unchecked',
    broken: (a) =>
      a.alg !== 'none' && typeof a.header.kid === 'string' && !KID.test(a.header.kid) ? 'client_assertion kid is missing or has characters a key id may not have' : undefined,
  },
  {
    cites: 'SMART Backend Services: a jku header must be the jwks_url registered for the client',
    disabledBy: 'token-jku-unchecked',
    broken: (a) => (a.header.jku !== undefined && a.header.jku !== a.jwksUrl ? 'client_assertion jku is not the jwks_url registered for this client' : undefined),
  },
]

/** Checked on the claims once the signature has verified. */
export const CLAIM_RULES: readonly AssertionRule[] = [
  {
    cites: 'RFC 7523 §3 (3): aud identifies the token endpoint',
    disabledBy: 'token-aud-ignored',
    broken: (a) =>
      (Array.isArray(a.claims.aud) ? a.claims.aud : [a.claims.aud]).includes(a.tokenUrl) ? undefined : `client_assertion aud must be the token endpoint ${a.tokenUrl}`,
  },
  {
    cites: 'RFC 7523 §3 (4): the JWT must contain exp',
    disabledBy: 'token-no-exp-accepted',
    broken: (a) => (typeof a.claims.exp !== 'number' ? 'client_assertion has no exp' : undefined),
  },
  {
    cites: 'RFC 7523 §3 (4): a JWT past its exp is rejected',
    disabledBy: 'token-expired-assertion-accepted',
    broken: (a) => (typeof a.claims.exp === 'number' && a.claims.exp <= a.now ? 'client_assertion has expired' : undefined),
  },
  {
    cites: 'SMART Backend Services: exp is no more than five minutes in the future',
    disabledBy: 'token-long-assertion-accepted',
    broken: (a) =>
      typeof a.claims.exp === 'number' && a.claims.exp > a.now + MAX_ASSERTION_LIFETIME + SKEW
        ? `client_assertion exp is more than ${MAX_ASSERTION_LIFETIME} s in the future`
        : undefined,
  },
  {
    cites: 'RFC 7523 §3 (5): a JWT before its nbf is rejected',
    disabledBy: 'token-nbf-ignored',
    broken: (a) => (typeof a.claims.nbf === 'number' && a.claims.nbf > a.now + SKEW ? 'client_assertion is not valid yet (nbf)' : undefined),
  },
  {
    cites: 'SMART Backend Services: jti is required',
    broken: (a) => (typeof a.claims.jti !== 'string' || a.claims.jti === '' ? 'client_assertion has no jti' : undefined),
  },
  {
    cites: 'RFC 7523 §3 (7) and SMART Backend Services: a jti is not accepted twice',
    disabledBy: 'token-jti-replay-accepted',
    broken: (a) => (a.replayed() ? 'client_assertion jti has been used before' : undefined),
  },
]

/** Throws invalid_client for the first rule in force that the assertion breaks. */
export function enforce(rules: readonly AssertionRule[], facts: AssertionFacts, faults: Faults): void {
  for (const rule of rules) {
    if (rule.disabledBy && faults.has(rule.disabledBy)) continue
    const problem = rule.broken(facts)
    if (problem) throw new OAuthError('invalid_client', problem)
  }
}

/** What verification needs from the authorization server. */
export interface AssertionContext<C extends { client_id: string; jwks_url?: string }> {
  faults: Faults
  tokenUrl: string
  now: number
  client(id: string): C | undefined
  keys(client: C): Promise<JSONWebKeySet>
  /** Was this jti of this client accepted before (and is it still remembered)? */
  usedJti(clientId: string, jti: string): boolean
  /** Remembers an accepted assertion's jti until `until` (seconds). */
  rememberJti(clientId: string, jti: string, until: number): void
}

/** The registered client the assertion authenticates, or OAuthError invalid_client. */
export async function verifyClientAssertion<C extends { client_id: string; jwks_url?: string }>(assertion: string, ctx: AssertionContext<C>): Promise<C> {
  const f = ctx.faults
  if (assertion.length > MAX_ASSERTION_BYTES) throw new OAuthError('invalid_client', `client_assertion is over ${MAX_ASSERTION_BYTES} bytes`)
  let header: ProtectedHeaderParameters
  let claims: JWTPayload
  try {
    header = decodeProtectedHeader(assertion)
    claims = decodeJwt(assertion)
  } catch {
    throw new OAuthError('invalid_client', 'client_assertion is not a JWT')
  }
  const alg = String(header.alg ?? '')
  // Faults that change behaviour: an unsigned or an HMAC assertion let through.
  const unsigned = alg === 'none' && f.has('token-alg-none-accepted')
  const hmac = alg.startsWith('HS') && f.has('token-hs256-accepted')
  if (!CLIENT_ALGS.includes(alg) && !unsigned && !hmac) throw new OAuthError('invalid_client', `client_assertion alg ${alg || '(none)'} is not one of ${CLIENT_ALGS.join(', ')}`)
  const clientId = typeof claims.iss === 'string' ? claims.iss : ''
  const client = ctx.client(clientId)
  // token-unknown-client-500: the crash a server without this guard has.
  if (!client && f.has('token-unknown-client-500')) throw new Error(`cannot read properties of undefined (client ${clientId})`)
  if (!client) throw new OAuthError('invalid_client', `client ${JSON.stringify(clientId)} is not registered`)
  const jti = typeof claims.jti === 'string' ? claims.jti : ''
  const facts: AssertionFacts = {
    assertion,
    header,
    claims,
    alg: unsigned ? 'none' : alg,
    clientId,
    jwksUrl: client.jwks_url,
    tokenUrl: ctx.tokenUrl,
    now: ctx.now,
    replayed: () => ctx.usedJti(clientId, jti),
  }
  enforce(HEADER_RULES, facts, f)
  if (!unsigned) await verifySignature(assertion, header, alg, await ctx.keys(client), f)
  enforce(CLAIM_RULES, facts, f)
  ctx.rememberJti(clientId, jti, typeof claims.exp === 'number' ? claims.exp : ctx.now + MAX_ASSERTION_LIFETIME)
  return client
}

/** With the registered key named by kid, in the header's (allowed) algorithm. */
async function verifySignature(assertion: string, header: ProtectedHeaderParameters, alg: string, keys: JSONWebKeySet, f: Faults): Promise<void> {
  // token-kid-unchecked: the kid is used like a path, as a server that reads keys from files would.
  const kid = f.has('token-kid-unchecked') ? String(header.kid).split('/').pop() : header.kid
  let key: JWK | undefined = keys.keys.find((k) => k.kid === kid)
  // token-unknown-kid-accepted: any registered key stands in for an unknown kid.
  if (!key && f.has('token-unknown-kid-accepted')) key = keys.keys[0]
  if (!key) throw new OAuthError('invalid_client', `no registered key with kid ${JSON.stringify(header.kid)}`)
  if (f.has('token-signature-unchecked')) return
  if (alg.startsWith('HS')) {
    // token-hs256-accepted: the classic confusion attack, an HMAC keyed with the public key's text.
    const [h, p, s] = assertion.split('.')
    const mac = createHmac(`sha${alg.slice(2)}`, JSON.stringify(key))
      .update(`${h}.${p}`)
      .digest('base64url')
    if (mac !== s) throw new OAuthError('invalid_client', 'client_assertion signature does not verify')
    return
  }
  try {
    await compactVerify(assertion, await importJWK(key, alg), { algorithms: [alg] })
  } catch (err) {
    throw new OAuthError('invalid_client', `client_assertion signature does not verify with key ${String(header.kid)} (${(err as Error).message})`)
  }
}
