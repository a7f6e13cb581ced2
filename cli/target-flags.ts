// The flags every command that talks to a target shares (seed, import; conform and load later).
import { withProfileHeaders } from '../profiles/index.js'
import type { Argv } from 'yargs'
import { UsageError } from '../lib/errors.js'
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
  'max-retry-after'?: number
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
    .option('region', { type: 'string', describe: 'AWS region for --auth sigv4 (default from the endpoint or AWS_REGION)' })
    .option('config', { type: 'string', describe: 'Config file (default ./shoreline.config.json if present)' })
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
    }),
  )
  return { ...target, maxRetryAfterS: maxRetryAfter }
}
