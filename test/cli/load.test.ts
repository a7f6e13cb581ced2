// `shoreline load` as a user runs it: every scenario green against the reference server in the
// smoke profile (shortened), the files it writes, k6-operator manifests, --engine k6 without k6,
// and SIGINT still writing the summary.
import t from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { cli, cliRun, nodeCommand } from '../helpers.js'
import { startServer, type RunningServer } from '../../server/http/server.js'

const SECRET = 'load-test-secret-0123456789'
let target: RunningServer
const dir = t.testdir({})
const data = join(dir, 'data')
const auth = () => ['--target', target.url, '--auth', 'client-secret', '--client-id', 'load', '--client-secret', SECRET]

t.before(async () => {
  target = await startServer({ auth: 'smart', retryAfterSeconds: 0, authConfig: { clients: [{ client_id: 'load', client_secret: SECRET, scope: 'system/*.cruds system/*.rs' }] } })
  const g = cli(['generate', '--patients', '3', '--no-bundles', '--workers', '1', '--quiet', '--out', data])
  if (g.code !== 0) throw new Error(g.stderr)
  const s = await cliRun(['seed', ...auth(), '--data', data, '--out', join(dir, 'seed')])
  if (s.code !== 0) throw new Error(s.stderr)
})
t.teardown(() => target.close())

for (const scenario of ['fhir-api-mix', 'transactions', 'import', 'export', 'smart-token', 'search-heavy']) {
  t.test(`LOAD-01 ${scenario}: green in the smoke profile against the reference server`, async (t) => {
    const out = join(dir, scenario)
    // The SLOs are a production target's; here the target shares a busy CI machine with the load, so they are scaled.
    const r = await cliRun(['load', '--scenario', scenario, ...auth(), '--data', data, '--duration', '2s', '-e', 'SLO_FACTOR=20', '--out', out])
    t.equal(r.code, 0, `${r.stdout.slice(-1500)}\n${r.stderr.slice(-800)}`)
    t.match(r.stdout, /█ TOTAL RESULTS/)
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
    t.equal(results.kind, 'load')
    t.equal(results.verdict, 'pass')
    t.ok(results.summary.iterations > 0, `${results.summary.iterations} iterations`)
    if (scenario === 'search-heavy') {
      // Below the 5 % guard is not enough here: every ground-truth query is one the reference server answers.
      const failed = (results.metrics as Array<{ name: string; tags?: object; values: { passes?: number } }>).find((m) => m.name === 'http_req_failed' && !m.tags)
      t.equal(failed?.values.passes, 0, 'no search failed (spaces in a query are percent-encoded before it is sent)')
    }
    t.ok(
      results.series.some((s: { name: string; points: unknown[] }) => s.name === 'http_reqs' && s.points.length > 0),
      'a throughput series',
    )
    t.ok(
      results.metrics.some((m: { name: string; thresholds?: unknown[] }) => m.name === 'http_req_failed' && m.thresholds),
      'the error-rate guard is a threshold',
    )
    for (const f of ['summary.json', 'summary-export.json', 'summary.txt']) t.ok(existsSync(join(out, f)), f)
    t.match(
      readFileSync(join(out, 'junit.xml'), 'utf8'),
      /<testsuite name="thresholds" tests="\d+" failures="0"[^>]*>\n {4}<testcase classname="thresholds" name="/,
      'thresholds as JUnit testcases',
    )
    // The secret in every encoding it travels in: as written, base64, and the Basic pair load:secret.
    const encodings = [SECRET, Buffer.from(SECRET).toString('base64').replace(/=+$/, ''), Buffer.from(`load:${SECRET}`).toString('base64').replace(/=+$/, '')]
    for (const f of ['results.json', 'summary.json', 'summary-export.json', 'summary.txt']) {
      const text = readFileSync(join(out, f), 'utf8')
      t.notMatch(text, /Bearer eyJ/, `${f}: no token`)
      for (const e of encodings) t.notOk(text.includes(e), `${f}: no client secret (${e === SECRET ? 'plain' : 'base64'})`)
    }
  })
}

