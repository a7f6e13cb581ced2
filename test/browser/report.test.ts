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
      `import http from 'k6/http'\nimport { check } from 'k6'\nexport const options = { scenarios: { s: { executor: 'constant-vus', vus: 2, duration: '3s' } } }\nexport default async function () { check(await http.asyncRequest('GET', __ENV.BASE_URL + 'metadata', null, { tags: { name: 'metadata' } }), { 'is 200': (r) => r.status === 200 }) }\n`,
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
    const charts = await page.$$eval('figure.chart', (figs) =>
      figs.map((f) => {
        const svg = f.querySelector('svg')
        const box = svg?.getBoundingClientRect()
        return {
          drawn: svg ? svg.querySelectorAll('polyline, rect').length : 0,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          label: svg?.getAttribute('aria-label') ?? f.textContent,
        }
      }),
    )
    t.ok(charts.length >= 6, `${charts.length} charts`)
    for (const c of charts) t.ok(c.drawn > 0 && c.width > 100 && c.height > 20, `${c.label}: ${c.drawn} marks in ${Math.round(c.width)}×${Math.round(c.height)}`)
    const points = await page.$$eval('polyline', (ps) => ps.map((p) => (p.getAttribute('points') ?? '').split(' ').length))
    t.ok(
      points.some((n) => n >= 2),
      'a line with at least two points',
    )
    await page.click('text=SD-07')
    t.ok(await page.isVisible('text=expected `code_challenge_methods_supported` not to include `plain`'), 'a failed check opens to its message')
    mkdirSync(new URL('.', SCREENSHOT), { recursive: true })
    await page.screenshot({ path: SCREENSHOT.pathname, fullPage: true })
    t.ok(existsSync(SCREENSHOT), `screenshot: ${SCREENSHOT.pathname}`)
  },
)
