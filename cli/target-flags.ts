// The flags every command that talks to a target shares (seed, import, conform, load), and what
// they share around a run: its stop (Ctrl-C, --max-duration), the start-up checks, results of a run
// that could not start.
import { withProfileHeaders } from '../profiles/index.js'
import type { Argv } from 'yargs'
import { join } from 'node:path'
import { mkdir } from 'node:fs/promises'
import { RunStoppedError, TargetUnreachableError, UsageError } from '../lib/errors.js'
import type { TargetClient } from '../lib/target/client.js'
import { writeResults, type RunRecorder } from '../lib/results/writer.js'
import { RunControl } from '../lib/run-control.js'
import { loadSigningKey } from '../lib/keys.js'
import { parseDuration } from '../engine/http.js'
import type { CommandContext } from './context.js'
import { resolveTarget, TARGET_PROFILES, type TargetConfig } from '../lib/target/config.js'

export interface TargetArgs {
  target?: string
  'target-profile'?: string
  auth?: string
  token?: string
  'client-id'?: string
  'client-secret'?: string
  'key-file'?: string
  'key-id'?: string
  scope?: string
  region?: string
  config?: string
  'ca-file'?: string
  'max-retry-after'?: number
  'request-timeout'?: number
  'max-response-mb'?: number
  'max-duration'?: string
}

export function targetOptions(y: Argv): Argv {
  return y
    .option('target', { type: 'string', describe: 'FHIR base URL (or SHORELINE_TARGET, or shoreline.config.json)' })
    .option('target-profile', {
      choices: [...TARGET_PROFILES],
      describe: 'Target profile: its limits and documented deviations (or SHORELINE_TARGET_PROFILE; default: healthlake for *.healthlake.*.amazonaws.com, else generic)',
    })
    .option('auth', { choices: ['none', 'bearer', 'client-secret', 'backend', 'sigv4'], describe: 'How to authenticate (or SHORELINE_AUTH; default none)' })
    .option('token', { type: 'string', describe: 'Bearer token for --auth bearer (better: SHORELINE_TOKEN)' })
    .option('client-id', { type: 'string', describe: 'SMART client id (or SHORELINE_CLIENT_ID)' })
    .option('client-secret', { type: 'string', describe: 'Client secret for --auth client-secret (better: SHORELINE_CLIENT_SECRET)' })
    .option('key-file', { type: 'string', describe: 'Private key (JWK or PKCS#8 PEM) for --auth backend (or SHORELINE_KEY_FILE)' })
    .option('key-id', { type: 'string', describe: "kid of that key as registered with the server (default: the JWK's kid; or SHORELINE_KEY_ID)" })
    .option('scope', { type: 'string', describe: 'Scopes to request (default: the system/ scopes the target lists in scopes_supported, else system/*.cruds)' })
    .option('max-retry-after', { type: 'number', default: 60, describe: 'Longest Retry-After (seconds) to wait on a 429/503; a longer one fails the request with the reason' })
    .option('request-timeout', {
      type: 'number',
      describe: "Seconds one request may take, connecting to the last byte of the answer (default 30, or timeoutMs in the config file; load: a script's own timeout, else k6's 60)",
    })
    .option('max-response-mb', { type: 'number', describe: 'Largest answer to read, MB (default 16; bulk export files up to 256); a larger one fails the request' })
    .option('max-duration', { type: 'string', describe: 'Stop the whole run after this long (30s, 10m, 2h; at most 168h), writing what finished' })
    .option('region', { type: 'string', describe: 'AWS region for --auth sigv4 (default from the endpoint or AWS_REGION)' })
    .option('config', { type: 'string', describe: 'Config file (default ./shoreline.config.json if present)' })
    .option('ca-file', {
      type: 'string',
      describe: "PEM certificates to trust besides the system's roots: a target behind a private CA, or `serve --tls`'s certificate (or SHORELINE_CA_FILE, or caFile)",
    })
}

