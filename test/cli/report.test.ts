// `shoreline report` over real results: one self-contained HTML page with SVG charts and no
// external resource (Vega-Lite rendered to SVG at report time), Markdown for a step summary, and
// `report diff` gating on new failures.
import t from 'tap'
import { allChecks } from '../../suites/registry.js'
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { cli, cliRun } from '../helpers.js'
import { startServer } from '../../server/http/server.js'

const dir = t.testdir({})

t.test('REPORT-01: HTML and Markdown from conformance and load results; diff exits 1 on a new failure', async (t) => {
  const clean = await startServer({ auth: 'smart' })
  const faulty = await startServer({ auth: 'smart', faults: ['discovery-plain-pkce'] })
  t.teardown(async () => {
    await clean.close()
    await faulty.close()
  })
  t.equal((await cliRun(['conform', '--target', clean.url, '--suite', 'smart-discovery', '--out', join(dir, 'old', 'conform')])).code, 0)
  t.equal((await cliRun(['conform', '--target', faulty.url, '--suite', 'smart-discovery', '--out', join(dir, 'new', 'conform')])).code, 1)
  // Plain HTTP on loopback: SD-18 cannot see the deployment's TLS, and says so (CLI-SERVE-06 and the self-test judge it over HTTPS).
  const sd18 = (JSON.parse(readFileSync(join(dir, 'old', 'conform', 'results.json'), 'utf8')) as { checks: Array<{ id: string; outcome: string; message?: string }> }).checks.find(
    (c) => c.id === 'SD-18',
  )
  t.match(sd18, { outcome: 'skip', message: /reached over plain HTTP on a loopback address/ }, 'SD-18 skips on a loopback target over plain HTTP, saying why')
  const script = join(dir, 'tiny.ts')
  writeFileSync(
    script,
    `import http from 'k6/http'\nimport { check } from 'k6'\nexport const options = { scenarios: { s: { executor: 'constant-vus', vus: 2, duration: '2s' } }, thresholds: { http_req_failed: ['rate<0.01'] } }\nexport default async function () { check(await http.asyncRequest('GET', __ENV.BASE_URL + 'metadata', null, { tags: { name: 'metadata' } }), { 'is 200': (r) => r.status === 200 }) }\n`,
  )
  t.equal((await cliRun(['load', '--scenario', script, '--target', clean.url, '--out', join(dir, 'new', 'load')])).code, 0)

  const html = join(dir, 'report.html')
  const r = cli(['report', join(dir, 'new'), '--html', html, '--markdown', join(dir, 'report.md'), '--title', 'CI run'])
  t.equal(r.code, 0, r.stderr)
  const page = readFileSync(html, 'utf8')
  t.match(page, /<title>CI run<\/title>/)
  t.notMatch(page, /<script|<link|<img|@import|url\(/i, 'nothing to fetch: no script, stylesheet, image or CSS url()')
  t.match(page, /Content-Security-Policy" content="default-src 'none'/)
  t.ok((page.match(/<svg /g) ?? []).length >= 6, 'charts: suites, throughput, latency, error rate, VUs, per interaction')
  t.match(page, /<g class="mark-line role-mark series_marks"[^>]*><path [^>]*d="M[\d.]+,[\d.]+L[\d.]+,[\d.]+/, 'a throughput line with points')
  t.match(page, /<text [^>]*>time \(s\)<\/text>/, 'axes titled with their units')
  t.match(page, /<b>SD-07<\/b>/)
  t.match(page, /<td>SMART-WK-6<\/td>/, 'the requirement coverage table')
  t.match(page, /GET http:\/\/127\.0\.0\.1:\d+\/datastore\/local\/r4\/\.well-known\/smart-configuration<\/code> → <b>200<\/b>/, 'drill-down to the recorded exchange')
  const md = readFileSync(join(dir, 'report.md'), 'utf8')
  // The suite's size from the registry: a new discovery check must not break the report's test.
  const discovery = allChecks().filter((c) => c.suite === 'smart-discovery').length
  t.match(md, new RegExp(`## Conformance ❌ fail — ${discovery} checks`))
  // SD-07 fails under the fault; SD-18 skips (plain HTTP on loopback: the TLS is out of sight); the rest pass.
  t.match(md, new RegExp(`\\| smart-discovery \\| ${discovery - 2} \\| 1 \\| 0 \\| 1 \\|`))
  t.match(md, /### Failures\n\n- \*\*SD-07\*\*/)
  t.match(md, /## Load: tiny \(smoke\) ✅ pass/, 'the load section names its scenario and profile')
  // The row as rendered (a run on a loaded machine may lose a request; the report, not the target, is judged here).
  t.match(md, /\| metadata \| \d+ \| \d+ \| \d+ \| [\d.]+ ms \|/)

  const worse = cli(['report', 'diff', join(dir, 'old'), join(dir, 'new')])
  t.equal(worse.code, 1)
  t.match(worse.stdout, /✗ SD-07 fails now/)
  const better = cli(['report', 'diff', join(dir, 'new'), join(dir, 'old')])
  t.equal(better.code, 0)
  t.match(better.stdout, /✓ SD-07 passes now/)
})

t.test('REPORT-02: bad input is one line and exit 2', async (t) => {
  const bad = join(dir, 'bad')
  mkdirSync(bad, { recursive: true })
  writeFileSync(join(bad, 'results.json'), '{"kind":"load"}')
  const r = cli(['report', bad, '--html', join(dir, 'x.html')])
  t.equal(r.code, 2)
  t.match(r.stderr, /bad\/results\.json: not a Shoreline results document/)
  t.equal(r.stderr.trim().split('\n').length, 1)
  t.equal(cli(['report', join(dir, 'nowhere'), '--html', join(dir, 'y.html')]).code, 2)
  t.match(cli(['report', bad]).stderr, /--html FILE and\/or --markdown/)
})

t.test('REPORT-03: `--markdown -` writes to stdout as the README shows (a lone - after an option is its value)', async (t) => {
  const target = await startServer({ auth: 'smart' })
  t.teardown(() => target.close())
  const folder = join(dir, 'dash')
  t.equal((await cliRun(['conform', '--target', target.url, '--grep', '^SD-01$', '--out', folder])).code, 0)
  const r = cli(['report', folder, '--markdown', '-'])
  t.equal(r.code, 0, r.stderr)
  t.match(r.stdout, /^# Shoreline report/)
  const { joinDashValues } = await import('../../cli/main.js')
  t.same(joinDashValues(['report', 'x', '--markdown', '-', '--html', 'a.html']), ['report', 'x', '--markdown=-', '--html', 'a.html'])
  t.same(joinDashValues(['-', '--x']), ['-', '--x'], 'a leading - or a trailing option stay as they are')
})

t.test('REPORT-04: report diff compares load runs scenario by scenario, naming each', async (t) => {
  const doc = (scenario: string, p95Ms: number, httpReqs = 1000) => ({
    schemaVersion: '1.0',
    kind: 'load',
    tool: { name: 'shoreline', version: '0.1.0' },
    run: { id: scenario, startedAt: '2026-11-30T10:00:00.000Z', finishedAt: '2026-11-30T10:00:10.000Z', durationMs: 10_000, argv: ['load', '--scenario', scenario] },
    load: { scenario, loadProfile: 'smoke', engine: 'builtin' },
    verdict: 'pass',
    summary: { httpReqs, durationMs: 10_000, p95Ms, iterations: httpReqs },
  })
  const put = (side: string, scenario: string, d: object) => {
    mkdirSync(join(dir, 'per', side, scenario), { recursive: true })
    writeFileSync(join(dir, 'per', side, scenario, 'results.json'), JSON.stringify(d))
  }
  put('old', 'fhir-api-mix', doc('fhir-api-mix', 20))
  put('old', 'search-heavy', doc('search-heavy', 100))
  put('old', 'export', doc('export', 50))
  put('new', 'fhir-api-mix', doc('fhir-api-mix', 20))
  put('new', 'search-heavy', doc('search-heavy', 150))
  put('new', 'breakpoint', doc('breakpoint', 10))
  const r = cli(['report', 'diff', join(dir, 'per', 'old'), join(dir, 'per', 'new'), '--threshold', '10'])
  t.equal(r.code, 1, r.stderr)
  t.match(r.stdout, /^✗ search-heavy: p95 100\.0 → 150\.0 ms \(\+50\.0 %\)$/m, 'the slower scenario, by name')
  t.notMatch(r.stdout, /fhir-api-mix:/, 'an unchanged scenario says nothing')
  t.match(r.stdout, /^· breakpoint: a load run only in NEW/m)
  t.match(r.stdout, /^· export: a load run only in OLD/m)
  t.match(r.stdout, /^1 regression, 0 improvements, 2 load runs on one side only \(threshold 10 %\)$/m)
})
