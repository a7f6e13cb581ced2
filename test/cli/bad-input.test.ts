// Bad input across every command: each case is one line on stderr, exit 2, no stack trace, no
// "internal error", and (for the commands that write) no --out folder — all before any request
// reaches a target (the target here refuses connections: reaching it would be exit 3).
import t, { type Test } from 'tap'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { cli, cliRun, cliTable, type CliResult } from '../helpers.js'

const dir = t.testdir({
  afile: 'not a folder',
  'bad.json': '{not json',
  'sym.jwk': JSON.stringify({ kty: 'oct', k: 'c2VjcmV0LXN5bW1ldHJpYy1rZXk' }),
  'pub.jwk': JSON.stringify({ kty: 'EC', crv: 'P-384', x: 'AAAA', y: 'BBBB' }),
  empty: {},
  badmanifest: { 'manifest.json': '{' },
  'bad-config': { 'shoreline.config.json': JSON.stringify({ target: 'http://127.0.0.1:9/r4/', auth: { kind: 'magic' } }) },
  'not-results.json': JSON.stringify({ hello: 'world' }),
  'not-a-cert.pem': 'hello',
})
const out = join(dir, 'never')
// A real (one-patient) dataset, so that a flag, not the data, is what each case gets wrong.
const ds = join(dir, 'ds')
t.equal(cli(['generate', '--patients', '1', '--seed', '2', '--out', ds, '--workers', '1', '--quiet']).code, 0, 'a one-patient dataset')
const T = ['--target', 'http://127.0.0.1:9/r4/']
const O = ['--out', out]
const f = (name: string) => join(dir, name)

