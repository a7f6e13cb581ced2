// The reference server on node:http(s), HealthLake-shaped: http(s)://HOST:PORT/datastore/<id>/r4/ for
// FHIR, /auth/* for the SMART authorization server, POST / with X-Amz-Target for HealthLake's
// control plane. startServer wires the store, auth, bulk services and control plane; every request
// goes through the one route table (routes.ts), and handle() is the one boundary that turns any
// error into an OperationOutcome with its status (STYLE.md 13).
import { capacityMeter, type Capacity } from './capacity.js'
import type { ImportQuotas } from '../healthlake/quotas.js'
import { EMBEDDED_SIGV4 } from '../../lib/target/embedded.js'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Server as HttpsServer } from 'node:https'
import { Store } from '../store/store.js'
import { NUMERIC_VERSION_IDS, OPAQUE_VERSION_IDS } from '../store/version-ids.js'
import { serialize, type Env } from '../rest/types.js'
import type { ValidationLevel } from '../../lib/validation/levels.js'
import { AuthorizationServer, type AuthConfig } from '../auth/authorization-server.js'
import { issuerOf, ownTokenValidator, type TokenValidator } from '../auth/lambda.js'
import { withTimeLimit } from '../auth/guard.js'
import type { SigV4Credentials } from '../auth/sigv4.js'
import { NO_FAULTS, parseFaults, type FaultName, type Faults } from '../faults/catalogue.js'
import { IndexLag } from '../store/index-lag.js'
import { LEGACY_EXPORT_BEFORE } from '../bulk/export-params.js'
import { NO_VARIANTS, parseVariants, type VariantName, type Variants } from '../variants/catalogue.js'
import type { JobQueue } from '../bulk/queue.js'
import type { S3Config } from '../../lib/object-storage.js'
import type { ExportService } from '../bulk/export.js'
import type { ImportService } from '../bulk/import.js'
import { bulkServices, type BulkServices } from '../bulk/services.js'
import { ControlPlane } from '../healthlake/control-plane.js'
import type { AuthMode, Context, WireReply } from './context.js'
import { route } from './routes.js'
import { toReply } from './wire.js'
import { open, type FileHandle } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { notFound } from '../../lib/outcomes.js'
import type { SpooledFile } from '../bulk/spool.js'
import { ReaderPool } from './readers.js'
import { preparerCount, Preparers } from '../bulk/prepare-pool.js'
import { Checkpointer } from '../store/checkpointer.js'
import { Enricher, type NlpOptions } from '../nlp/enrich.js'
import { createListener, type TlsOptions } from './listener.js'

export type { AuthMode }

/**
 * Idle connections stay open a minute, as behind AWS's load balancers and API Gateway (Node's 5 s
 * default is shorter than most clients expect): a client that reuses one after a pause — a busy
 * process whose timers ran late, a k6 VU between iterations — does not find it reset under it.
 */
