// Reads an NDJSON file (gzipped when it ends in .gz) line by line, skipping blank lines. A read or
// gunzip failure becomes an InputError naming the file; errors thrown by the caller pass through.
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'
import { StringDecoder } from 'node:string_decoder'
import { describeSystemError, InputError } from './errors.js'

export async function* ndjsonLines(path: string, where: string): AsyncGenerator<{ line: string; lineNo: number }> {
  const raw = createReadStream(path)
  let input: NodeJS.ReadableStream = raw
  if (path.endsWith('.gz')) {
    const gunzip = createGunzip()
    // pipe() does not forward the file's errors; without this an unreadable file would crash.
    raw.on('error', (err) => gunzip.destroy(err))
    input = raw.pipe(gunzip)
  }
  let lineNo = 0
  const lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]()
  while (true) {
    let next: IteratorResult<string>
    try {
      next = await lines.next()
    } catch (err) {
      throw new InputError(`cannot read: ${describeSystemError(err) ?? (err as Error).message}`, where)
    }
    if (next.done) return
    lineNo++
    if (next.value.trim() !== '') yield { line: next.value, lineNo }
  }
}

/**
 * The lines of a byte stream, every one (blank lines too, so positions stay line numbers), with
 * `\r\n` endings trimmed, read a chunk at a time: the stream's own backpressure holds memory to a
 * chunk and one line. `bytes()` tells how many bytes have been read so far.
 */
export function streamLines(input: AsyncIterable<Buffer | string>): { lines: AsyncGenerator<string>; bytes: () => number } {
  let bytes = 0
  async function* lines(): AsyncGenerator<string> {
    const decoder = new StringDecoder('utf8')
    let carry = ''
    for await (const chunk of input) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
      const text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk))
      const parts = text.split('\n')
      carry = parts.pop() ?? ''
      for (const line of parts) yield line.endsWith('\r') ? line.slice(0, -1) : line
    }
    const last = carry + decoder.end()
    if (last !== '') yield last.endsWith('\r') ? last.slice(0, -1) : last
  }
  return { lines: lines(), bytes: () => bytes }
}
