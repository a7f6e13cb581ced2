// The reference server's HTTP layer on node:http, HealthLake-shaped:
// http://HOST:PORT/datastore/<id>/r4/ for FHIR, /auth/* for the SMART authorization server,
// POST / with X-Amz-Target for HealthLake's control plane. It reads and parses the request,
// authenticates it (SMART through the Lambda contract, SigV4, or none), hands a FhirRequest to
// the interactions (server/rest/interactions.ts), and is the one boundary that turns any error
// into an OperationOutcome with its status (STYLE.md 13).
import { EMBEDDED_SIGV4 } from '../../lib/target/embedded.js'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Store } from '../store/store.js'
import { SearchError } from '../search/query.js'
import { dispatch, serialize, type Env, type FhirRequest, type Reply } from '../rest/interactions.js'
import { badRequest, notFound, outcome, OutcomeError } from '../../lib/outcomes.js'
import type { ValidationLevel } from '../../lib/validation/levels.js'
import { AuthorizationServer, OAuthError, type AuthConfig } from '../auth/authorization-server.js'
import { ownTokenValidator, type TokenValidator } from '../auth/lambda.js'
import { authenticate, FULL_ACCESS, operationName, type Access } from '../auth/guard.js'
import { verifySigV4, type SigV4Credentials } from '../auth/sigv4.js'
import { NO_FAULTS, parseFaults, type FaultName, type Faults } from '../faults/catalogue.js'
import { JobQueue } from '../bulk/queue.js'
import { ObjectStorage, type S3Config } from '../bulk/storage.js'
import { ExportService } from '../bulk/export.js'
import { ImportService } from '../bulk/import.js'
import { ControlPlane } from '../healthlake/control-plane.js'

export type AuthMode = 'smart' | 'none' | 'sigv4'

/** Test credentials the server accepts for SigV4 when none are configured (never real AWS keys). */
export const DEFAULT_SIGV4: SigV4Credentials = EMBEDDED_SIGV4
export interface ServerOptions {
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
  /** FHIR API authorization: SMART tokens via the Lambda contract, SigV4 (AWS_AUTH) or none (default). */
  auth?: AuthMode
  /** Registered SMART clients and token lifetimes. */
  authConfig?: AuthConfig
  /** A token validator with HealthLake's Lambda contract in place of the server's own. */
  tokenValidator?: TokenValidator
  /** Credentials accepted for SigV4 (FHIR API with auth sigv4, and the control plane). */
  sigv4Credentials?: SigV4Credentials[]
  /** Fault names to switch on (server/faults/catalogue.ts). */
  faults?: readonly FaultName[]
  /** S3-compatible storage for HealthLake import input and job output. */
  s3?: S3Config
  /** Hosts `$import` may pull from (default: loopback). */
  importAllowHosts?: string[]
  /** How long export files are kept, ms. */
  exportTtlMs?: number
  /** Retry-After on in-progress bulk status answers, seconds (default 1; tests use 0). */
  retryAfterSeconds?: number
  /** Control-plane Describe/List calls per second before ThrottlingException (default: no limit). */
  describeTps?: number
  /** FHIR requests per second before 429 + Retry-After (HealthLake throttles; default: no limit). */
  rateLimit?: number
  /** The clock tokens are issued and checked by, ms (tests move it to expire tokens). */
  clock?: () => number
}

export interface RunningServer {
  /** The FHIR base URL, ending in `/r4/`. */
  url: string
  /** `http://host:port`: the control plane's endpoint and the authorization server's origin. */
  origin: string
  store: Store
  server: Server
  auth?: AuthorizationServer
  exports: ExportService
  imports: ImportService
  queue: JobQueue
  faults: Faults
  close(): Promise<void>
}