t.test('LOAD-02: --emit k6-operator writes a ConfigMap with the bundled k6 script and a TestRun, without secrets', async (t) => {
  const out = join(dir, 'operator')
  const r = cli([
    'load',
    '--scenario',
    'fhir-api-mix',
    '--emit',
    'k6-operator',
    '--parallelism',
    '3',
    '--target',
    'http://fhir.test.svc:8080/fhir/',
    '-e',
    'CLIENT_SECRET=shh',
    '-e',
    'VUS=20',
    '--out',
    out,
  ])
  t.equal(r.code, 0, r.stderr)
  const yaml = readFileSync(join(out, 'fhir-api-mix.k6-operator.yaml'), 'utf8')
  t.match(yaml, /kind: ConfigMap\n[\s\S]*data:\n {2}test\.js: \|\n/)
  t.match(yaml, /from "k6\/http"/, 'k6 modules stay imports for real k6')
  t.match(yaml, /apiVersion: k6\.io\/v1alpha1\nkind: TestRun\n[\s\S]*parallelism: 3\n[\s\S]*configMap:\n {6}name: shoreline-fhir-api-mix\n {6}file: test\.js/)
  t.match(yaml, /- name: BASE_URL\n {8}value: http:\/\/fhir\.test\.svc:8080\/fhir\/\n/)
  t.match(yaml, /- name: VUS\n {8}value: "20"/)
  t.notMatch(yaml, /shh/, 'secrets are left to a Secret')
  t.match(yaml, /- name: CLIENT_SECRET\n {8}valueFrom:\n {10}secretKeyRef:\n {12}name: shoreline-credentials\n/, 'which the TestRun references')
  t.match(yaml, /- name: LOAD_PROFILE\n {8}value: smoke\n/, 'the default load profile')
})

t.test('LOAD-09: --load-profile names the load shape; the old --profile still works, with a one-line notice', async (t) => {
  const now = cli(['load', '--scenario', 'fhir-api-mix', '--emit', 'k6-operator', '--load-profile', 'average', '--out', join(dir, 'lp-new')])
  t.equal(now.code, 0, now.stderr)
  t.equal(now.stderr, '', 'no notice for the current spelling')
  t.match(readFileSync(join(dir, 'lp-new', 'fhir-api-mix.k6-operator.yaml'), 'utf8'), /- name: LOAD_PROFILE\n {8}value: average\n/)
  const old = cli(['load', '--scenario', 'fhir-api-mix', '--emit', 'k6-operator', '--profile', 'stress', '--out', join(dir, 'lp-old')])
  t.equal(old.code, 0, old.stderr)
  t.equal(old.stderr, 'shoreline: --profile is deprecated on load; use --load-profile (the old spelling goes in the next release)\n')
  t.match(readFileSync(join(dir, 'lp-old', 'fhir-api-mix.k6-operator.yaml'), 'utf8'), /- name: LOAD_PROFILE\n {8}value: stress\n/)
  const bad = cli(['load', '--scenario', 'fhir-api-mix', '--emit', 'k6-operator', '--profile', 'heavy', '--out', join(dir, 'lp-bad')])
  t.equal(bad.code, 2, 'the old spelling is validated like the new one')
  t.match(bad.stderr, /load-profile.*heavy/)
})

t.test("LOAD-10: --engine k6 hands the script its __ENV through k6's environment, never its argv (secrets stay out of ps)", async (t) => {
  const bin = t.testdir({})
  const seen = join(bin, 'seen.txt')
  // A stand-in k6 that records what it was started with.
  const fake = join(bin, 'k6')
  ;(await import('node:fs')).writeFileSync(
    fake,
    // It writes an empty summary export where asked ($3, after `run --summary-export`), as k6 does.
    `#!/bin/sh\nprintf 'ARGV %s\\n' "$*" > ${JSON.stringify(seen)}\nprintf 'SECRET %s\\n' "$CLIENT_SECRET" >> ${JSON.stringify(seen)}\nprintf '{"metrics":{}}' > "$3"\nexit 0\n`,
    { mode: 0o755 },
  )
  // Async: the run first asks the (in-process) target for its metadata.
  const r = await cliRun(['load', '--scenario', 'smart-token', '--engine', 'k6', ...auth(), '--out', join(dir, 'k6-env')], { PATH: `${bin}:${process.env.PATH}` })
  t.equal(r.code, 0, r.stderr)
  const text = readFileSync(seen, 'utf8')
  t.match(text, new RegExp(`^SECRET ${SECRET}$`, 'm'), 'the secret reached k6 in its environment')
  t.notMatch(text.split('\n')[0] ?? '', new RegExp(SECRET), 'and not in its argv')
  t.notMatch(text, /ARGV .*-e /, 'no -e KEY=VALUE arguments at all')
})

