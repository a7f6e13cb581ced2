// `shoreline serve`: the embedded reference server on a loopback port.
import type { CommandSpec } from '../command.js'
import type { CommandContext } from '../context.js'
import { DEFAULT_SIGV4, startServer, type AuthMode, type RunningServer } from '../../server/http/server.js'
import { FAULTS, parseFaults, type FaultName } from '../../server/faults/catalogue.js'
import { parseVariants, VARIANTS, type VariantName } from '../../server/variants/catalogue.js'
import { PRESETS, type Preset, type PresetName } from '../../server/presets.js'
import { parseImportQuotas, type ImportQuotas } from '../../server/healthlake/quotas.js'
import { parseCapacity, type Capacity } from '../../server/http/capacity.js'
import { readAuthConfig } from '../../server/auth/config.js'
import type { AuthConfig } from '../../server/auth/clients.js'
import { loadHandlerModule } from '../../server/auth/lambda.js'
import { loadDataset } from '../../server/store/preload.js'
import { ExitCode, UsageError } from '../../lib/errors.js'
import { registerSecret } from '../../lib/redact.js'
import { fmt } from '../progress.js'
import { generatorLexicon } from '../nlp-lexicon.js'
import { VALIDATION_LEVELS, type ValidationLevel } from '../../lib/validation/levels.js'
import { selfSignedCertificate, type TlsOptions } from '../../server/http/listener.js'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

interface Args {
  port: number
  host: string
  db: string
  'datastore-id': string
  load?: string
  auth: AuthMode
  'auth-config'?: string
  'lambda-handler'?: string
  fault: string[]
  'list-faults': boolean
  variant: string[]
  'list-variants': boolean
  's3-endpoint'?: string
  's3-region': string
  'import-allow-host': string[]
  'describe-tps'?: number
  'import-quotas'?: string
  capacity?: string
  'rate-limit'?: number
  validation: ValidationLevel
  'max-count': number
  'max-bundle-entries': number
  'index-lag-ms': number
  readers: number
  preset?: PresetName
  'created-at'?: string
  nlp: boolean
  'nlp-delay-ms': number
  'sign-in': boolean
  tls: boolean
  'tls-cert'?: string
  'tls-key'?: string
}