interface Context {
  env: Env
  prefix: string
  maxBodyBytes: number
  mode: AuthMode
  faults: Faults
  auth?: AuthorizationServer
  validator?: TokenValidator
  sigv4: SigV4Credentials[]
  exports: ExportService
  imports: ImportService
  controlPlane: ControlPlane
  clock: () => number
  rateLimit?: { perSecond: number; window: number; used: number }
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8'

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const faults = options.faults?.length ? parseFaults(options.faults) : NO_FAULTS
  const store = new Store(options.db ?? ':memory:')
  const datastoreId = options.datastoreId ?? 'local'
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024
  const prefix = `/datastore/${datastoreId}/r4/`
  const mode = options.auth ?? 'none'
  const env: Env = { store, base: '', maxCount: options.maxCount ?? 1000, maxBundleEntries: options.maxBundleEntries ?? 10_000, validation: options.validation ?? 'strict', faults }
  const queue = new JobQueue()
  const storage = new ObjectStorage(options.s3)
  const base = () => env.base
  const exportsSvc = new ExportService({ store, base, datastoreId, faults, queue, storage, requiresAccessToken: mode !== 'none', fileTtlMs: options.exportTtlMs, retryAfterSeconds: options.retryAfterSeconds })
  const importsSvc = new ImportService({ store, base, datastoreId, faults, queue, storage, allowHosts: options.importAllowHosts })
  env.operations = [...exportsSvc.operations(), ...importsSvc.operations()]
  const sigv4 = options.sigv4Credentials ?? [DEFAULT_SIGV4]
  let late: Context | undefined
  const controlPlane = new ControlPlane({ datastoreId, datastoreEndpoint: base, credentials: sigv4, imports: importsSvc, exports: exportsSvc, queue, faults, describeTps: options.describeTps, authStrategy: mode === 'smart' ? 'SMART_ON_FHIR' : mode === 'sigv4' ? 'AWS_AUTH' : 'NONE', smartMetadata: () => late?.auth?.smartConfiguration() })
  const ctx: Context = (late = { env, prefix, maxBodyBytes, mode, faults, sigv4, exports: exportsSvc, imports: importsSvc, controlPlane, clock: options.clock ?? Date.now, ...(options.rateLimit ? { rateLimit: { perSecond: options.rateLimit, window: 0, used: 0 } } : {}) })
  const server = createServer((req, res) => {
    void handle(req, res, ctx)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const addr = server.address() as AddressInfo
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address
  const origin = `http://${host}:${addr.port}`
  env.base = `${origin}${prefix}`
  if (mode === 'smart') {
    try {
      ctx.auth = await AuthorizationServer.create(origin, env.base, options.authConfig ?? { clients: [] }, faults, ctx.clock)
    } catch (err) {
      server.close()
      store.close()
      throw err
    }
    ctx.validator = options.tokenValidator ?? ownTokenValidator(ctx.auth, options.authConfig?.iamRoleArn)
    env.smart = { authorize: `${origin}/auth/authorize`, token: ctx.auth.tokenUrl, introspect: `${origin}/auth/introspect`, revoke: `${origin}/auth/revoke` }
  }
  return {
    url: env.base,
    origin,
    store,
    server,
    auth: ctx.auth,
    exports: exportsSvc,
    imports: importsSvc,
    queue,
    faults,
    async close() {
      queue.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      // A job still running finishes its current batch; wait for it before closing the database.
      await queue.drain()
      storage.close()
      store.close()
    },
  }
}

interface WireReply extends Reply {
  /** Bytes sent as they are (NDJSON files), with the headers' Content-Type. */
  raw?: Buffer
  /** A JSON body that is not FHIR (OAuth, AWS JSON, bulk manifests): sent as application/json unless headers say otherwise. */
  json?: boolean
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: Context) {
  let reply: WireReply
  try {
    reply = await route(req, ctx)
  } catch (err) {
    reply = toReply(err)
  }
  const method = req.method ?? 'GET'
  if (reply.raw) {
    res.writeHead(reply.status, { 'Content-Length': String(reply.raw.length), ...reply.headers })
    res.end(method === 'HEAD' ? undefined : reply.raw)
    return
  }
  const body = reply.body === undefined || method === 'HEAD' ? undefined : reply.json ? JSON.stringify(reply.body) : serialize(reply.body)
  const type = reply.body === undefined ? {} : { 'Content-Type': reply.json ? 'application/json' : FHIR_JSON }
  res.writeHead(reply.status, { ...type, ...reply.headers })
  res.end(body)
}

async function route(req: IncomingMessage, ctx: Context): Promise<WireReply> {
  const url = new URL(req.url ?? '/', 'http://server.invalid')
  const method = req.method ?? 'GET'
  const headers = lowerHeaders(req)
  // HealthLake's control plane: AWS JSON 1.0 at the service root.
  if (url.pathname === '/' && method === 'POST' && headers['x-amz-target']) {
    const body = await readBody(req, ctx.maxBodyBytes)
    const r = await ctx.controlPlane.handle({ method, path: url.pathname, query: url.searchParams, headers, body })
    return { status: r.status, headers: r.headers, body: r.body, json: true }
  }
  if (url.pathname.startsWith('/auth/')) return authEndpoint(req, ctx, url, method, headers)
  const { prefix, env } = ctx
  if (!url.pathname.startsWith(prefix) && url.pathname !== prefix.slice(0, -1)) throw notFound(`path ${url.pathname}`)
  let parts: string[]
  try {
    parts = url.pathname.slice(prefix.length).split('/').filter(Boolean).map(decodeURIComponent)
  } catch {
    throw badRequest('the path is not valid percent-encoding')
  }
  if (parts[0] === '.well-known' && parts[1] === 'smart-configuration' && parts.length === 2) {
    if (!ctx.auth || ctx.faults.has('discovery-missing')) throw notFound('SMART configuration (this server runs without SMART auth)')
    const type = ctx.faults.has('discovery-wrong-content-type') ? 'text/plain' : 'application/json'
    return { status: 200, headers: { 'Content-Type': type, ...(ctx.faults.has('discovery-no-cors') ? {} : { 'Access-Control-Allow-Origin': '*' }) }, body: ctx.auth.smartConfiguration(), json: true }
  }
  throttle(ctx)
  if (!ctx.faults.has('tx-accept-ignored')) negotiate(req, url)
  const text = method === 'GET' || method === 'HEAD' || method === 'DELETE' ? '' : await readBody(req, ctx.maxBodyBytes)
  // Bulk job status and files: a token is needed for status; files check requiresAccessToken themselves.
  if ((parts[0] === 'export' || parts[0] === 'import') && parts.length >= 2) {
    const isFile = parts[0] === 'export' ? parts.length === 3 : parts.length === 4
    let access: Access | undefined
    let authenticated = ctx.mode === 'none'
    if (ctx.mode !== 'none' && (!isFile || headers.authorization)) {
      access = await authorize(ctx, method, parts, url, headers, text)
      authenticated = true
    }
    const r = parts[0] === 'export' ? await ctx.exports.handle(method, parts, access && access !== FULL_ACCESS ? access : undefined, authenticated) : await ctx.imports.handle(method, parts)
    return { ...r, json: r.body !== undefined && r.status < 300 }
  }
  const access = parts[0] === 'metadata' ? undefined : await authorize(ctx, method, parts, url, headers, text)
  const fhirReq: FhirRequest = { method, parts, query: url.searchParams, headers, body: parseBody(req, text), ...(access && access !== FULL_ACCESS ? { access } : {}) }
  const reply: WireReply = dispatch(env, fhirReq)
  // A HealthLake export kick-off and its status are plain JSON, not FHIR resources.
  if (reply.body && typeof reply.body === 'object' && 'jobId' in (reply.body as object)) reply.json = true
  return reply
}

/** A fixed one-second window: over the limit, 429 with Retry-After (as HealthLake throttles). */
function throttle(ctx: Context) {
  const r = ctx.rateLimit
  if (!r) return
  const window = Math.floor(Date.now() / 1000)
  if (window !== r.window) {
    r.window = window
    r.used = 0
  }
  if (++r.used > r.perSecond) throw new OutcomeError(429, 'throttled', `ThrottlingException: over ${r.perSecond} requests per second`, { 'Retry-After': '1' })
}

/** The caller's access under the server's auth mode (401/403 as OperationOutcomes). */
async function authorize(ctx: Context, method: string, parts: string[], url: URL, headers: Record<string, string | undefined>, body: string): Promise<Access | undefined> {
  if (ctx.mode === 'none') return undefined
  if (ctx.mode === 'sigv4') {
    await verifySigV4({ method, path: url.pathname, query: url.searchParams, headers, body }, ctx.sigv4, 'healthlake', ctx.clock())
    return FULL_ACCESS
  }
  return authenticate(ctx.validator!, headers.authorization, ctx.env.base, operationName(method, parts), ctx.faults, Math.floor(ctx.clock() / 1000))
}

/** The SMART authorization server's endpoints under /auth/. */
async function authEndpoint(req: IncomingMessage, ctx: Context, url: URL, method: string, headers: Record<string, string | undefined>): Promise<WireReply> {
  const auth = ctx.auth
  if (!auth) throw notFound(`${url.pathname} (this server runs without SMART auth)`)
  const name = url.pathname.slice('/auth/'.length)
  if (name === 'jwks' && method === 'GET') return { status: 200, headers: { 'Cache-Control': 'max-age=300' }, body: auth.jwks, json: true }
  if (name === 'authorize' && method === 'GET') {
    const r = auth.authorize(url.searchParams)
    return { ...r, json: true }
  }
  if ((name === 'token' || name === 'introspect' || name === 'revoke') && method === 'POST') {
    const text = await readBody(req, 64 * 1024)
    let form: URLSearchParams
    if (String(headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) form = new URLSearchParams(text)
    else if (ctx.faults.has('token-json-body-accepted') && String(headers['content-type'] ?? '').startsWith('application/json')) form = jsonForm(text)
    else return { ...auth.errorReply(new OAuthError('invalid_request', 'the body must be application/x-www-form-urlencoded')), json: true }
    const r = name === 'token' ? await auth.token(form, headers.authorization) : name === 'introspect' ? await auth.introspect(form, headers.authorization) : await auth.revoke(form, headers.authorization)
    return { ...r, json: true }
  }
  throw new OutcomeError(405, 'not-supported', `${method} ${url.pathname} is not supported`)
}

/** token-json-body-accepted: a JSON object read as if it were the form. */
function jsonForm(text: string): URLSearchParams {
  try {
    return new URLSearchParams(Object.entries(JSON.parse(text) as Record<string, unknown>).map(([k, v]) => [k, String(v)]))
  } catch {
    return new URLSearchParams()
  }
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
