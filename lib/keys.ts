// The one loader for every private signing key Shoreline is given: `--key-file` (SMART Backend
// Services client) and `--lambda-key` (the identity provider a token-validator Lambda trusts).
// It accepts a private JWK, or a PEM (PKCS#8, PKCS#1 RSA or SEC1 EC), RSA or EC, and derives the
// algorithm from the key itself, so an ES384 PEM signs as ES384 wherever it is used.
import { readFileSync } from 'node:fs'
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import type { JWK } from 'jose'
import { InputError } from './errors.js'

export interface SigningKey {
  /** Usable by jose's SignJWT / CompactSign and by node:crypto. */
  key: KeyObject
  /** The JWS algorithm the key signs with. */
  alg: string
  /** kid as given (flag), else the JWK's; undefined for a PEM without --key-id. */
  kid?: string
  /**
   * The public half as a JWK: what a server registers. From a JWK file, that file without its
   * private members (same members, same order); from a PEM, derived, with kid and alg.
   */
  publicJwk: JWK
}

export interface KeyOptions {
  /** An algorithm named by the user (or the target config); wins over anything derived. */
  alg?: string
  kid?: string
  /**
   * What an RSA key signs with when neither the user nor the JWK names an algorithm: RS384 for
   * SMART Backend Services (its required asymmetric algorithms are RS384 and ES384), RS256 for an
   * OIDC identity provider (RS256 is the algorithm every OIDC provider must support).
   */
  rsaAlg: 'RS256' | 'RS384' | 'RS512'
}

/** EC curve (node's name) → the JWS algorithm that uses it (RFC 7518 §3.4). */
const EC_ALGS: Readonly<Record<string, string>> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' }

/** Reads and parses a key file; `flag` names it in the one-line error (`--key-file ci.pem: …`). */
export function loadSigningKey(path: string, options: KeyOptions, flag?: string): SigningKey {
  const where = flag ? `${flag} ${path}` : path
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    throw new InputError(`cannot read the key file (${e.code ?? e.message})`, where)
  }
  return parseSigningKey(text, options, where)
}

/** The same from the key's text. */
export function parseSigningKey(text: string, options: KeyOptions, where = 'key'): SigningKey {
  let key: KeyObject
  let jwk: JWK | undefined
  try {
    if (text.trimStart().startsWith('{')) {
      jwk = JSON.parse(text) as JWK
      if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') throw new Error(`kty ${String(jwk.kty)} is not RSA or EC`)
      if (typeof jwk.d !== 'string') throw new Error('this JWK is a public key; give the private key (with "d")')
      key = createPrivateKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' })
    } else {
      key = createPrivateKey(text)
    }
  } catch (err) {
    const first = ((err as Error).message ?? String(err)).split('\n')[0]
    throw new InputError(`not a usable private JWK or PEM key (${first})`, where)
  }
  const alg = options.alg ?? jwk?.alg ?? algorithmOf(key, options.rsaAlg, where)
  const kid = options.kid ?? jwk?.kid
  const publicJwk: JWK = jwk ? withoutPrivateMembers(jwk) : { ...(createPublicKey(key).export({ format: 'jwk' }) as JWK), alg, ...(kid ? { kid } : {}) }
  return { key, alg, kid, publicJwk }
}

/** RFC 7518 §6.2.2 and §6.3.2: the members only a private key has. */
const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'])

function withoutPrivateMembers(jwk: JWK): JWK {
  return Object.fromEntries(Object.entries(jwk).filter(([k]) => !PRIVATE_MEMBERS.has(k))) as JWK
}

function algorithmOf(key: KeyObject, rsaAlg: string, where: string): string {
  if (key.asymmetricKeyType === 'rsa') return rsaAlg
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? ''
    const alg = EC_ALGS[curve]
    if (alg) return alg
    throw new InputError(`EC curve ${curve || '(unknown)'} has no JWS algorithm (P-256, P-384 or P-521)`, where)
  }
  throw new InputError(`a ${key.asymmetricKeyType ?? 'symmetric'} key cannot sign client assertions (RSA or EC only)`, where)
}