export const serveCommand: CommandSpec<Args> = {
  command: 'serve',
  exits: [0, 2, 70],
  describe: 'Run the embedded reference server: a FHIR R4 server on SQLite, HealthLake-shaped URLs',
  builder: (y) =>
    y
      .option('port', { type: 'number', default: 0, describe: 'Port (0: any free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on' })
      .option('db', { type: 'string', default: ':memory:', describe: 'SQLite file, or :memory:' })
      .option('datastore-id', { type: 'string', default: 'local', describe: 'Data store id in the base URL' })
      .option('load', { type: 'string', describe: 'Load a generated dataset (its ndjson/) before serving' })
      .option('auth', {
        choices: ['smart', 'none', 'sigv4'] as const,
        default: 'smart' as AuthMode,
        describe: 'FHIR API authorization: SMART tokens checked through the Lambda contract, none, or SigV4 (AWS_AUTH)',
      })
      .option('auth-config', {
        type: 'string',
        describe: 'JSON file registering SMART clients ({clients:[{client_id, jwks|jwks_url|client_secret, scope, redirect_uris?, launch?}]})',
      })
      .option('sign-in', {
        type: 'boolean',
        default: false,
        describe:
          'Authorization requests show a sign-in form and a consent page instead of being approved at once (the user from SHORELINE_LOGIN_USERNAME and SHORELINE_LOGIN_PASSWORD), as for conform --authorize-with browser',
      })
      .option('lambda-handler', { type: 'string', describe: "A module exporting a HealthLake token-validator `handler`, used in place of the server's own" })
      .option('fault', { type: 'string', array: true, default: [] as string[], describe: 'Break one rule on purpose (repeat or comma-separate); see --list-faults' })
      .option('list-faults', { type: 'boolean', default: false, describe: 'List the faults and the checks that must catch them, then exit' })
      .option('variant', {
        type: 'string',
        array: true,
        default: [] as string[],
        describe: 'Behave legally but differently, as some real servers do (repeat or comma-separate); see --list-variants',
      })
      .option('preset', {
        choices: Object.keys(PRESETS) as PresetName[],
        describe: "Behave like a product: its variants and documented deviations (healthlake: the developer guide's limits); see docs/reference-server.md",
      })
      .option('list-variants', { type: 'boolean', default: false, describe: 'List the legal variants and why each is conformant, then exit' })
      .option('s3-endpoint', { type: 'string', describe: 'S3-compatible endpoint for HealthLake import input and job output (credentials from the AWS environment)' })
      .option('s3-region', { type: 'string', default: 'us-east-1', describe: 'Region for S3' })
      .option('import-allow-host', { type: 'string', array: true, default: [] as string[], describe: 'A host $import may pull from besides loopback' })
      .option('rate-limit', { type: 'number', describe: 'FHIR requests per second before 429 with Retry-After (as HealthLake throttles)' })
      .option('describe-tps', { type: 'number', describe: 'Control-plane Describe/List calls per second before ThrottlingException' })
      .option('capacity', {
        type: 'string',
        describe:
          "HealthLake's capacity model: 'healthlake' (its per-store quotas) or reads=,writes=,search=,bundles= units a second; writes cost a unit per KB, ×2 in a transaction, ×2 with strong consistency; over them 429 ThrottlingException",
      })
      .option('import-quotas', {
        type: 'string',
        describe: 'HealthLake import quotas, e.g. files=10000,fileMB=50,jobGB=50,queued=25,startTps=25 (the defaults): over them a job ends FAILED with a Message',
      })
      .option('validation', {
        choices: VALIDATION_LEVELS,
        default: 'strict' as ValidationLevel,
        describe: 'Validation of writes (a request may name another in x-amzn-healthlake-fhir-validation-level)',
      })
      .option('max-count', { type: 'number', default: 1000, describe: 'Largest search page; a larger _count is capped' })
      .option('max-bundle-entries', { type: 'number', default: 10000, describe: 'Most entries in a batch or transaction (413 above)' })
      .option('created-at', {
        type: 'string',
        describe: "The data store's CreatedAt (ISO date; default now); before 2023-06-01 FHIR $export is system-wide only, as on such HealthLake stores",
      })
      .option('readers', {
        type: 'number',
        default: 2,
        describe:
          'Reader threads answering reads and searches beside writes, with --db FILE, plus one at low priority for long searches (0: everything on one thread; :memory: always one)',
      })
      .option('nlp', {
        type: 'boolean',
        default: false,
        describe:
          "HealthLake's integrated NLP, emulated: DocumentReference text enriched after each write (extensions, generated Condition/Observation/MedicationStatement and Linkage, readable, not searchable)",
      })
      .option('nlp-delay-ms', { type: 'number', default: 200, describe: 'With --nlp: ms after a write before its document is enriched' })
      .option('tls', {
        type: 'boolean',
        default: false,
        describe:
          'Serve HTTPS (TLS 1.2 or later), as HealthLake does, with a self-signed certificate made at start; its certificate is written to a file named on stderr, for --ca-file',
      })
      .option('tls-cert', { type: 'string', describe: 'With --tls: serve this PEM certificate (chain) instead, with --tls-key' })
      .option('tls-key', { type: 'string', describe: 'With --tls-cert: its PEM private key' })
      .option('index-lag-ms', { type: 'number', default: 2000, describe: 'With --variant eventual-search: ms before a write shows in search results' })
      .example('$0 serve --port 8080', 'Serve on http://127.0.0.1:8080/datastore/local/r4/'),
  async run(a, ctx) {
    if (a['list-variants']) {
      if (ctx.json) ctx.emitJson(VARIANTS)
      else for (const v of VARIANTS) ctx.say(`${v.name.padEnd(30)} ${v.does} — legal: ${v.legalBecause}`)
      return ExitCode.ok
    }
    let variants: VariantName[]
    try {
      variants = [...parseVariants(a.variant)]
    } catch (err) {
      throw new UsageError(`--variant: ${(err as Error).message}`)
    }
    const preset = a.preset ? PRESETS[a.preset] : undefined
    if (preset) variants = [...new Set([...variants, ...preset.variants])]
    if (a['list-faults']) {
      if (ctx.json) ctx.emitJson(FAULTS)
      else for (const f of FAULTS) ctx.say(`${f.name.padEnd(38)} ${f.area.padEnd(16)} ${f.breaks} [${f.checks.join(', ')}]`)
      return ExitCode.ok
    }
    let faults: FaultName[]
    try {
      faults = [...new Set([...parseFaults(a.fault), ...(preset?.faults ?? [])])]
    } catch (err) {
      throw new UsageError(`--fault: ${(err as Error).message}`)
    }
    if (a['rate-limit'] !== undefined && !(Number.isInteger(a['rate-limit']) && a['rate-limit'] > 0))
      throw new UsageError(`--rate-limit must be a whole number ≥ 1, got ${a['rate-limit']}`)
    let capacity: Capacity | undefined
    try {
      capacity = a.capacity === undefined ? undefined : parseCapacity(a.capacity)
    } catch (err) {
      throw new UsageError(`--capacity: ${(err as Error).message}`)
    }
    let importQuotas: ImportQuotas | undefined
    try {
      importQuotas = a['import-quotas'] === undefined ? undefined : parseImportQuotas(a['import-quotas'])
    } catch (err) {
      throw new UsageError(`--import-quotas: ${(err as Error).message}`)
    }
    if (a['describe-tps'] !== undefined && !(a['describe-tps'] > 0)) throw new UsageError(`--describe-tps must be a positive number, got ${a['describe-tps']}`)
    if (a.auth !== 'smart' && (a['auth-config'] || a['lambda-handler'])) throw new UsageError('--auth-config and --lambda-handler need --auth smart')
    const authConfig = authConfigOf(a)
    let tokenValidator
    if (a['lambda-handler']) {
      try {
        tokenValidator = await loadHandlerModule(a['lambda-handler'])
      } catch (err) {
        throw new UsageError(`--lambda-handler ${a['lambda-handler']}: ${(err as Error).message.split('\n')[0]}`)
      }
    }
    if (a['s3-endpoint'] && !/^https?:\/\//.test(a['s3-endpoint'])) throw new UsageError(`--s3-endpoint must be an http(s) URL, got ${JSON.stringify(a['s3-endpoint'])}`)
    if (!/^[A-Za-z0-9-]{1,32}$/.test(a['datastore-id'])) throw new UsageError(`--datastore-id must be 1–32 letters, digits or dashes, got ${JSON.stringify(a['datastore-id'])}`)
    if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535) throw new UsageError(`--port must be 0–65535, got ${a.port}`)
    for (const k of ['max-count', 'max-bundle-entries'] as const) if (!Number.isInteger(a[k]) || a[k] < 1) throw new UsageError(`--${k} must be a whole number ≥ 1, got ${a[k]}`)
    const createdAt = a['created-at'] === undefined ? undefined : Date.parse(a['created-at'])
    if (createdAt !== undefined && (Number.isNaN(createdAt) || createdAt > Date.now()))
      throw new UsageError(`--created-at must be a past ISO date, got ${JSON.stringify(a['created-at'])}`)
    if (!Number.isInteger(a.readers) || a.readers < 0 || a.readers > 16) throw new UsageError(`--readers must be a whole number 0–16, got ${a.readers}`)
    for (const k of ['index-lag-ms', 'nlp-delay-ms'] as const)
      if (!Number.isInteger(a[k]) || a[k] < 0 || a[k] > 600_000) throw new UsageError(`--${k} must be a whole number 0–600000, got ${a[k]}`)
    const tls = await tlsOf(a)
    const server = await startServer({
      ...(tls ? { tls: tls.options } : {}),
      variants,
      readers: a.readers,
      port: a.port,
      host: a.host,
      db: a.db,
      datastoreId: a['datastore-id'],
      validation: a.validation,
      maxCount: a['max-count'],
      maxBundleEntries: a['max-bundle-entries'],
      indexLagMs: a['index-lag-ms'],
      createdAt,
      auth: a.auth,
      authConfig,
      tokenValidator,
      faults,
      s3: a['s3-endpoint'] ? { endpoint: a['s3-endpoint'], region: a['s3-region'], forcePathStyle: true } : { region: a['s3-region'] },
      importAllowHosts: a['import-allow-host'].length ? ['127.0.0.1', 'localhost', '::1', '[::1]', ...a['import-allow-host']] : undefined,
      describeTps: a['describe-tps'],
      importQuotas,
      sigv4Credentials: sigv4FromEnv(),
      rateLimit: a['rate-limit'],
      capacity,
      ...(a.nlp ? { nlp: { lexicon: generatorLexicon(), delayMs: a['nlp-delay-ms'] } } : {}),
    }).catch(async (err: NodeJS.ErrnoException) => {
      // The certificate made for this server goes with it.
      if (tls?.caFile) await rm(dirname(tls.caFile), { recursive: true, force: true })
      if (err.code === 'EADDRINUSE') throw new UsageError(`--port ${a.port} is in use`)
      if (String(err.code).startsWith('ERR_OSSL')) throw new UsageError(`--tls-cert ${a['tls-cert']} --tls-key ${a['tls-key']}: cannot serve them (${err.message})`)
      if (String(err.code).startsWith('SQLITE_')) throw new UsageError(`--db ${a.db} cannot be opened: ${err.message}`)
      if (err.syscall === 'mkdir') throw new UsageError(`--db ${a.db}: its export directory cannot be created (${err.message})`)
      if (err.syscall === 'listen' || err.syscall === 'getaddrinfo') throw new UsageError(`--host ${a.host} --port ${a.port}: cannot listen there (${err.message})`)
      throw err // not the user's input (a reader thread that cannot start, say): an internal error, exit 70
    })
    if (a.load) {
      try {
        const n = await loadDataset(server.store, a.load)
        ctx.note(`loaded ${fmt(n)} resources from ${a.load}`)
      } catch (err) {
        await server.close()
        throw err
      }
    }
    // Signals are taken over before the URL is printed: one sent on seeing it stops the server cleanly (exit 0).
    const signal = ctx.signal
    ctx.say(server.url)
    announce(ctx, a, server, faults, variants, { tokenValidator: !!tokenValidator, authConfig, preset, caFile: tls?.caFile })
    if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
    await server.close()
    if (tls?.caFile) await rm(dirname(tls.caFile), { recursive: true, force: true })
    ctx.note('stopped')
    return ExitCode.ok
  },
}

