// A target = FHIR base URL + target profile + auth, from flags, then environment (SHORELINE_*), then
// `shoreline.config.json` in the working folder; checked with ajv so an error names the field.
// Shared by seed, import, conform and load (built once).
import { existsSync, readFileSync } from 'node:fs'
import { X509Certificate } from 'node:crypto'
import type { ValidateFunction } from 'ajv'
import { newAjv } from '../validation/ajv.js'
import { InputError, UsageError } from '../errors.js'
import { registerSecret } from '../redact.js'

export type TargetAuth =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'client-secret'; clientId: string; clientSecret: string; scope: string; scopeFromDiscovery?: boolean; method?: 'basic' | 'post'; tokenUrl?: string }
  | { kind: 'backend'; clientId: string; keyFile: string; scope: string; scopeFromDiscovery?: boolean; alg?: 'RS384' | 'ES384'; kid?: string; tokenUrl?: string }
  | { kind: 'sigv4'; region?: string; service?: string }

export const TARGET_PROFILES = ['generic', 'healthlake', 'medplum'] as const
export type TargetProfileName = (typeof TARGET_PROFILES)[number]

export interface TargetConfig {
  /** The FHIR base, ending in `/`. */
  url: string
  /** The target profile (profiles/): limits and documented deviations. */
  profile: TargetProfileName
  auth: TargetAuth
  /** Per-request timeout, ms. */
  timeoutMs: number
  /** Headers sent on every FHIR request: the profile's (e.g. HealthLake's consistency level), then the config file's (an empty value drops one). */
  headers?: Record<string, string>
  /** The header that makes a create idempotent on this target (the profile's), sent by loaders with a key per resource. */
  idempotencyHeader?: string
  /** The longest Retry-After honoured, seconds (--max-retry-after; default 60): beyond it a request fails with the reason. */
  maxRetryAfterS?: number
  /** The largest answer read (--max-response-mb; default 16 MB): a larger one fails the request, saying so. */
  maxResponseBytes?: number
  /** PEM certificates trusted besides the system's roots (--ca-file): a target behind a private CA, or `serve --tls`. */
  ca?: string
}

const authSchema = {
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['kind'], properties: { kind: { const: 'none' } } },
    { type: 'object', additionalProperties: false, required: ['kind', 'token'], properties: { kind: { const: 'bearer' }, token: { type: 'string', minLength: 1 } } },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'clientId', 'clientSecret', 'scope'],
      properties: {
        kind: { const: 'client-secret' },
        clientId: { type: 'string', minLength: 1 },
        clientSecret: { type: 'string', minLength: 1 },
        scope: { type: 'string', minLength: 1 },
        method: { enum: ['basic', 'post'] },
        tokenUrl: { type: 'string', pattern: '^https?://' },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'clientId', 'keyFile', 'scope'],
      properties: {
        kind: { const: 'backend' },
        clientId: { type: 'string', minLength: 1 },
        keyFile: { type: 'string', minLength: 1 },
        scope: { type: 'string', minLength: 1 },
        alg: { enum: ['RS384', 'ES384'] },
        kid: { type: 'string' },
        tokenUrl: { type: 'string', pattern: '^https?://' },
      },
    },
    { type: 'object', additionalProperties: false, required: ['kind'], properties: { kind: { const: 'sigv4' }, region: { type: 'string' }, service: { type: 'string' } } },
  ],
}

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    target: { type: 'string', pattern: '^https?://' },
    targetProfile: { enum: TARGET_PROFILES },
    /** The old spelling of targetProfile, still read for one release. */
    profile: { enum: TARGET_PROFILES },
    auth: authSchema,
    timeoutMs: { type: 'integer', minimum: 100 },
    /** A PEM file of certificates to trust besides the system's roots. */
    caFile: { type: 'string', minLength: 1 },
    /** Headers on every FHIR request, over the profile's; an empty value drops a profile header. */
    headers: { type: 'object', additionalProperties: { type: 'string' } },
  },
}

interface ConfigFile {
  target?: string
  targetProfile?: TargetProfileName
  profile?: TargetProfileName
  auth?: TargetAuth
  timeoutMs?: number
  caFile?: string
  headers?: Record<string, string>
}

// Compiled when a config file is read, not when the module loads: most runs have none, and
// compiling costs every process that loads this module (each CLI run) a few tens of milliseconds.
let compiled: ValidateFunction<ConfigFile> | undefined
const validator = (): ValidateFunction<ConfigFile> => (compiled ??= newAjv({ strict: false, allErrors: false }).compile<ConfigFile>(schema))

export interface TargetFlags {
  target?: string
  targetProfile?: string
  auth?: string
  token?: string
  clientId?: string
  clientSecret?: string
  keyFile?: string
  keyId?: string
  scope?: string
  region?: string
  config?: string
  caFile?: string
}