/** [args, what the one line must say]. */
const CASES: Array<[string[], RegExp]> = [
  // The CLI itself
  [[], /name a command/],
  [['frobnicate'], /Unknown argument|name a command|Did you mean/i],
  [['generate', '--no-such-flag'], /Unknown argument/i],
  [['--patients', '3'], /name a command|Unknown argument/i],
  // generate
  [['generate', '--patients', 'abc', ...O], /--patients/],
  [['generate', '--patients', '0', ...O], /--patients/],
  [['generate', '--patients', '-5', ...O], /--patients/],
  [['generate', '--patients', '1.5', ...O], /--patients/],
  [['generate', '--patients', '1e12', ...O], /--patients/],
  [['generate', '--seed', 'x', ...O], /--seed/],
  [['generate', '--seed', '-1', ...O], /--seed/],
  [['generate', '--years', '0', ...O], /--years/],
  [['generate', '--years', 'many', ...O], /--years/],
  [['generate', '--years', '500', ...O], /--years/],
  [['generate', '--reference-date', 'yesterday', ...O], /--reference-date/],
  [['generate', '--reference-date', '2025-13-01', ...O], /--reference-date/],
  [['generate', '--reference-date', '2025-02-30', ...O], /--reference-date/],
  [['generate', '--shard', '3', ...O], /--shard/],
  [['generate', '--shard', '0/4', ...O], /--shard/],
  [['generate', '--shard', '5/4', ...O], /--shard/],
  [['generate', '--shard', 'a/b', ...O], /--shard/],
  [['generate', '--bundle-type', 'document', ...O], /bundle-type|Invalid values/i],
  [['generate', '--max-file-mb', '0', ...O], /--max-file-mb/],
  [['generate', '--max-file-mb', 'big', ...O], /--max-file-mb/],
  [['generate', '--workers', '0', ...O], /--workers/],
  [['generate', '--workers', '1000', ...O], /--workers/],
  [['generate', '--out', f('afile')], /afile/],
  [['generate', '--out', f('badmanifest')], /not empty|--force/],
  [['generate', '--no-bundles', '--no-ndjson', ...O], /nothing to write|--no-bundles|--no-ndjson/],
  [['generate', '--patients', '1', '--patients', '2', ...O], /--patients was given 2 times/],
  // validate
  [['validate'], /Not enough non-option arguments|validate|a dataset/i],
  [['validate', f('missing')], /missing/],
  [['validate', f('bad.json'), '--results', f('afile/x.json')], /afile/],
  [['validate', f('empty')], /empty/],
  [['validate', f('badmanifest')], /badmanifest/],
  [['validate', ds, '--max-issues', '-1'], /--max-issues/],
  [['validate', ds, '--max-issues', 'lots'], /--max-issues/],
  [['validate', ds, '--results', f('afile/sub/x.json')], /afile/],
  // serve
  [['serve', '--tls-cert', 'x.pem'], /--tls-cert and --tls-key go together/],
  [['serve', '--tls-cert', 'x.pem', '--tls-key', 'x.pem'], /--tls-cert and --tls-key need --tls/],
  [
    ['serve', '--tls', '--tls-cert', 'not-a-cert.pem', '--tls-key', 'not-a-cert.pem'].map((a) => (a.endsWith('.pem') && a !== 'x.pem' ? join(dir, a) : a)),
    /--tls-cert .*not-a-cert\.pem: not a PEM certificate/,
  ],
  [['serve', '--tls', '--tls-cert', 'missing.pem', '--tls-key', 'missing.pem'], /--tls-cert missing\.pem: cannot be read \(ENOENT\)/],
  [['serve', '--port', '-1'], /--port/],
  [['serve', '--port', '70000'], /--port/],
  [['serve', '--port', 'http'], /--port/],
  [['serve', '--port', '80.5'], /--port/],
  [['serve', '--auth', 'magic'], /auth|Invalid values/i],
  [['serve', '--fault', 'no-such-fault'], /no-such-fault/],
  [['serve', '--variant', 'no-such-variant'], /no-such-variant/],
  [['serve', '--preset', 'fhirbase'], /preset|Invalid values/i],
  [['serve', '--validation', 'lenient'], /validation|Invalid values/i],
  [['serve', '--max-count', '0'], /--max-count/],
  [['serve', '--max-count', 'x'], /--max-count/],
  [['serve', '--max-bundle-entries', '0'], /--max-bundle-entries/],
  [['serve', '--rate-limit', '-3'], /--rate-limit/],
  [['serve', '--describe-tps', '0'], /--describe-tps/],
  [['serve', '--capacity', 'lots'], /--capacity/],
  [['serve', '--capacity', 'reads=x'], /--capacity/],
  [['serve', '--import-quotas', 'files=-1'], /--import-quotas/],
  [['serve', '--import-quotas', 'bogus=1'], /--import-quotas/],
  [['serve', '--created-at', 'last year'], /--created-at/],
  [['serve', '--index-lag-ms', '-1'], /--index-lag-ms/],
  [['serve', '--nlp', '--nlp-delay-ms', '-5'], /--nlp-delay-ms must be a whole number 0–600000, got -5/],
  [['serve', '--auth-config', f('missing.json')], /missing\.json/],
  [['serve', '--auth-config', f('bad.json')], /bad\.json/],
  [['serve', '--load', f('missing')], /missing/],
  [['serve', '--load', f('empty')], /empty/],
  [['serve', '--db', f('afile/db.sqlite')], /afile/],
  [['serve', '--lambda-handler', f('missing.mjs')], /missing\.mjs/],
  [['serve', '--host', 'not a host name!'], /--host/],
  // seed
  [['seed', ...T, ...O], /--data is required/],
  [['seed', ...T, '--data', f('missing'), ...O], /missing/],
  [['seed', ...T, '--data', f('empty'), ...O], /empty/],
  [['seed', ...T, '--data', f('badmanifest'), ...O], /manifest\.json/],
  [['seed', '--data', ds, ...O], /no target|--target/],
  [['seed', '--target', 'not a url', '--data', ds, ...O], /--target/],
  [['seed', '--target', 'ftp://example.com/r4/', '--data', ds, ...O], /--target/],
  [['seed', ...T, '--data', ds, '--via', 'carrier-pigeon', ...O], /via|Invalid values/i],
  [['seed', ...T, '--data', ds, '--concurrency', '0', ...O], /--concurrency/],
  [['seed', ...T, '--data', ds, '--concurrency', 'x', ...O], /--concurrency/],
  [['seed', ...T, '--data', ds, '--bundle-size', '0', ...O], /--bundle-size/],
  [['seed', ...T, '--data', ds, '--bundle-size', '100000', ...O], /--bundle-size/],
  [['seed', ...T, '--data', ds, '--sample', '-1', ...O], /--sample/],
  [['seed', ...T, '--data', ds, '--settle', '-1', ...O], /--settle/],
  [['seed', ...T, '--data', ds, '--resume', ...O], /--resume: no checkpoint/],
  [['seed', ...T, '--data', ds, '--out', f('afile')], /a file is in the way|afile/],
  [['seed', ...T, '--data', ds, '--auth', 'bearer', ...O], /token|--token/],
  [['seed', ...T, '--data', ds, '--auth', 'client-secret', ...O], /client-id|client id/],
  [['seed', ...T, '--data', ds, '--auth', 'client-secret', '--client-id', 'x', ...O], /client-secret|client secret/],
  [['seed', ...T, '--data', ds, '--auth', 'backend', '--client-id', 'x', ...O], /--key-file|key file/],
  [['seed', ...T, '--data', ds, '--auth', 'backend', '--client-id', 'x', '--key-file', f('missing.jwk'), ...O], /missing\.jwk|cannot read the key file/],
  [['seed', ...T, '--data', ds, '--auth', 'backend', '--client-id', 'x', '--key-file', f('sym.jwk'), ...O], /not a usable private JWK or PEM key/],
  [['seed', ...T, '--data', ds, '--auth', 'backend', '--client-id', 'x', '--key-file', f('pub.jwk'), ...O], /private|not a usable/],
  [['seed', ...T, '--data', ds, '--auth', 'oauth1', ...O], /auth|Invalid values/i],
  [['seed', ...T, '--data', ds, '--target-profile', 'azure', ...O], /target-profile|Invalid values/i],
  [['seed', ...T, '--data', ds, '--max-retry-after', '-1', ...O], /--max-retry-after/],
  [['seed', ...T, '--data', ds, '--max-retry-after', 'forever', ...O], /--max-retry-after/],
  [['seed', ...T, '--data', ds, '--request-timeout', '0', ...O], /--request-timeout/],
  [['seed', ...T, '--data', ds, '--request-timeout', 'soon', ...O], /--request-timeout/],
  [['seed', ...T, '--data', ds, '--max-response-mb', '0', ...O], /--max-response-mb/],
  [['seed', ...T, '--data', ds, '--max-duration', 'abc', ...O], /--max-duration must be a duration/],
  [['seed', ...T, '--data', ds, '--max-duration', '0s', ...O], /--max-duration must be between/],
  [['seed', ...T, '--data', ds, '--max-duration', '99999h', ...O], /--max-duration must be between/],
  [['seed', ...T, '--data', ds, '--config', f('missing.json'), ...O], /missing\.json/],
  [['seed', ...T, '--data', ds, '--config', f('bad.json'), ...O], /bad\.json/],
  [['seed', '--data', ds, '--config', f('bad-config/shoreline.config.json'), ...O], /auth|kind/],
  // import
  [['import', ...T, ...O], /--data is required/],
  [['import', ...T, '--data', f('missing'), ...O], /missing/],
  [['import', ...T, '--data', ds, '--timeout', '-1', ...O], /--timeout must be seconds/],
  [['import', ...T, '--data', ds, '--timeout', 'never', ...O], /--timeout/],
  [['import', ...T, '--data', ds, '--timeout', '99999999', ...O], /--timeout/],
  [['import', ...T, '--data', ds, '--via', 'ftp', ...O], /via|Invalid values/i],
  [['import', ...T, '--data', ds, '--validation-level', 'lenient', ...O], /validation-level|Invalid values/i],
  [['import', ...T, '--data', ds, '--sample', '-2', ...O], /--sample/],
  [['import', ...T, '--data', ds, '--settle', '-2', ...O], /--settle/],
  [['import', ...T, '--data', ds, '--via', 'healthlake', ...O], /--via healthlake needs --input-s3-uri/],
  [
    ['import', ...T, '--data', ds, '--via', 'healthlake', '--input-s3-uri', 's3://b/in/', '--output-s3-uri', 's3://b/out/', '--kms-key-id', 'k', '--role-arn', 'r', ...O],
    /not a HealthLake data store endpoint/,
  ],
  [
    [
      'import',
      '--target',
      'http://127.0.0.1:9/datastore/x/r4/',
      '--data',
      f('empty'),
      '--via',
      'healthlake',
      '--input-s3-uri',
      's3://b/in/',
      '--output-s3-uri',
      's3://b/out/',
      '--kms-key-id',
      'k',
      '--role-arn',
      'r',
      '--max-file-mb',
      '0',
      ...O,
    ],
    /--max-file-mb/,
  ],
  [['import', ...T, '--data', ds, '--max-duration', '1y', ...O], /--max-duration/],
  [['import', ...T, '--data', ds, '--out', f('afile')], /a file is in the way|afile/],
  // conform
  [['conform', ...T, '--ca-file', 'not-a-cert.pem', ...O].map((a) => (a === 'not-a-cert.pem' ? join(dir, a) : a)), /--ca-file .*not-a-cert\.pem: no PEM certificate in it/],
  [['conform', ...T, '--ca-file', join(dir, 'missing.pem'), ...O], /--ca-file .*missing\.pem: cannot be read \(ENOENT\)/],
  [['conform', ...T, '--suite', 'nope', ...O], /--suite: unknown suite nope/],
  [['conform', ...T, '--grep', '(', ...O], /--grep .* is not a regular expression/],
  [['conform', ...T, '--grep', 'NO-SUCH-CHECK', ...O], /no check matches/],
  [['conform', ...T, '--settle', '-1', ...O], /--settle must be/],
  [['conform', ...T, '--settle', '9999', ...O], /--settle must be/],
  [['conform', ...T, '--nlp', '--nlp-min-f1', '1.5', ...O], /--nlp-min-f1 must be 0–1, got 1\.5/],
  [['conform', ...T, '--nlp', '--nlp-budget', '0', ...O], /--nlp-budget must be 1–3600 seconds/],
  [['conform', ...T, '--nlp-notes', '2.5', ...O], /--nlp-notes must be a whole number/],
  [['conform', ...T, '--cleanup', 'burn', ...O], /cleanup|Invalid values/i],
  [['conform', ...T, '--data', f('missing'), ...O], /missing/],
  [['conform', ...T, '--lambda-handler', f('missing.mjs'), ...O], /--lambda-key|missing\.mjs/],
  [['conform', ...T, '--lambda-handler', f('missing.mjs'), '--lambda-key', f('sym.jwk'), '--lambda-issuer', 'https://i/', ...O], /missing\.mjs|sym\.jwk/],
  [['conform', ...T, '--app-client-id', 'app', ...O], /--app-client-id and --app-redirect-uri go together/],
  [['conform', ...T, '--auth', 'backend', '--client-id', 'x', '--key-file', f('bad.json'), ...O], /--key-file/],
  [['conform', ...T, '--max-duration', '-5s', ...O], /--max-duration/],
  [['conform', ...T, '--request-timeout', '99999', ...O], /--request-timeout/],
  [['conform', ...T, '--out', f('afile')], /a file is in the way of a folder/],
  [['conform', '--target', 'mailto:x@example.com', ...O], /--target/],
  // load
  [['load', ...T, ...O], /--scenario is required/],
  [['load', ...T, '--scenario', 'no-such-scenario', ...O], /no-such-scenario/],
  [['load', ...T, '--scenario', 'fhir-api-mix', '--duration', 'abc', ...O], /--duration must be a duration like 30s/],
  [['load', ...T, '--scenario', 'fhir-api-mix', '--duration', '0s', ...O], /--duration must be between 1s and 168h/],
  [['load', ...T, '--scenario', 'fhir-api-mix', '--duration', '99999h', ...O], /--duration must be between 1s and 168h/],
  [['load', ...T, '--scenario', 'fhir-api-mix', '--duration', '-10s', ...O], /--duration/],
  [['load', ...T, '--scenario', 'fhir-api-mix', '--load-profile', 'extreme', ...O], /load-profile|Invalid values/i],
  [['load', ...T, '--scenario', 'fhir-api-mix', '--engine', 'jmeter', ...O], /engine|Invalid values/i],
  [['load', ...T, '--scenario', 'fhir-api-mix', '--emit', 'helm', ...O], /emit|Invalid values/i],
  [['load', ...T, '--scenario', 'fhir-api-mix', '--parallelism', '0', ...O], /--parallelism/],
  [['load', ...T, '--scenario', 'fhir-api-mix', '--parallelism', 'x', ...O], /--parallelism/],
  [['load', ...T, '--scenario', 'fhir-api-mix', '-e', 'NOEQUALS', ...O], /-e|--env|KEY=VALUE/],
  [['load', ...T, '--scenario', 'fhir-api-mix', '--data', f('missing'), ...O], /missing/],
  [['load', ...T, '--scenario', 'fhir-api-mix', '--max-duration', 'soon', ...O], /--max-duration/],
  [['load', ...T, '--scenario', 'fhir-api-mix', '--out', f('afile')], /a file is in the way|afile/],
  // report
  [['report'], /Not enough non-option arguments/],
  [['report', f('missing'), '--html', f('r.html')], /missing/],
  [['report', f('bad.json'), '--html', f('r.html')], /bad\.json/],
  [['report', f('not-results.json'), '--html', f('r.html')], /not-results\.json/],
  [['report', f('empty'), '--markdown', f('r.md')], /empty|no results/],
  [['report', f('empty')], /say what to write: --html FILE and\/or --markdown FILE/],
  [['report', 'diff', f('missing'), f('missing')], /missing/],
  [['report', 'diff', dir, dir, '--threshold', 'abc'], /--threshold must be a percentage/],
  [['report', 'diff', dir, dir, '--threshold', '-5'], /--threshold/],
  [['report', 'diff', f('empty')], /diff|two|baseline/i],
  [['report', f('empty'), '--html', f('afile/x.html')], /afile|empty|no results/],
  // demo
  [['demo', '--port', '-1'], /--port/],
  [['demo', '--port', '99999'], /--port/],
  [['demo', '--port', 'x'], /--port/],
  [['demo', '--patients', '0'], /--patients/],
  [['demo', '--patients', 'many'], /--patients/],
  [['demo', '--seed', 'x'], /--seed/],
  [['demo', '--duration', 'abc'], /--duration/],
  [['demo', '--duration', '0s'], /--duration/],
  [['demo', '--out', f('afile')], /a file is in the way|afile/],
]