const KEEP_ALIVE_MS = 65_000

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
  /** Under eventual-search: how long a write's index update stays pending, ms (default 2,000). */
  indexLagMs?: number
  /**
   * When the data store was created (ms; default now): DescribeFHIRDatastore's CreatedAt, and the
   * documented behaviour of older stores — before 2023-06-01, FHIR \$export is system-wide only and its
   * status is not served on the data store endpoint.
   */
  createdAt?: number
  /** Validation level for writes without the x-amzn-healthlake-fhir-validation-level header. */
  validation?: ValidationLevel
  /** FHIR API authorization: SMART tokens via the Lambda contract, SigV4 (AWS_AUTH) or none (default). */
  auth?: AuthMode
  /** Registered SMART clients and token lifetimes. */
  authConfig?: AuthConfig
  /** A token validator with HealthLake's Lambda contract in place of the server's own. */
  tokenValidator?: TokenValidator
  /**
   * Tokens whose `iss` is this issuer (a user's identity provider) go to this validator; the rest
   * to the server's own. The self-test's target trusts a test IdP so (HL-46).
   */
  alsoTrusted?: { issuer: string; validator: TokenValidator }
  /** Credentials accepted for SigV4 (FHIR API with auth sigv4, and the control plane). */
  sigv4Credentials?: SigV4Credentials[]
  /** Fault names to switch on (server/faults/catalogue.ts). */
  faults?: readonly FaultName[]
  /** Legal variants to switch on (server/variants/catalogue.ts). */
  variants?: readonly VariantName[]
  /** S3-compatible storage for HealthLake import input and job output. */
  s3?: S3Config
  /** Hosts `$import` may pull from (default: loopback). */
  importAllowHosts?: string[]
  /** Lines per import transaction (server/bulk/import-run.ts); tuning and tests. */
  importBatchLines?: number
  /**
   * Threads that validate and prepare writes ahead of the writer: an import's batches, and the
   * entries of batch and transaction Bundles (server/rest/bundle-examine.ts). Default: the cores
   * but one, at most four; 0: none, the main thread does it all.
   */
  prepareThreads?: number
  /** How long export files are kept, ms. */
  exportTtlMs?: number
  /** Where export files are spooled (default: `<db>-exports/` beside a file database, a temporary directory for `:memory:`). */
  exportDir?: string
  /** Retry-After on in-progress bulk status answers, seconds (default 1; tests use 0). */
  retryAfterSeconds?: number
  /** Control-plane Describe/List calls per second before ThrottlingException (default: no limit). */
  describeTps?: number
  /** HealthLake import quotas (server/healthlake/quotas.ts). */
  importQuotas?: ImportQuotas
  /** FHIR requests per second before 429 + Retry-After (HealthLake throttles; default: no limit). */
  rateLimit?: number
  /** HealthLake's capacity model: per-second units for reads, writes (per KB), searches and Bundle POSTs. */
  capacity?: Capacity
  /** The clock tokens are issued and checked by, ms (tests move it to expire tokens). */
  clock?: () => number
  /**
   * Reader threads answering reads and searches beside the main thread (server/http/readers.ts);
   * file databases only, and not under eventual-search (its pending index lives on the main thread).
   * Default 0.
   */
  readers?: number
  /** HealthLake's integrated NLP, emulated (server/nlp/enrich.ts): DocumentReferences enriched after they are written. */
  nlp?: NlpOptions
  /** Serve HTTPS with this key and certificate (server/http/listener.ts); plain HTTP without. */
  tls?: TlsOptions
}