export function targetFrom(a: TargetArgs): TargetConfig {
  const maxRetryAfter = a['max-retry-after'] ?? 60
  if (!(Number.isFinite(maxRetryAfter) && maxRetryAfter >= 0 && maxRetryAfter <= 3600))
    throw new UsageError(`--max-retry-after must be seconds from 0 to 3600, got ${JSON.stringify(String(a['max-retry-after']))}`)
  const target = withProfileHeaders(
    resolveTarget({
      target: a.target,
      targetProfile: a['target-profile'],
      auth: a.auth,
      token: a.token,
      clientId: a['client-id'],
      clientSecret: a['client-secret'],
      keyFile: a['key-file'],
      keyId: a['key-id'],
      scope: a.scope,
      region: a.region,
      config: a.config,
      caFile: a['ca-file'],
    }),
  )
  // A key file that cannot be read is the user's input: one line, exit 2, before anything is sent
  // (otherwise every request would fail for want of a token).
  if (target.auth.kind === 'backend') loadSigningKey(target.auth.keyFile, { alg: target.auth.alg, kid: target.auth.kid, rsaAlg: 'RS384' }, '--key-file')
  const timeout = a['request-timeout']
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout >= 0.1 && timeout <= 3600))
    throw new UsageError(`--request-timeout must be seconds from 0.1 to 3600, got ${JSON.stringify(String(timeout))}`)
  const mb = a['max-response-mb']
  if (mb !== undefined && !(Number.isFinite(mb) && mb >= 1 && mb <= 4096)) throw new UsageError(`--max-response-mb must be 1 to 4096, got ${JSON.stringify(String(mb))}`)
  return {
    ...target,
    maxRetryAfterS: maxRetryAfter,
    ...(timeout !== undefined ? { timeoutMs: Math.round(timeout * 1000) } : {}),
    ...(mb !== undefined ? { maxResponseBytes: Math.round(mb * 1024 * 1024) } : {}),
  }
}

/** The longest run a duration flag may ask for: a week (a longer one is a typo, and overflows timers). */
export const MAX_RUN_MS = 7 * 24 * 3_600_000

/** A duration flag as k6 reads it (`30s`, `1m30s`, `2h`): from 1 s to a week, or a usage error naming the flag. */
export function parseRunDuration(text: string, flag: string): number {
  let ms: number
  try {
    ms = parseDuration(text, flag)
  } catch {
    throw new UsageError(`${flag} must be a duration like 30s, 10m or 1h30m, got ${JSON.stringify(text)}`)
  }
  if (!(ms >= 1000 && ms <= MAX_RUN_MS)) throw new UsageError(`${flag} must be between 1s and 168h, got ${JSON.stringify(text)}`)
  return ms
}

/** --max-duration, checked (call it before anything is written or sent). */
export function maxDurationMs(a: TargetArgs): number | undefined {
  return a['max-duration'] === undefined ? undefined : parseRunDuration(String(a['max-duration']), '--max-duration')
}

/** The run's stop: the first Ctrl-C or SIGTERM, or --max-duration, whichever comes first. */
export function runControl(a: TargetArgs, ctx: CommandContext): RunControl {
  return new RunControl(ctx.signal, maxDurationMs(a), a['max-duration'])
}

/**
 * The start-up check of seed, import and load: a target that does not answer is one line and exit 3,
 * and the run's results.json says so too (a CI job still has its artefact).
 */
export async function assertTargetAnswers(client: TargetClient, consequence: string, out: string, recorder: RunRecorder, target: TargetConfig): Promise<void> {
  try {
    await client.assertAnswers(consequence)
  } catch (err) {
    if (err instanceof TargetUnreachableError || err instanceof RunStoppedError) await recordFailedRun(out, recorder, target, err.message, 'start')
    throw err
  }
}

/** results.json of a run that could not start or could not finish: verdict error, with why and where (and what is known). */
export async function recordFailedRun(
  out: string,
  recorder: RunRecorder,
  target: TargetConfig,
  message: string,
  where: string,
  summary: Record<string, number> = {},
): Promise<void> {
  await mkdir(out, { recursive: true })
  await writeResults(
    join(out, 'results.json'),
    recorder.finish({ verdict: 'error', target: { url: target.url, profile: target.profile, auth: target.auth.kind }, summary, errors: [{ message, where }] }),
  )
}

/**
 * The credentials the run will sign with exist (SigV4: the AWS credential chain resolves), checked
 * before anything is written or sent: none is the user's setup to fix, one line and exit 2, rather
 * than every request failing.
 */
export async function assertCredentials(target: TargetConfig): Promise<void> {
  if (target.auth.kind !== 'sigv4') return
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers')
  try {
    await fromNodeProviderChain()()
  } catch (err) {
    throw new UsageError(`--auth sigv4: no AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO or an instance role): ${(err as Error).message}`)
  }
}