t.ok(CASES.length >= 120, `${CASES.length} cases`)

function judge(t: Test, args: string[], message: RegExp, r: CliResult) {
  const what = `shoreline ${args.map((a) => a.replace(dir, '…')).join(' ')}`
  const lines = r.stderr.trim().split('\n')
  t.equal(r.code, 2, `${what}: exit 2`, { stderr: r.stderr })
  t.equal(lines.length, 1, `${what}: one line`, { stderr: r.stderr })
  t.match(lines[0], /^shoreline: error: /, `${what}: an error line`)
  t.notMatch(r.stderr, /internal error/, `${what}: not an internal error`)
  t.match(r.stderr, message, `${what}: says what is wrong`)
}

t.test('BAD-INPUT-01 every bad input: one line naming what is wrong, exit 2, no stack, nothing written or sent', async (t) => {
  const results = cliTable(
    CASES.map(([args]) => args),
    dir,
  )
  CASES.forEach(([args, message], i) => judge(t, args, message, results[i]!))
  t.notOk(existsSync(out), 'no --out folder was created by any of them')
})

t.test('BAD-INPUT-02 the same from the installed command, one case per command (exit code, stderr, no folder)', async (t) => {
  const seen = new Set<string>()
  const firsts = CASES.filter(([args]) => args.length > 1 && !seen.has(args[0]!) && seen.add(args[0]!))
  t.ok(firsts.length >= 9, `${firsts.length} commands`)
  const results = await Promise.all(firsts.map(([args]) => cliRun(args)))
  firsts.forEach(([args, message], i) => judge(t, args, message, results[i]!))
  t.notOk(existsSync(out), 'no --out folder')
})

t.test('BAD-INPUT-03 --auth sigv4 with no AWS credentials anywhere is one line and exit 2 for every command that signs', async (t) => {
  const none = {
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
    HOME: join(dir, 'empty'),
    AWS_CONFIG_FILE: join(dir, 'missing-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'missing-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
    AWS_WEB_IDENTITY_TOKEN_FILE: '',
  }
  const S = [...T, '--auth', 'sigv4']
  const cases: Array<[string[], RegExp]> = [
    [['conform', ...S, ...O], /--auth sigv4: no AWS credentials/],
    [['seed', ...S, '--data', ds, ...O], /--auth sigv4: no AWS credentials/],
    [['import', ...S, '--data', ds, ...O], /--auth sigv4: no AWS credentials/],
    [['load', ...S, '--scenario', 'fhir-api-mix', ...O], /--auth sigv4: no AWS credentials/],
  ]
  const results = await Promise.all(cases.map(([args]) => cliRun(args, none)))
  cases.forEach(([args, message], i) => judge(t, args, message, results[i]!))
  t.notOk(existsSync(out), 'no --out folder')
})