t.test('LOAD-03: --engine k6 without k6 on PATH says so; a broken script is one line and exit 107; unknown scenario exit 2', async (t) => {
  const r = cli(['load', '--scenario', 'fhir-api-mix', '--engine', 'k6', '--target', target.url, '--out', join(dir, 'k6')], { env: { PATH: '/nonexistent' } })
  t.equal(r.code, 2)
  t.match(r.stderr, /k6 is not on PATH.*--engine builtin/)
  const unknown = cli(['load', '--scenario', 'nope', '--target', target.url])
  t.equal(unknown.code, 2)
  t.match(unknown.stderr, /no such scenario/)
  const broken = join(dir, 'broken.ts')
  ;(await import('node:fs')).writeFileSync(broken, 'export default async function ( {')
  const b = await cliRun(['load', '--scenario', broken, '--target', target.url, '--out', join(dir, 'broken')])
  t.equal(b.code, 107)
  t.match(b.stderr, /broken\.ts:1:\d+: /)
  t.notMatch(b.stderr, /\n\s+at /, 'no stack trace')
  t.ok(existsSync(join(dir, 'broken', 'results.json')), 'the results are still written')
})

t.test('LOAD-04: SIGINT stops a run gracefully; the summary and results are still written', async (t) => {
  const out = join(dir, 'sigint')
  const child = spawn(...nodeCommand('bin/shoreline.js', ['load', '--scenario', 'search-heavy', ...auth(), '--data', data, '--duration', '60s', '--out', out]), {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  // Interrupt once the run is under way: the first progress line (1 s in), however slow start-up is.
  const underway = new Promise<void>((r) => child.stderr.on('data', (d) => ((stderr += d), /\dVUs|VUs \d+/.test(stderr) && r())))
  await Promise.race([underway, new Promise((r) => setTimeout(r, 30_000))])
  child.kill('SIGINT')
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)))
  t.equal(code, 105)
  t.match(stdout, /TOTAL RESULTS/)
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
  t.ok(results.summary.durationMs < 20_000, `stopped after ${results.summary.durationMs} ms of 60 s`)
  t.match(results.errors[0].message, /interrupted/)
})

t.test('LOAD-05: SigV4 from k6/crypto against an AWS_AUTH target; the import scenario through HealthLake StartFHIRImportJob', async (t) => {
  const aws = await startServer({ auth: 'sigv4', retryAfterSeconds: 0 })
  t.teardown(() => aws.close())
  const creds = { AWS_ACCESS_KEY_ID: 'SHORELINETESTKEY0000', AWS_SECRET_ACCESS_KEY: 'shoreline-local-test-secret-not-for-aws' }
  const mix = await cliRun(['load', '--scenario', 'fhir-api-mix', '--target', aws.url, '--auth', 'sigv4', '--duration', '1s', '--out', join(dir, 'sigv4')], creds)
  t.equal(mix.code, 0, `every signed request was accepted: ${mix.stdout.slice(-1200)}`)
  for (const f of ['summary.json', 'summary-export.json', 'results.json'])
    t.notMatch(readFileSync(join(dir, 'sigv4', f), 'utf8'), new RegExp(creds.AWS_SECRET_ACCESS_KEY), `${f} holds no AWS secret (setup data is redacted)`)
  t.match(mix.stdout, /✓ 'rate<0\.05' rate=0\.00%/)
  const input = join(dir, 'data', 'ndjson')
  const first = readFileSync(join(input, 'Patient.ndjson'), 'utf8').split('\n')[0] ?? '{}'
  const probe = `Patient/${(JSON.parse(first) as { id: string }).id}`
  const hl = await cliRun(
    [
      'load',
      '--scenario',
      'import',
      '--target',
      aws.url,
      '--auth',
      'sigv4',
      '--duration',
      '1s',
      '-e',
      'MODE=healthlake',
      '-e',
      `INPUT_URI=file://${input}/`,
      '-e',
      `OUTPUT_URI=file://${join(dir, 'hl-out')}/`,
      '-e',
      'ROLE_ARN=arn:aws:iam::123456789012:role/import',
      '-e',
      `PROBE=${probe}`,
      '--out',
      join(dir, 'hl-import'),
    ],
    creds,
  )
  t.equal(hl.code, 0, hl.stdout.slice(-1500))
  const results = JSON.parse(readFileSync(join(dir, 'hl-import', 'results.json'), 'utf8'))
  const rate = results.metrics.find((m: { name: string }) => m.name === 'import_resources_per_s')
  t.ok(rate.values.avg > 0, `resources/s from the job's progress report: ${rate.values.avg}`)
  t.ok(
    results.metrics.some((m: { name: string; values: { count?: number } }) => m.name === 'import_time_to_searchable' && ((m.values as Record<string, number>).avg ?? 0) > 0),
    'time until searchable measured',
  )
})