/** Flags over environment over the config file; throws a one-line UsageError/InputError. */
export function resolveTarget(flags: TargetFlags, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): TargetConfig {
  const path = flags.config ?? (existsSync(`${cwd}/shoreline.config.json`) ? `${cwd}/shoreline.config.json` : undefined)
  let file: ReturnType<typeof readConfig> = {}
  if (path) file = readConfig(path)
  const url = flags.target ?? env.SHORELINE_TARGET ?? file.target
  if (!url) throw new UsageError('no target: pass --target URL, set SHORELINE_TARGET, or name one in shoreline.config.json')
  let base: URL
  try {
    base = new URL(url)
  } catch {
    throw new UsageError(`--target ${JSON.stringify(url)} is not a URL`)
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new UsageError(`--target must be http(s), got ${base.protocol}`)
  const named = flags.targetProfile ?? env.SHORELINE_TARGET_PROFILE ?? env.SHORELINE_PROFILE ?? file.targetProfile ?? file.profile
  const profile = named ?? (/healthlake\.[a-z0-9-]+\.amazonaws\.com$/.test(base.hostname) ? 'healthlake' : 'generic')
  if (!isTargetProfile(profile)) throw new UsageError(`--target-profile must be ${TARGET_PROFILES.join(', ')}, got ${JSON.stringify(profile)}`)
  const kind = flags.auth ?? env.SHORELINE_AUTH
  const auth = kind ? authFrom(kind, flags, env) : (file.auth ?? { kind: 'none' })
  // The run's secrets are redacted in every form they travel in (base64 Basic pairs included).
  if (auth.kind === 'client-secret') registerSecret(auth.clientSecret, auth.clientId)
  if (auth.kind === 'bearer') registerSecret(auth.token)
  // The config file's headers as written; cli adds the profile's beneath them (profiles/index.ts withProfileHeaders).
  const headers = Object.fromEntries(Object.entries(file.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
  const caFile = flags.caFile ?? env.SHORELINE_CA_FILE ?? file.caFile
  const ca = caFile === undefined ? undefined : readCertificates(caFile)
  return { url: base.toString().replace(/\/?$/, '/'), profile, auth, timeoutMs: file.timeoutMs ?? 30_000, headers, ...(ca ? { ca } : {}) }
}

/** The PEM certificates in `file` (--ca-file), or a one-line InputError saying what is wrong with it. */
function readCertificates(file: string): string {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new InputError(`--ca-file ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
  }
  const certs = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
  if (certs.length === 0) throw new InputError(`--ca-file ${file}: no PEM certificate in it (-----BEGIN CERTIFICATE-----)`)
  for (const pem of certs) {
    try {
      new X509Certificate(pem)
    } catch (err) {
      throw new InputError(`--ca-file ${file}: a certificate in it cannot be read (${(err as Error).message})`)
    }
  }
  return certs.join('\n')
}

function isTargetProfile(name: string): name is TargetProfileName {
  return (TARGET_PROFILES as readonly string[]).includes(name)
}

/** The scope asked for when none is named and the target lists no system scopes. */
export const DEFAULT_SCOPE = 'system/*.cruds'

function authFrom(kind: string, f: TargetFlags, env: NodeJS.ProcessEnv): TargetAuth {
  const need = (value: string | undefined, flag: string, envName: string) => {
    if (!value) throw new UsageError(`--auth ${kind} needs --${flag} (or ${envName})`)
    return value
  }
  const scope = f.scope ?? env.SHORELINE_SCOPE
  switch (kind) {
    case 'none':
      return { kind }
    case 'bearer':
      return { kind, token: need(f.token ?? env.SHORELINE_TOKEN, 'token', 'SHORELINE_TOKEN') }
    case 'client-secret':
      return {
        kind,
        clientId: need(f.clientId ?? env.SHORELINE_CLIENT_ID, 'client-id', 'SHORELINE_CLIENT_ID'),
        clientSecret: need(f.clientSecret ?? env.SHORELINE_CLIENT_SECRET, 'client-secret', 'SHORELINE_CLIENT_SECRET'),
        // Not named: the system scopes the target lists in scopes_supported (lib/target/auth.ts), else system/*.cruds.
        scope: scope ?? DEFAULT_SCOPE,
        ...(scope ? {} : { scopeFromDiscovery: true }),
      }
    case 'backend':
      return {
        kind,
        clientId: need(f.clientId ?? env.SHORELINE_CLIENT_ID, 'client-id', 'SHORELINE_CLIENT_ID'),
        keyFile: need(f.keyFile ?? env.SHORELINE_KEY_FILE, 'key-file', 'SHORELINE_KEY_FILE'),
        scope: scope ?? DEFAULT_SCOPE,
        ...(scope ? {} : { scopeFromDiscovery: true }),
        ...((f.keyId ?? env.SHORELINE_KEY_ID) ? { kid: f.keyId ?? env.SHORELINE_KEY_ID } : {}),
      }
    case 'sigv4':
      return { kind, region: f.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION }
    default:
      throw new UsageError(`--auth must be none, bearer, client-secret, backend or sigv4, got ${JSON.stringify(kind)}`)
  }
}

function readConfig(path: string) {
  let value: unknown
  try {
    value = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new InputError((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not JSON: ${(err as Error).message}`, path)
  }
  const validate = validator()
  if (!validate(value)) {
    const e = validate.errors?.[0]
    if (!e) throw new InputError('does not match the config schema', path)
    throw new InputError(`${e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)'} ${e.message}`, path)
  }
  return value
}
