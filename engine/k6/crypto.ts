// `k6/crypto`: hashes, HMAC and random bytes (hex, base64 or binary output), enough for SigV4.
import { createHash, createHmac, randomBytes as nodeRandom } from 'node:crypto'

type Out = 'hex' | 'base64' | 'base64url' | 'binary'
type In = string | ArrayBuffer

const data = (x: In) => (typeof x === 'string' ? Buffer.from(x, 'utf8') : Buffer.from(x))
function out(b: Buffer, enc?: Out): string | ArrayBuffer {
  if (enc === 'hex' || enc === 'base64' || enc === 'base64url') return b.toString(enc)
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer
}
const hash = (alg: string) => (input: In, enc?: Out) => out(createHash(alg).update(data(input)).digest(), enc)

export const md5 = hash('md5')
export const sha1 = hash('sha1')
export const sha256 = hash('sha256')
export const sha384 = hash('sha384')
export const sha512 = hash('sha512')

export function hmac(alg: string, secret: In, input: In, enc?: Out): string | ArrayBuffer {
  return out(createHmac(alg, data(secret)).update(data(input)).digest(), enc)
}

export function randomBytes(n: number): ArrayBuffer {
  const b = nodeRandom(n)
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer
}

export default { md5, sha1, sha256, sha384, sha512, hmac, randomBytes }
