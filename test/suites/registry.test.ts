// The suites' layout: each area's index.ts lists every check file of its folder once, in run
// order; a check lives in its area's folder under its own id; checks share exchanges through the
// area's shared.ts, never through another check's file.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { allChecks, SUITES, checkFile } from '../../suites/registry.js'
import { familyOf } from '../../suites/check.js'
import { GENERATED_PROFILES } from '../../suites/us-core/covered.js'

const suites = new URL('../../suites/', import.meta.url)

t.test('SUITE-LAYOUT-01: every check file is in its area index once, and every indexed check is in its folder', async (t) => {
  for (const [suite, checks] of Object.entries(SUITES)) {
    const files = readdirSync(new URL(`${suite}/`, suites)).filter((f) => /^[A-Z]{2,3}-\d+-.+\.ts$/.test(f))
    const ids = checks.map((c) => c.id)
    t.same([...new Set(ids)].length, ids.length, `${suite}: no check twice`)
    // A family (one file instantiated per option) lists its instances under ids that extend the file's.
    const families = [...new Set(ids.map(familyOf))].sort()
    t.same(families, files.map((f) => f.replace(/^([A-Z]{2,3}-\d+)-.*$/, '$1')).sort(), `${suite}: index.ts lists exactly the check files of suites/${suite}/`)
    for (const c of checks) t.match(checkFile(suite, c.id), new RegExp(`^suites/${suite}/${familyOf(c.id)}-[a-z0-9-]+\\.ts$`), `${c.id} is found by its file`)
  }
})

t.test('SUITE-LAYOUT-02: no check or shared module imports a check file (only index.ts does)', async (t) => {
  for (const suite of Object.keys(SUITES)) {
    for (const f of readdirSync(new URL(`${suite}/`, suites)).filter((n) => n.endsWith('.ts') && n !== 'index.ts')) {
      const text = readFileSync(new URL(`${suite}/${f}`, suites), 'utf8')
      t.notMatch(text, /from '\.\.?\/(?:[a-z-]+\/)?[A-Z]{2,3}-\d+-/, `suites/${suite}/${f} imports no check file`)
    }
  }
})

t.test('SUITE-LAYOUT-03: no check parses JSON itself (a non-JSON body is a reasoned failure, never a crash)', async (t) => {
  for (const suite of Object.keys(SUITES)) {
    for (const f of readdirSync(new URL(`${suite}/`, suites)).filter((n) => n.endsWith('.ts'))) {
      t.notMatch(readFileSync(new URL(`${suite}/${f}`, suites), 'utf8'), /JSON\.parse\(/, `suites/${suite}/${f} reads JSON through parseBody() or the recorded json()`)
    }
  }
})

t.test('SUITE-README-01: the README counts the checks there are, in all and per suite', async (t) => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const all = allChecks()
  for (const m of readme.matchAll(/runs (\d+) conformance checks|all (\d+) checks/g)) t.equal(Number(m[1] ?? m[2]), all.length, `README: "${m[0]}"`)
  const rows = [...readme.matchAll(/^\| `([a-z-]+)` \| (\d+) \|/gm)].map((m) => [m[1]!, Number(m[2])] as const)
  const perSuite = new Map<string, number>()
  for (const c of all) perSuite.set(c.suite, (perSuite.get(c.suite) ?? 0) + 1)
  t.same(new Map(rows), perSuite, 'the suite table lists every suite with its count')
  const profiles = /\((\d+) profiles: /.exec(readme)
  t.equal(Number(profiles?.[1]), GENERATED_PROFILES.size, `README: "${profiles?.[0]}" (the US Core profiles generated data claims)`)
})
