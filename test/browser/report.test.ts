// The HTML report in a real browser: Debian's Chromium driven by playwright-core opens a report
// made from real conformance and load results, and sees every chart drawn, no network request
// besides the page itself, and no console error; a screenshot is kept in results/screenshots/.
import t from 'tap'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { cli, cliRun } from '../helpers.js'
import { startServer } from '../../server/http/server.js'

const CHROMIUM = process.env.SHORELINE_CHROMIUM ?? '/usr/bin/chromium'
const SCREENSHOT = new URL('../../results/screenshots/report.png', import.meta.url)

t.test(
  'BROWSER-01: the report renders offline in Chromium: charts drawn, no request, no console error',
  { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium)` },
  async (t) => {
    const dir = t.testdir({})
    const target = await startServer({ auth: 'smart', faults: ['discovery-plain-pkce'] })
    t.teardown(() => target.close())
    await cliRun(['conform', '--target', target.url, '--suite', 'smart-discovery,capability', '--out', join(dir, 'results', 'conform')])
    const script = join(dir, 'tiny.ts')
    writeFileSync(
      script,
      `import http from 'k6/http'\nimport { check } from 'k6'\nexport const options = { scenarios: { s: { executor: 'constant-vus', vus: 2, duration: '3s' } }, thresholds: { http_req_duration: ['p(95)<2000'], http_req_failed: ['rate<0.05'], 'http_req_duration{name:metadata}': ['p(95)<3000'] } }\nexport default async function () { check(await http.asyncRequest('GET', __ENV.BASE_URL + 'metadata', null, { tags: { name: 'metadata' } }), { 'is 200': (r) => r.status === 200 }) }\n`,
    )
    t.equal((await cliRun(['load', '--scenario', script, '--target', target.url, '--out', join(dir, 'results', 'load')])).code, 0)
    const html = join(dir, 'index.html')
    t.equal(cli(['report', join(dir, 'results'), '--html', html]).code, 0)

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    t.teardown(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const requests: string[] = []
    const problems: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text())
    })
    page.on('pageerror', (e) => problems.push(e.message))
    const url = pathToFileURL(html).href
    await page.goto(url, { waitUntil: 'load' })
    t.same(requests, [url], 'the page itself is the only request')
    t.same(problems, [], 'no console error')
    // Every chart: drawn at a readable size, with axes whose ticks are labelled and titled with
    // units; line charts with a line of at least two points; the SLO of each chart drawn on it.
    const charts = await page.$$eval('figure.chart', (figs) =>
      figs.map((f) => {
        const svg = f.querySelector('svg')
        const box = svg?.getBoundingClientRect()
        // No named function inside: the test loader's transform would name it with a helper the page lacks.
        const [ticks, axisTitles, ruleLabels] = ['.role-axis-label text', '.role-axis-title text', '.slo_label_marks text'].map((sel) =>
          [...(svg?.querySelectorAll(sel) ?? [])].map((n) => n.textContent ?? '').filter(Boolean),
        )
        return {
          title: f.getAttribute('data-chart') ?? '',
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          axes: svg?.querySelectorAll('.role-axis').length ?? 0,
          ticks: ticks ?? [],
          axisTitles: axisTitles ?? [],
          lines: [...(svg?.querySelectorAll('.series_marks path') ?? [])].map((p) => (p.getAttribute('d') ?? '').split(/[LH V]/).length),
          bars: svg?.querySelectorAll('.bars_marks path').length ?? 0,
          rules: svg?.querySelectorAll('.slo_rule_marks line').length ?? 0,
          ruleLabels: ruleLabels ?? [],
          sloTicks: svg?.querySelectorAll('.slo_tick_marks path').length ?? 0,
        }
      }),
    )
    t.ok(charts.length >= 6, `${charts.length} charts`)
    const chart = (title: string) => charts.find((c) => c.title.startsWith(title))
    for (const c of charts) {
      t.ok(c.width > 100 && c.height > 20, `${c.title}: ${Math.round(c.width)}×${Math.round(c.height)}`)
      t.ok(c.axes >= 1 && c.ticks.length >= 2, `${c.title}: axes with labelled ticks (${c.ticks.slice(0, 6).join(' ')})`)
      t.ok(c.axisTitles.length >= 1, `${c.title}: an axis title (${c.axisTitles.join(', ')})`)
    }
    for (const title of ['Throughput', 'Latency', 'Error rate', 'Virtual users']) {
      const c = chart(title)
      t.ok(c && c.lines.some((n) => n >= 2), `${title}: a line with at least two points`)
      t.ok(c?.axisTitles.includes('time (s)'), `${title}: time in seconds on x`)
    }
    t.ok(chart('Latency')?.axisTitles.includes('latency (ms)'), 'latency in ms')
    t.ok(
      chart('Error rate')?.ticks.some((x) => x.endsWith('%')),
      'the error rate in percent',
    )
    t.notOk(
      chart('Virtual users')?.ticks.some((x) => x.includes('.')),
      'VUs counted in whole numbers',
    )
    t.equal(chart('Latency')?.rules, 1, 'the p95 SLO drawn on the latency chart')
    t.same(chart('Latency')?.ruleLabels, ['SLO p(95)<2000'], 'and labelled')
    t.equal(chart('Error rate')?.rules, 1, 'the error budget drawn on the error-rate chart')
    t.ok((chart('p95 latency per interaction')?.sloTicks ?? 0) >= 1, "each interaction's SLO as a tick on its bar")
    t.ok((chart('Checks passed per suite')?.bars ?? 0) >= 2, 'a bar per suite')
    t.ok(await page.isVisible('h2:has-text("Load: tiny (smoke)")'), 'the load section names its scenario and profile')
    t.notOk(await page.isVisible('text=Requirement coverage >> xpath=.. >> table'), 'the coverage table is folded')
    t.ok(
      await page.evaluate(() => {
        const cov = document.querySelector('details.coverage')
        const load = [...document.querySelectorAll('h2')].find((h) => h.textContent?.startsWith('Load'))
        return !!cov && !!load && (load.compareDocumentPosition(cov) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
      }),
      'and comes after the results',
    )
    await page.click('text=SD-07')
    t.ok(await page.isVisible('text=expected `code_challenge_methods_supported` not to include `plain`'), 'a failed check opens to its message')
    mkdirSync(new URL('.', SCREENSHOT), { recursive: true })
    await page.screenshot({ path: SCREENSHOT.pathname, fullPage: true })
    t.ok(existsSync(SCREENSHOT), `screenshot: ${SCREENSHOT.pathname}`)
  },
)