/** What `serve` says once it listens: TLS, auth, the control plane, what is switched on; and the JSON line. */
function announce(
  ctx: CommandContext,
  a: Args,
  server: RunningServer,
  faults: FaultName[],
  variants: VariantName[],
  o: { tokenValidator: boolean; authConfig?: AuthConfig; preset?: Preset; caFile?: string },
): void {
  if (o.caFile) ctx.note(`TLS: a self-signed certificate for ${a.host}; trust it with --ca-file ${o.caFile}`)
  else if (a.tls) ctx.note(`TLS: serving ${a['tls-cert']}`)
  const checkedBy = o.tokenValidator ? `; tokens checked by ${a['lambda-handler']}` : ''
  if (a.auth === 'smart') ctx.note(`SMART: ${server.auth!.config.clients.length} client(s) registered; discovery at ${server.url}.well-known/smart-configuration${checkedBy}`)
  const keyId = (sigv4FromEnv()?.[0] ?? DEFAULT_SIGV4).accessKeyId
  if (a.auth === 'sigv4') ctx.note(`SigV4: service healthlake, access key ${keyId}`)
  ctx.note(`HealthLake control plane at ${server.origin}/ (SigV4, access key ${keyId})`)
  if (o.preset) ctx.note(`preset ${o.preset.name}: ${o.preset.does}; conform with --target-profile ${o.preset.profile}`)
  if (a['sign-in']) ctx.note(`sign-in: authorization requests ask ${o.authConfig?.signIn?.username} to sign in and allow`)
  if (a.nlp) ctx.note(`integrated NLP on (emulated): DocumentReferences enriched ${a['nlp-delay-ms']} ms after they are written`)
  if (faults.length) ctx.note(`faults on: ${faults.join(', ')}`)
  if (variants.length) ctx.note(`variants on: ${variants.join(', ')}`)
  ctx.emitJson({
    url: server.url,
    origin: server.origin,
    auth: a.auth,
    ...(server.auth ? { tokenEndpoint: server.auth.tokenUrl } : {}),
    ...(o.caFile ? { caFile: o.caFile } : {}),
    faults,
  })
}

