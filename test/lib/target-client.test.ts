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
    ['hangs', () => undefined, /GET http:\/\/127\.0\.0\.1:\d+\/r4\/metadata: no complete answer within 0\.4 s \(--request-timeout\)/],
    ['resets', (s) => s.on('data', () => s.resetAndDestroy()), /the connection was dropped \(ECONNRESET\)|the connection was dropped \(UND_ERR_SOCKET\)/],
    [
      'stops mid-body',
      (s) =>
        s.on('data', () => {
          s.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"resourceType":')
        }),
      /GET http:\/\/127\.0\.0\.1:\d+\/r4\/metadata: (the response body stopped|no complete answer within)/,
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

t.test('CLIENT-02: Retry-After is honoured up to --max-retry-after; a longer one fails the request at once, saying so', async (t) => {
  const { createServer: http } = await import('node:http')
  let calls = 0
  const server = http((req, res) => {
    calls++
    if (req.url?.includes('long')) {
      res.writeHead(429, { 'retry-after': '3600' }).end()
      return
    }
    if (calls % 2 === 1) res.writeHead(429, { 'retry-after': '1' }).end()
    else res.writeHead(200, { 'content-type': 'application/fhir+json' }).end('{"resourceType":"CapabilityStatement"}')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  t.teardown(() => server.close())
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/r4/`
  const client = new TargetClient({ url, profile: 'generic', auth: { kind: 'none' }, timeoutMs: 5000, maxRetryAfterS: 60 })
  t.teardown(() => client.close())
  const started = performance.now()
  const ok = await client.request('GET', 'metadata')
  t.equal(ok.status, 200)
  t.ok(performance.now() - started >= 900, 'waited the second the target asked for')
  const before = performance.now()
  await t.rejects(client.request('GET', 'long'), /GET http:\/\/127\.0\.0\.1:\d+\/r4\/long: HTTP 429 with Retry-After 3600, over the 60 s Shoreline waits \(--max-retry-after\)/)
  t.ok(performance.now() - before < 5000, 'without waiting the hour')
})

t.test('CLIENT-03: a pooled connection the target closed while idle is retried at once on a fresh one, and counted', async (t) => {
  // Each connection answers its first request (keep-alive) and is reset under its second: what a
  // client meets reusing a connection the target's idle timeout has just closed.
  const ok = 'HTTP/1.1 200 OK\r\ncontent-type: application/fhir+json\r\nconnection: keep-alive\r\ncontent-length: 2\r\n\r\n{}'
  const { url, server } = await hostile((s) => {
    let served = 0
    s.on('data', () => (served++ === 0 ? s.write(ok) : s.resetAndDestroy()))
  })
  t.teardown(() => server.close())
  const client = new TargetClient({ url, profile: 'generic', auth: { kind: 'none' }, timeoutMs: 2000 }, { connections: 1, backoffMs: 60_000, backoffCapMs: 60_000 })
  t.teardown(() => client.close())
  t.equal((await client.request('GET', 'metadata')).status, 200, 'the first request opens the connection')
  const started = performance.now()
  const second = await client.request('GET', 'metadata')
  t.equal(second.status, 200, 'the second, reset on the reused connection, is answered on a new one')
  t.equal(second.attempts, 2, 'in two attempts')
  t.equal(client.retries, 1, 'the retry is counted')
  t.ok(performance.now() - started < 5000, 'without waiting out a back-off (60 s here)')
})
