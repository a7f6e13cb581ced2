// Reads an NDJSON file (gzipped when it ends in .gz) line by line, skipping blank lines. A read or
// gunzip failure becomes an InputError naming the file; errors thrown by the caller pass through.
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'
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