/** SigV4 credentials the server accepts: SHORELINE_SIGV4_ACCESS_KEY_ID / _SECRET_ACCESS_KEY, else the documented test pair. */
function sigv4FromEnv() {
  const accessKeyId = process.env.SHORELINE_SIGV4_ACCESS_KEY_ID
  const secretAccessKey = process.env.SHORELINE_SIGV4_SECRET_ACCESS_KEY
  if (!accessKeyId && !secretAccessKey) return undefined
  if (!accessKeyId || !secretAccessKey) throw new UsageError('set both SHORELINE_SIGV4_ACCESS_KEY_ID and SHORELINE_SIGV4_SECRET_ACCESS_KEY, or neither')
  return [{ accessKeyId, secretAccessKey }]
}

/** --auth-config's clients, and with --sign-in the test user from the environment (never argv). */
function authConfigOf(a: Args): AuthConfig | undefined {
  const authConfig = a['auth-config'] ? readAuthConfig(a['auth-config']) : undefined
  if (!a['sign-in']) return authConfig
  if (a.auth !== 'smart') throw new UsageError('--sign-in needs --auth smart')
  const username = process.env.SHORELINE_LOGIN_USERNAME
  const password = process.env.SHORELINE_LOGIN_PASSWORD
  if (!username || !password) throw new UsageError('--sign-in needs the test user in SHORELINE_LOGIN_USERNAME and SHORELINE_LOGIN_PASSWORD')
  registerSecret(password)
  return { ...(authConfig ?? { clients: [] }), signIn: { username, password } }
}