t.test('LOAD-11: --data naming a dataset the target does not hold stops first, with one line and exit 2', async (t) => {
  const empty = await startServer({})
  try {
    const out = join(dir, 'load-11')
    const r = await cliRun(['load', '--scenario', 'fhir-api-mix', '--target', empty.url, '--data', data, '--duration', '2s', '--out', out])
    t.equal(r.code, 2, r.stderr)
    t.equal(r.stderr.trim().split('\n').length, 1, 'one line')
    t.match(r.stderr, /the dataset is not in the target: Patient\/[\w-]+ answered HTTP 404; seed it first \(shoreline seed --target /)
    t.notOk(existsSync(join(out, 'results.json')), 'no load was sent, so no load results')
  } finally {
    await empty.close()
  }
})

t.test("LOAD-12: against serve --capacity (HealthLake's per-second units), the load report counts throttled requests per interaction", async (t) => {
  const tight = await startServer({ auth: 'none', retryAfterSeconds: 0, capacity: { reads: 50, writes: 5000, search: 5, bundles: 50 } })
  t.teardown(() => tight.close())
  // Writes are plentiful (seeding is not what is measured); searches are five a second.
  const seeded = await cliRun(['seed', '--target', tight.url, '--data', data, '--out', join(dir, 'seed-tight')])
  t.equal(seeded.code, 0, seeded.stderr)
  const out = join(dir, 'throttled')
  const r = await cliRun(['load', '--scenario', 'search-heavy', '--target', tight.url, '--data', data, '--duration', '2s', '--out', out])
  t.ok(r.code === 0 || r.code === 99, `the run ends (exit ${r.code}): ${r.stderr.slice(-300)}`)
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { metrics: Array<{ tags?: Record<string, string>; values: Record<string, number> }> }
  const per = results.metrics.filter((m) => m.tags?.per === 'interaction')
  const throttled = per.reduce((n, m) => n + (m.values.throttled ?? 0), 0)
  t.ok(throttled > 0, `throttled requests counted per interaction (${throttled})`)
  const md = cli(['report', out, '--markdown', '-'])
  t.equal(md.code, 0, md.stderr)
  t.match(md.stdout, /\| Interaction \| Requests \| Failed \| Throttled \|/)
  t.match(md.stdout, /\| [^|]+ \| \d+ \| \d+ \| [1-9]\d* \|/, 'a row with throttles')
})

t.test('LOAD-13: a target that does not answer is one line and exit 3 before the run (not a crossed threshold), with results that say so', async (t) => {
  const out = join(dir, 'never-started')
  const r = cli(['load', '--scenario', 'fhir-api-mix', '--target', 'http://127.0.0.1:1/r4/', '--duration', '2s', '--out', out])
  t.equal(r.code, 3, r.stderr)
  t.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
  t.match(r.stderr, /http:\/\/127\.0\.0\.1:1\/r4\/metadata: .*not reachable \(ECONNREFUSED\); the load did not start/)
  // A CI job still gets its artefact: results.json says the run could not start, and why.
  const doc = JSON.parse((await import('node:fs')).readFileSync(join(out, 'results.json'), 'utf8')) as { verdict: string; errors: Array<{ message: string }> }
  t.equal(doc.verdict, 'error')
  t.match(doc.errors[0]?.message, /not reachable \(ECONNREFUSED\)/)
})