export interface RunningServer {
  /** The FHIR base URL, ending in `/r4/`. */
  url: string
  /** `http(s)://host:port`: the control plane's endpoint and the authorization server's origin. */
  origin: string
  store: Store
  server: Server | HttpsServer
  auth?: AuthorizationServer
  exports: ExportService
  imports: ImportService
  queue: JobQueue
  faults: Faults
  /** The directory export files are spooled to. */
  exportDir: string
  /** The reader threads, when the server has them. */
  readers?: ReaderPool
  /** The threads examining big Bundles' entries (`onThreads`: Bundles examined there so far). */
  bundlePreparers: Preparers
  /** Integrated NLP, when on. */
  nlp?: Enricher
  close(): Promise<void>
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8'

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const faults = options.faults?.length ? parseFaults(options.faults) : NO_FAULTS
  const variants = options.variants?.length ? parseVariants(options.variants) : NO_VARIANTS
  const { store, checkpointer } = await openStore(options, variants, faults)
  const nlp = options.nlp ? new Enricher(store, options.nlp, faults) : undefined
  const datastoreId = options.datastoreId ?? 'local'
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024
  const prefix = `/datastore/${datastoreId}/r4/`
  const mode = options.auth ?? 'none'
  const env = fhirEnv(options, store, faults, variants)
  const base = () => env.base
  const bulk = openBulk(options, store, base, faults, variants)
  const { queue, exports: exportsSvc, imports: importsSvc } = bulk
  env.operations = [...exportsSvc.operations(), ...importsSvc.operations()]
  const sigv4 = options.sigv4Credentials ?? [DEFAULT_SIGV4]
  let late: Context | undefined
  const controlPlane = new ControlPlane({
    datastoreId,
    datastoreEndpoint: base,
    credentials: sigv4,
    imports: importsSvc,
    exports: exportsSvc,
    queue,
    faults,
    describeTps: options.describeTps,
    importQuotas: options.importQuotas,
    authStrategy: mode === 'smart' ? 'SMART_ON_FHIR' : mode === 'sigv4' ? 'AWS_AUTH' : 'NONE',
    smartMetadata: () => late?.auth?.smartConfiguration(),
    createdAt: options.createdAt,
  })
  const ctx: Context = (late = {
    env,
    prefix,
    maxBodyBytes,
    mode,
    faults,
    sigv4,
    exports: exportsSvc,
    imports: importsSvc,
    controlPlane,
    clock: options.clock ?? Date.now,
    ...(options.rateLimit ? { rateLimit: { perSecond: options.rateLimit, window: 0, used: 0 } } : {}),
    ...(options.capacity ? { capacity: capacityMeter(options.capacity, options.createdAt) } : {}),
    bundlePreparers: new Preparers(options.prepareThreads ?? preparerCount()),
  })
  const listener = createListener((req, res) => void handle(req, res, ctx), KEEP_ALIVE_MS, faults, options.tls)
  const addr = await listener.listen(options.port ?? 0, options.host ?? '127.0.0.1')
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address
  const origin = `${listener.scheme}://${host}:${addr.port}`
  env.base = `${origin}${prefix}`
  /** The bulk jobs and the database, closed: a job still running finishes its current batch first. */
  const closeStorage = async () => {
    nlp?.close()
    await bulk.close()
    await ctx.bundlePreparers.close()
    await checkpointer?.close()
    store.close()
  }
  /** Start-up failed after listening: everything opened so far is closed before the error goes up. */
  const abandon = async () => (void listener.close(), bulk.stop(), await closeStorage())
  bulk.restore()
  if (mode === 'smart') {
    try {
      ctx.auth = await AuthorizationServer.create(origin, env.base, options.authConfig ?? { clients: [] }, faults, ctx.clock, variants)
      ctx.auth.pickPatient = () => store.firstPatientId()
    } catch (err) {
      await abandon()
      throw err
    }
    const own = options.tokenValidator ? withTimeLimit(options.tokenValidator) : ownTokenValidator(ctx.auth, options.authConfig?.iamRoleArn)
    const idp = options.alsoTrusted && { issuer: options.alsoTrusted.issuer, validator: withTimeLimit(options.alsoTrusted.validator) }
    ctx.validator = idp ? async (event) => (issuerOf(event.bearerToken) === idp.issuer ? idp.validator(event) : own(event)) : own
    const has = ctx.auth.has
    env.smart = {
      token: ctx.auth.tokenUrl,
      ...(has.authorize ? { authorize: `${origin}/auth/authorize` } : {}),
      ...(has.introspection ? { introspect: `${origin}/auth/introspect` } : {}),
      ...(has.revocation ? { revoke: `${origin}/auth/revoke` } : {}),
    }
  }
  try {
    ctx.readers = await startReaders(options, env, variants)
  } catch (err) {
    await abandon()
    throw err
  }
  return {
    url: env.base,
    origin,
    store,
    server: listener.server,
    auth: ctx.auth,
    exports: exportsSvc,
    imports: importsSvc,
    queue,
    faults,
    get exportDir() {
      return bulk.spool.root
    },
    ...(ctx.readers ? { readers: ctx.readers } : {}),
    bundlePreparers: ctx.bundlePreparers,
    ...(nlp ? { nlp } : {}),
    async close() {
      bulk.stop()
      await listener.close()
      await ctx.readers?.close()
      await closeStorage()
    },
  }
}

/** The FHIR environment the handlers share; its base is set once the server listens. */
function fhirEnv(options: ServerOptions, store: Store, faults: Faults, variants: Variants): Env {
  return {
    store,
    base: '',
    maxCount: options.maxCount ?? 1000,
    maxBundleEntries: options.maxBundleEntries ?? 10_000,
    validation: options.validation ?? 'strict',
    faults,
    variants,
  }
}

