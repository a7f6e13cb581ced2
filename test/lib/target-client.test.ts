// The one HTTP client against targets that misbehave on the wire: each ends in a TargetUnreachableError
// saying what happened and where (exit 3 at the CLI), never an unexplained internal error.
import t from 'tap'
import { createServer, type Server } from 'node:net'
import { TargetClient } from '../../lib/target/client.js'
import { TargetUnreachableError } from '../../lib/errors.js'

async function hostile(onSocket: (s: import('node:net').Socket) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(onSocket)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return { url: `http://127.0.0.1:${port}/r4/`, server }
}

t.test('CLIENT-01: a target that hangs, drops the connection, or stops mid-body is a TargetUnreachableError naming the request', async (t) => {
  const cases: Array<[string, (s: import('node:net').Socket) => void, RegExp]> = [
    ['hangs', () => undefined, /GET http:\/\/127\.0\.0\.1:\d+\/r4\/metadata: no answer within 0\.4 s \(UND_ERR_HEADERS_TIMEOUT\)/],
    ['resets', (s) => s.on('data', () => s.resetAndDestroy()), /the connection was dropped \(ECONNRESET\)|the connection was dropped \(UND_ERR_SOCKET\)/],
    [
      'stops mid-body',
      (s) =>
        s.on('data', () => {
          s.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"resourceType":')
        }),
      /GET http:\/\/127\.0\.0\.1:\d+\/r4\/metadata: (the response body stopped|no answer within)/,
    ],
  ]
  for (const [name, behaviour, message] of cases) {
    const { url, server } = await hostile(behaviour)
    const client = new TargetClient({ url, profile: 'generic', auth: { kind: 'none' }, timeoutMs: 400 }, { maxAttempts: 1 })
    try {
      await client.request('GET', 'metadata')
      t.fail(`${name}: answered`)
    } catch (err) {
      t.ok(err instanceof TargetUnreachableError, `${name}: ${(err as Error).message}`)
      t.match((err as Error).message, message, name)
    } finally {
      await client.close()
      server.close()
    }
  }
})
