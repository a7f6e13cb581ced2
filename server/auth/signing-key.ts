// The reference authorization server's signing key pair, one per algorithm, made once per process:
// an RSA key costs a tenth of a second of CPU, and the self-tests start hundreds of servers in one
// process. Each server still issues and accepts tokens for its own issuer and audience only.
import { generateKeyPair, type KeyObject } from 'node:crypto'
import { promisify } from 'node:util'

/** Key generation off the event loop (node's libuv pool). */
const newKeyPair = promisify(generateKeyPair)

const pairs = new Map<'RS384' | 'ES384', Promise<{ privateKey: KeyObject; publicKey: KeyObject }>>()

/** The key pair that signs RS384 (and RS256 id_tokens) or ES384 tokens. */
export function signingKeyPair(alg: 'RS384' | 'ES384'): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  let pair = pairs.get(alg)
  if (!pair) {
    pair = alg === 'ES384' ? newKeyPair('ec', { namedCurve: 'P-384' }) : newKeyPair('rsa', { modulusLength: 2048 })
    pairs.set(alg, pair)
  }
  return pair
}
