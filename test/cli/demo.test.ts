// `shoreline demo` end to end, scaled down (a few patients, short load runs): every step green
// against the embedded server, one report with conformance and load, no secret in it.
import t from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cliRun } from '../helpers.js'
import { allChecks } from '../../suites/registry.js'

const total = allChecks().length
// The README's demo command (its block is marked as run here, not by README-02), scaled for a test:
// three patients, 2 s load runs.
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const written = /<!-- demo: run by test\/cli\/demo\.test\.ts -->\n```sh\n(npx shoreline demo[^\n]*)\n```/.exec(readme)?.[1] ?? ''
const scaled = (words: string[]) => words.map((w, i) => (words[i - 1] === '--patients' ? '3' : words[i - 1] === '--duration' ? '2s' : w))

t.test('DEMO-01: generate, seed, conform, load and report in one command, exit 0', async (t) => {
  t.match(written, /^npx shoreline demo --patients \d+ --duration \w+$/, 'the README shows the demo command')
  const out = join(t.testdir({}), 'demo')
  // SLOs scaled: the target shares a busy CI machine with the load (scenarios/lib/profiles.ts slo()).
  const r = await cliRun([...scaled(written.split(' ').slice(2)), '--out', out], { SLO_FACTOR: '20' })
  t.equal(r.code, 0, r.stderr)
  for (const step of ['generate 3 patients', 'seed them through the FHIR API', 'conform: every suite', 'load: fhir-api-mix smoke, 2s', 'load: import smoke, 2s'])
    t.match(r.stderr, new RegExp(`✓ ${step.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`))
  t.match(r.stdout, new RegExp(`Report: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/index\\.html \\(\\d+ s\\)`))
  // It ends with what passed, before the report's path: checks per suite, load SLOs, resources found.
  const table = r.stdout.slice(r.stdout.indexOf('Verdicts'))
  t.match(table, /^ {4}search +\d+ +0 +0 +0 +0 {2}✓$/m, 'a row per suite, none failed')
  t.match(table, /^ {4}fhir-api-mix +(\d+) of \1 {2}✓$/m, 'every fhir-api-mix SLO met')
  t.match(table, /^ {4}import +(\d+) of \1 {2}✓$/m, 'every import SLO met')
  t.match(table, /^ {2}seed +([\d,]+) of \1 resources found in the target \(0 missing, 0 altered, 0 rejected\) {2}✓$/m, 'every resource found')
  t.ok(table.indexOf('Verdicts') < table.indexOf('Report: '), 'the table comes before the report path')
  t.match(r.stderr, /^ {2}conform: \d+ checks done$|^✓ conform/m, 'it talks while it runs')
  const html = readFileSync(join(out, 'index.html'), 'utf8')
  t.match(html, /<title>Shoreline demo<\/title>/)
  t.match(html, new RegExp(`${total} checks against .* · \\d+ pass · 0 fail · 0 warn · \\d+ skip`), 'no check fails or warns')
  // Three patients hold few US Core profiles: those us-core checks skip, saying so; so does AU-07, the
  // demo's app being given no launch context beyond its patient; every other check passes, the app-client ones too.
  const checks = (JSON.parse(readFileSync(join(out, 'conform', 'results.json'), 'utf8')) as { checks: Array<{ id: string; suite: string; outcome: string; message?: string }> })
    .checks
  t.same(
    checks
      .filter((c) => c.outcome !== 'pass' && !(c.outcome === 'skip' && c.suite === 'us-core' && /the dataset holds no/.test(c.message ?? '')))
      .filter((c) => !(c.id === 'AU-07' && c.outcome === 'skip' && /carries no fhirContext/.test(c.message ?? '')))
      .map((c) => `${c.id} ${c.outcome}: ${c.message}`),
    [],
    'every check passes but the us-core ones of profiles three patients lack, and AU-07 for want of a fhirContext',
  )
  t.equal((html.match(/<h2>Load: /g) ?? []).length, 2, 'both load runs')
  t.match(html, /<h2>Load: fhir-api-mix \(smoke\) /, 'each named by its scenario and load profile')
  t.match(html, /<h2>Load: import \(smoke\) /)
  t.match(html, /<h2>Seed /)
  t.notMatch(html, /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./, 'no token or assertion')
  const md = readFileSync(join(out, 'summary.md'), 'utf8')
  t.match(md, new RegExp(`## Conformance ✅ pass — ${total} checks`))
  t.ok(existsSync(join(out, 'conform', 'junit.xml')))
})