/** The store (its index held back under eventual-search), and for a file database its checkpointer thread. */
async function openStore(options: ServerOptions, variants: Variants, faults: Faults) {
  const store = new Store(options.db ?? ':memory:', variants.has('opaque-version-ids') ? OPAQUE_VERSION_IDS : NUMERIC_VERSION_IDS)
  // strong-consistency-ignored: the index lags, and the header that should see past it is ignored.
  // Its lag is at least 30 s, so that a search sent right after a write falls inside it however
  // busy the machine (with the variant's own short lag, a slow moment would hide the fault).
  const lagMs = options.indexLagMs ?? 2000
  store.keepsStaleIndexRows = faults.has('search-old-versions-match')
  if (faults.has('strong-consistency-ignored')) store.indexLag = new IndexLag(Math.max(lagMs, 30_000))
  else if (variants.has('eventual-search')) store.indexLag = new IndexLag(lagMs)
  return { store, checkpointer: await Checkpointer.start(store.db, store.path) }
}

/** Reader threads when asked for and possible: a file database, and no index lag held on this thread. */
async function startReaders(options: ServerOptions, env: Env, variants: Variants): Promise<ReaderPool | undefined> {
  const count = options.readers ?? 0
  const db = options.db ?? ':memory:'
  if (count <= 0 || db === ':memory:' || db === '' || variants.has('eventual-search')) return undefined
  return ReaderPool.start(count, {
    db,
    base: env.base,
    maxCount: env.maxCount,
    maxBundleEntries: env.maxBundleEntries,
    validation: env.validation,
    faults: [...(env.faults ?? [])],
    variants: [...variants],
    ...(env.smart ? { smart: env.smart } : {}),
  })
}

/** The bulk services; if they cannot start (the spool directory), the store is closed before the error goes up. */
function openBulk(options: ServerOptions, store: Store, base: () => string, faults: Faults, variants: Variants): BulkServices {
  try {
    return bulkServices({
      store,
      db: options.db ?? ':memory:',
      base,
      datastoreId: options.datastoreId ?? 'local',
      faults,
      variants,
      requiresAccessToken: (options.auth ?? 'none') !== 'none',
      s3: options.s3,
      exportDir: options.exportDir,
      exportTtlMs: options.exportTtlMs,
      retryAfterSeconds: options.retryAfterSeconds,
      legacyExport: options.createdAt !== undefined && options.createdAt < LEGACY_EXPORT_BEFORE,
      importAllowHosts: options.importAllowHosts,
      importBatchLines: options.importBatchLines,
      prepareThreads: options.prepareThreads,
    })
  } catch (err) {
    store.close()
    throw err
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: Context) {
  let reply: WireReply
  try {
    reply = await route(req, ctx)
  } catch (err) {
    reply = toReply(err)
    // non-outcome-401: a refused token is answered the OAuth way (RFC 6750 names no body), as many gateways do.
    if (reply.status === 401 && ctx.env.variants?.has('non-outcome-401')) reply = { ...reply, body: { error: 'invalid_token' }, json: true }
  }
  const method = req.method ?? 'GET'
  if (reply.text !== undefined) {
    res.writeHead(reply.status, { 'Content-Type': FHIR_JSON, ...reply.headers })
    res.end(method === 'HEAD' ? undefined : reply.text)
    return
  }
  if (reply.file) {
    await sendFile(res, reply, reply.file, method)
    return
  }
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

/** A spooled file, streamed: memory holds a read buffer, not the file. Gone meanwhile (expired, deleted): 404. */
async function sendFile(res: ServerResponse, reply: WireReply, file: SpooledFile, method: string) {
  let fh: FileHandle
  try {
    fh = await open(file.path, 'r')
  } catch {
    const gone = toReply(notFound('the export file (it has expired or its job was deleted)'))
    res.writeHead(gone.status, { 'Content-Type': FHIR_JSON })
    res.end(serialize(gone.body))
    return
  }
  res.writeHead(reply.status, { 'Content-Length': String(file.size), ...reply.headers })
  if (method === 'HEAD') {
    await fh.close()
    res.end()
    return
  }
  // pipeline closes the file and, if the client goes away or the read fails, the response.
  await pipeline(fh.createReadStream(), res).catch(() => undefined)
}