/**
 * --tls: the key and certificate served, from --tls-cert/--tls-key or made here (self-signed, for
 * --host and the loopback names). A made certificate is written to a fresh folder for clients to
 * trust (its key never leaves the process), removed when the server stops.
 */
async function tlsOf(a: Args): Promise<{ options: TlsOptions; caFile?: string } | undefined> {
  if ((a['tls-cert'] === undefined) !== (a['tls-key'] === undefined)) throw new UsageError('--tls-cert and --tls-key go together')
  if (!a.tls) {
    if (a['tls-cert']) throw new UsageError('--tls-cert and --tls-key need --tls')
    return undefined
  }
  if (a['tls-cert'] && a['tls-key']) {
    const read = (flag: string, file: string, marker: RegExp) => {
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch (err) {
        throw new UsageError(`--${flag} ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
      }
      if (!marker.test(text)) throw new UsageError(`--${flag} ${file}: not a PEM ${flag === 'tls-cert' ? 'certificate' : 'private key'}`)
      return text
    }
    return { options: { cert: read('tls-cert', a['tls-cert'], /-----BEGIN CERTIFICATE-----/), key: read('tls-key', a['tls-key'], /-----BEGIN [A-Z ]*PRIVATE KEY-----/) } }
  }
  const options = await selfSignedCertificate([a.host, 'localhost', '127.0.0.1', '::1'])
  const caFile = join(await mkdtemp(join(tmpdir(), 'shoreline-serve-tls-')), 'certificate.pem')
  await writeFile(caFile, options.cert)
  return { options, caFile }
}
