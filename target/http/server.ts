// The reference target's HTTP layer on node:http, HealthLake-shaped:
// http://HOST:PORT/datastore/<id>/r4/. It reads and parses the request, hands a FhirRequest to
// the interactions (target/rest/interactions.ts), and is the one boundary that turns any error
// into an OperationOutcome with its status (STYLE.md 13).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Store } from '../store/store.js'
import { SearchError } from '../search/query.js'
import { dispatch, serialize, type Env, type FhirRequest, type Reply } from '../rest/interactions.js'
import { badRequest, notFound, outcome, OutcomeError } from '../../lib/outcomes.js'
import type { ValidationLevel } from '../../lib/validation/levels.js'

export interface TargetOptions {
  port?: number
  host?: string
  db?: string
  datastoreId?: string
  /** Largest request body accepted, in bytes (413 above it). */
  maxBodyBytes?: number
  /** Largest page a search returns (`_count` above it is capped). */
  maxCount?: number
  /** Most entries a batch or transaction Bundle may hold (413 above it). */
  maxBundleEntries?: number
  /** Validation level for writes without the x-amzn-healthlake-fhir-validation-level header. */
  validation?: ValidationLevel
}

export interface RunningTarget {
  /** The FHIR base URL, ending in `/r4/`. */
  url: string
  store: Store
  server: Server
  close(): Promise<void>
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8'

export async function startTarget(options: TargetOptions = {}): Promise<RunningTarget> {
  const store = new Store(options.db ?? ':memory:')
  const datastoreId = options.datastoreId ?? 'local'
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024
  const prefix = `/datastore/${datastoreId}/r4/`
  const env: Env = { store, base: '', maxCount: options.maxCount ?? 1000, maxBundleEntries: options.maxBundleEntries ?? 10_000, validation: options.validation ?? 'strict' }
  const server = createServer((req, res) => {
    void handle(req, res, env, prefix, maxBodyBytes)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const addr = server.address() as AddressInfo
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address
  env.base = `http://${host}:${addr.port}${prefix}`
  return {
    url: env.base,
    store,
    server,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      store.close()
    },
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, env: Env, prefix: string, maxBodyBytes: number) {
  let reply: Reply
  try {
    const url = new URL(req.url ?? '/', 'http://target.invalid')
    if (!url.pathname.startsWith(prefix) && url.pathname !== prefix.slice(0, -1)) throw notFound(`path ${url.pathname}`)
    negotiate(req, url)
    let parts: string[]
    try {
      parts = url.pathname.slice(prefix.length).split('/').filter(Boolean).map(decodeURIComponent)
    } catch {
      throw badRequest('the path is not valid percent-encoding')
    }
    const method = req.method ?? 'GET'
    const text = method === 'GET' || method === 'HEAD' || method === 'DELETE' ? '' : await readBody(req, maxBodyBytes)
    const fhirReq: FhirRequest = { method, parts, query: url.searchParams, headers: lowerHeaders(req), body: parseBody(req, text) }
    reply = dispatch(env, fhirReq)
  } catch (err) {
    reply = toReply(err)
  }
  const body = reply.body === undefined || req.method === 'HEAD' ? undefined : serialize(reply.body)
  res.writeHead(reply.status, { ...(reply.body !== undefined ? { 'Content-Type': FHIR_JSON } : {}), ...reply.headers })
  res.end(body)
}

function toReply(err: unknown): Reply {
  if (err instanceof OutcomeError) return { status: err.status, body: err.toOutcome(), headers: err.headers }
  if (err instanceof SearchError) return { status: err.status, body: outcome('invalid', err.message) }
  return { status: 500, body: outcome('exception', `internal error: ${(err as Error)?.message ?? String(err)}`) }
}

/** JSON only: application/fhir+json, application/json, or _format json; XML → 406. */
function negotiate(req: IncomingMessage, url: URL) {
  const format = url.searchParams.get('_format')
  if (format && !/json/.test(format)) throw new OutcomeError(406, 'not-supported', `_format ${format} is not supported; this server speaks application/fhir+json`)
  const accept = req.headers.accept
  if (accept && !/json|\*\/\*/.test(accept)) throw new OutcomeError(406, 'not-supported', `Accept ${accept} is not supported; this server speaks application/fhir+json`)
}

function lowerHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  return out
}

async function readBody(req: IncomingMessage, max: number): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    // The rest of the body is never read, so the connection cannot be reused: close it.
    if (size > max) throw new OutcomeError(413, 'too-long', `request body over ${max} bytes`, { Connection: 'close' })
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Forms stay text (POST _search); everything else is JSON. */
function parseBody(req: IncomingMessage, text: string): unknown {
  if (text === '') return undefined
  if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return text
  try {
    return JSON.parse(text)
  } catch (err) {
    throw badRequest(`body is not JSON: ${(err as Error).message}`)
  }
}
