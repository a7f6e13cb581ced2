// A hostile target for the self-tests: one misbehaviour per server, on loopback. The FHIR base is
// `{url}` (`/r4/`); its CapabilityStatement answers properly unless `everywhere` is set, so a
// command gets past its start-up check and meets the behaviour mid-run (with `everywhere`, at once).
import { createServer, type Server } from 'node:http'
import type { Socket } from 'node:net'

export const BEHAVIOURS = ['hang', 'reset', 'drip', 'retry-after-hour', 'not-json', 'html', 'huge', 'redirect-loop', 'server-error'] as const
export type Behaviour = (typeof BEHAVIOURS)[number]

export interface Hostile {
  url: string
  /** Requests received, by path. */
  requests: string[]
  close(): Promise<void>
}

const CAPABILITY = JSON.stringify({
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2026-01-01',
  kind: 'instance',
  fhirVersion: '4.0.1',
  format: ['json'],
  rest: [
    {
      mode: 'server',
      resource: ['Patient', 'Observation', 'Condition', 'Encounter', 'Practitioner', 'Organization'].map((type) => ({
        type,
        interaction: ['read', 'create', 'update', 'search-type'].map((code) => ({ code })),
        updateCreate: true,
      })),
      interaction: [{ code: 'transaction' }, { code: 'batch' }],
      operation: [{ name: 'import', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/import' }],
    },
  ],
})

/** 50 MB of a JSON string: parseable, and not what anyone asked for. */
const HUGE = Buffer.concat([Buffer.from('{"resourceType":"Bundle","type":"searchset","padding":"'), Buffer.alloc(50 * 1024 * 1024, 'x'), Buffer.from('"}')])

export async function hostileServer(behaviour: Behaviour, o: { everywhere?: boolean } = {}): Promise<Hostile> {
  const requests: string[] = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`)
    req.resume()
    if (!o.everywhere && req.method === 'GET' && /^\/r4\/metadata(\?|$)/.test(req.url ?? '')) {
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(CAPABILITY)
      return
    }
    switch (behaviour) {
      case 'hang':
        return // never answers
      case 'reset':
        req.socket.destroy()
        return
      case 'drip': {
        // The headers at once, then the body a byte a second: no idle timeout ever fires.
        res.writeHead(200, { 'content-type': 'application/fhir+json' })
        const body = '{"resourceType":"Bundle","type":"searchset","entry":[]}'
        let i = 0
        const t = setInterval(() => {
          if (i >= body.length || res.destroyed) {
            clearInterval(t)
            timers.delete(t)
            if (!res.destroyed) res.end()
            return
          }
          res.write(body[i++])
        }, 1000)
        timers.add(t)
        return
      }
      case 'retry-after-hour':
        res
          .writeHead(429, { 'retry-after': '3600', 'content-type': 'application/fhir+json' })
          .end('{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"throttled"}]}')
        return
      case 'not-json':
        res.writeHead(200, { 'content-type': 'application/fhir+json' }).end('{"resourceType": "Bundle", "entry": [')
        return
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>')
        return
      case 'huge':
        res.writeHead(200, { 'content-type': 'application/fhir+json', 'content-length': String(HUGE.length) }).end(HUGE)
        return
      case 'redirect-loop':
        res.writeHead(302, { location: req.url ?? '/' }).end()
        return
      case 'server-error':
        res
          .writeHead(500, { 'content-type': 'application/fhir+json' })
          .end('{"resourceType":"OperationOutcome","issue":[{"severity":"fatal","code":"exception","diagnostics":"boom"}]}')
        return
    }
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/r4/`,
    requests,
    close: async () => {
      for (const t of timers) clearInterval(t)
      for (const s of sockets) s.destroy()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}
