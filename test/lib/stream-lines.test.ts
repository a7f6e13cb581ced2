// streamLines (lib/ndjson-lines.ts): the lines of a byte stream whatever its chunking: a line or a
// multi-byte character split across chunks, CRLF split between chunks, blank lines kept in place,
// a last line with no newline, and the byte count.
import t from 'tap'
import { streamLines } from '../../lib/ndjson-lines.js'

async function collect(chunks: Array<Buffer | string>) {
  const input = streamLines(
    (async function* () {
      yield* chunks
    })(),
  )
  const out: string[] = []
  for await (const line of input.lines) out.push(line)
  return { out, bytes: input.bytes() }
}

t.test('STREAM-LINES-01: every way of cutting the same bytes gives the same lines', async (t) => {
  const text = '{"a":"é"}\r\n\n{"b":"日本"}\n{"c":1}'
  const bytes = Buffer.from(text)
  const expected = ['{"a":"é"}', '', '{"b":"日本"}', '{"c":1}']
  for (let size = 1; size <= bytes.length; size++) {
    const chunks: Buffer[] = []
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size))
    const { out, bytes: n } = await collect(chunks)
    t.same(out, expected, `chunks of ${size} bytes`)
    t.equal(n, bytes.length)
  }
  t.same((await collect(['x\n', 'y\n'])).out, ['x', 'y'], 'a trailing newline adds no empty line')
  t.same((await collect([])).out, [], 'nothing in, nothing out')
})
