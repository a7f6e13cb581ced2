// `shoreline load --engine k6` leaves what the built-in engine leaves: results.json, junit.xml,
// summary.json, summary-export.json (and a copy at --summary-export), summary.txt, each redacted.
// k6 cannot be installed here, so a stand-in on PATH (k6-stub.mjs) answers each scenario with
// what real k6 v2.2.0 wrote for it (../shared/fixtures/k6-v2.2.0), and streams its samples in k6's
// JSON output format. The figures in results.json are held to the recorded ones.
import t from 'tap'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { cli, cliRun, ROOT, type Json } from '../helpers.js'
import { startServer, type RunningServer } from '../../server/http/server.js'

const SECRET = 'k6-path-secret-0123456789'
const FIXTURES = join(ROOT, '..', 'shared', 'fixtures', 'k6-v2.2.0')
const SCENARIOS = ['fhir-api-mix', 'transactions', 'import', 'export', 'smart-token', 'search-heavy']
let target: RunningServer
const dir = t.testdir({ bin: {} })
const bin = join(dir, 'bin')
// k6 on PATH: a shell script running the stand-in as a plain ES module (without the test runner's loaders).
writeFileSync(join(bin, 'k6'), `#!/bin/sh\nNODE_OPTIONS= exec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, 'test', 'engine', 'k6-stub.mjs'))} "$@"\n`, {
  mode: 0o755,
})
const data = join(dir, 'data')
const auth = () => ['--target', target.url, '--auth', 'client-secret', '--client-id', 'loadk6', '--client-secret', SECRET]
const env = (extra: Record<string, string> = {}) => ({ PATH: `${bin}:${process.env.PATH}`, K6_STUB_FIXTURES: FIXTURES, ...extra })

t.before(async () => {
  target = await startServer({
    auth: 'smart',
    retryAfterSeconds: 0,
    authConfig: { clients: [{ client_id: 'loadk6', client_secret: SECRET, scope: 'system/*.cruds system/*.rs' }] },
  })
  const g = cli(['generate', '--patients', '3', '--no-bundles', '--workers', '1', '--quiet', '--out', data])
  if (g.code !== 0) throw new Error(g.stderr)
  const s = await cliRun(['seed', ...auth(), '--data', data, '--out', join(dir, 'seed')])
  if (s.code !== 0) throw new Error(s.stderr)
})
t.teardown(() => target.close())

/** Every file under `out`, as text. */
const texts = (out: string) => readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')] as const)

for (const scenario of SCENARIOS) {
  t.test(`LOAD-14 ${scenario}: --engine k6 writes every file the built-in engine writes, with k6's own figures`, async (t) => {
    const out = join(dir, scenario)
    const copy = join(dir, `${scenario}.export.json`)
    const r = await cliRun(['load', '--scenario', scenario, '--engine', 'k6', ...auth(), '--data', data, '--out', out, '--summary-export', copy], env())
    t.equal(r.code, 0, `${r.stdout.slice(-800)}\n${r.stderr.slice(-800)}`)
    for (const f of ['results.json', 'junit.xml', 'summary.json', 'summary-export.json', 'summary.txt']) t.ok(existsSync(join(out, f)), f)
    t.ok(existsSync(copy), '--summary-export is honoured')

    const recorded = JSON.parse(readFileSync(join(FIXTURES, scenario, 'summary-export.json'), 'utf8')) as { metrics: Record<string, Json> }
    const m = recorded.metrics
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Json
    t.equal(results.kind, 'load')
    t.equal(results.verdict, 'pass')
    t.equal(results.summary.httpReqs, m.http_reqs.count, "http_reqs is k6's count")
    t.equal(results.summary.iterations, m.iterations.count, "iterations is k6's count")
    t.equal(results.summary.p95Ms, m.http_req_duration['p(95)'], "p95 is k6's own, not recomputed")
    const expressions = Object.values(m).flatMap((v: Json) => Object.keys(v.thresholds ?? {}))
    t.equal(results.summary.thresholds, expressions.length, 'every threshold k6 judged')
    t.equal(results.summary.thresholdsCrossed, 0)
    const reqs = results.series.find((s: Json) => s.name === 'http_reqs')
    t.equal(
      reqs.points.reduce((n: number, p: [number, number]) => n + p[1], 0),
      m.http_reqs.count,
      'the per-second series holds every request k6 streamed',
    )
    t.ok(reqs.points.length >= 2, `${reqs.points.length} seconds`)
    t.ok(
      results.metrics.some((x: Json) => x.name === 'http_req_duration' && x.tags?.expected_response === 'true'),
      'the expected_response sub-metric k6 always reports',
    )
    t.ok(
      results.metrics.some((x: Json) => x.tags?.per === 'interaction'),
      'latency per interaction from the samples',
    )

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Json
    t.same(Object.keys(summary.metrics).sort(), Object.keys(m).sort(), 'handleSummary data has every metric k6 exported')
    t.match(summary.metrics.http_req_duration, { type: 'trend', contains: 'time' })
    t.match(summary.metrics.checks, { type: 'rate', values: { rate: m.checks.value } })
    t.match(summary.metrics.http_reqs, { type: 'counter', values: { count: m.http_reqs.count } })

    const text = readFileSync(join(out, 'summary.txt'), 'utf8')
    t.match(text, /^ {2}█ THRESHOLDS/, "k6's end-of-test summary")
    t.notMatch(text, /^running \(/m, 'without its progress lines')
    t.equal((readFileSync(join(out, 'junit.xml'), 'utf8').match(/<testcase /g) ?? []).length, expressions.length, 'a JUnit testcase per threshold')

    const b64 = Buffer.from(`loadk6:${SECRET}`).toString('base64')
    for (const [f, body] of [...texts(out), ['export copy', readFileSync(copy, 'utf8')] as const]) {
      t.notOk(body.includes(SECRET) || body.includes(b64), `${f} holds no secret`)
    }
  })
}

t.test('LOAD-14: k6 killed before its summary: results.json still written, one line, exit 70, nothing left behind', async (t) => {
  const out = join(dir, 'killed')
  const tmp = join(dir, 'tmp-killed')
  mkdirSync(tmp)
  const r = await cliRun(['load', '--scenario', 'search-heavy', '--engine', 'k6', ...auth(), '--data', data, '--out', out], env({ K6_STUB_MODE: 'killed', TMPDIR: tmp }))
  t.equal(r.code, 70, r.stderr)
  t.match(r.stderr, /k6 ended \(exit 137\) without writing its summary export/)
  t.notMatch(r.stderr, /\n\s+at /, 'no stack trace')
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Json
  t.equal(results.verdict, 'error')
  t.ok(results.series.find((s: Json) => s.name === 'http_reqs').points.length > 0, 'what k6 streamed before it stopped is kept')
  t.same(readdirSync(tmp), [], "k6's private files are removed")
})
