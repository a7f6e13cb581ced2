// `k6/encoding`: base64 (std, rawstd, url, rawurl) of strings and ArrayBuffers.
type Enc = 'std' | 'rawstd' | 'url' | 'rawurl'

const toBuffer = (input: string | ArrayBuffer) => (typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input))

export function b64encode(input: string | ArrayBuffer, encoding: Enc = 'std'): string {
  const b = toBuffer(input)
  if (encoding === 'url' || encoding === 'rawurl') {
    const s = b.toString('base64url')
    return encoding === 'url' ? s.padEnd(Math.ceil(s.length / 4) * 4, '=') : s
  }
  const s = b.toString('base64')
  return encoding === 'rawstd' ? s.replace(/=+$/, '') : s
}

export function b64decode(input: string, encoding: Enc = 'std', format?: 's'): string | ArrayBuffer {
  const b = Buffer.from(input, encoding === 'url' || encoding === 'rawurl' ? 'base64url' : 'base64')
  return format === 's' ? b.toString('utf8') : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)
}

export default { b64encode, b64decode }
