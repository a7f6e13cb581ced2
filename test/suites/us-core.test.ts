// The us-core suite's self-test, on a dataset with enough US Core data to exercise it (10 patients
// over 10 years): every check passes against the reference server (or skips only where the
// dataset holds none of its profile), and each family fails under the fault that breaks its rule —
// every instance that passed, with the family's own message. That no legal variant makes one fail
// is test/suites/us-core-variants-1/-2.test.ts.
// The lists of what the generator covers (suites/us-core/covered.ts) are held to the dataset.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FAULTS } from '../../server/faults/catalogue.js'
import { familyOf } from '../../suites/check.js'
import { ANSWERED_SEARCHES, GENERATED_PROFILES, NOT_VALIDATED, searchKey } from '../../suites/us-core/covered.js'
import { usCoreValidator } from '../../lib/us-core/validator.js'
import { selectedBy } from '../../suites/us-core/US-02-search.js'
import { US_CORE_RESOURCES, usCoreSearches } from '../../lib/us-core/index.js'
import { inParallel, runAgainst } from './harness.js'
import { usCoreChecks as checks, usCoreHarness } from './us-core-harness.js'

// The suite against a fresh server, clean and under each fault: longer than the default (.taprc's 300 s on a busy 2-core machine).
t.setTimeout(600_000)

const harness = usCoreHarness(t)
/** Checks the dataset cannot exercise (none of its resources claims their profile), with why. */
const NO_DATA = /holds no/

t.test('USCORE-00: the searches the suite asks are the US Core ones the generated ground truth answers', async (t) => {
  const manifest = JSON.parse(readFileSync(join(harness.dataset, 'manifest.json'), 'utf8')) as { groundTruth: Array<{ query: string }> }
  const asked = new Set(manifest.groundTruth.map((q) => searchKey(q.query.split('?')[0] ?? '', selectedBy(q.query))))
  const usCore = usCoreSearches()
    .filter((s) => s.expectation === 'SHALL' || s.expectation === 'SHOULD')
    .map((s) => searchKey(s.type, s.params))
  t.same([...ANSWERED_SEARCHES].sort(), usCore.filter((k) => asked.has(k)).sort(), 'covered.ts lists exactly the US Core searches the ground truth answers')
  const profiles = new Set(US_CORE_RESOURCES.flatMap((r) => r.profiles).map((u) => u.slice(u.lastIndexOf('/') + 1)))
  for (const p of GENERATED_PROFILES) t.ok(profiles.has(p), `${p} is a US Core 6.1 profile`)
  // And every US Core profile the dataset claims has its checks (a profile the generator starts claiming is not left unchecked).
  const claimed = new Set<string>()
  for (const f of readdirSync(join(harness.dataset, 'ndjson')))
    for (const line of readFileSync(join(harness.dataset, 'ndjson', f), 'utf8').split('\n'))
      for (const url of line ? ((JSON.parse(line) as { meta?: { profile?: string[] } }).meta?.profile ?? []) : [])
        if (url.startsWith('http://hl7.org/fhir/us/core/StructureDefinition/')) claimed.add(url.slice(url.lastIndexOf('/') + 1))
  t.same(
    [...claimed].filter((p) => !GENERATED_PROFILES.has(p)),
    [],
    `the ${claimed.size} US Core profiles the dataset claims are all in covered.ts`,
  )
  t.ok(checks.length >= 130, `${checks.length} us-core checks`)
  const validator = await usCoreValidator()
  t.same(
    [...validator.unloadable.keys()].map((u) => u.slice(u.lastIndexOf('/') + 1)),
    Object.keys(NOT_VALIDATED),
    'US-03 leaves out exactly the profiles the validator cannot load',
  )
})

t.test('USCORE-01: against the reference server every us-core check passes, or skips for want of its profile in the dataset', async (t) => {
  const results = await runAgainst(harness, checks, { nlp: false })
  const skipped = results.filter((r) => r.outcome === 'skip')
  for (const r of results) t.ok(r.outcome === 'pass' || (r.outcome === 'skip' && NO_DATA.test(r.message ?? '')), `${r.id}: ${r.outcome} ${r.message ?? ''}`)
  // The 10 patients hold every generated profile, the implantable device and the infant ones included (--cover-profiles).
  t.same([...new Set(skipped.map((r) => r.id.slice(6)))], [], 'no profile lacks data')
  t.ok(results.filter((r) => r.outcome === 'pass').length >= checks.length - 3, `${results.filter((r) => r.outcome === 'pass').length} of ${checks.length} pass`)
  const validated = results.flatMap((r) => r.metrics ?? []).filter((m) => m.name === 'validated')
  t.ok(validated.reduce((n, m) => n + m.value, 0) >= 500, `US-03 validated ${validated.reduce((n, m) => n + m.value, 0)} resources over ${validated.length} profiles`)
})

t.test('USCORE-02: each family fails under its fault, every instance, with its own message', async (t) => {
  const faults = FAULTS.filter((f) => f.checks.some((id) => id.startsWith('US-')))
  const clean = new Set((await runAgainst(harness, checks, { preload: true, nlp: false })).filter((r) => r.outcome === 'pass').map((r) => r.id))
  const all = await inParallel(faults, 3, (f) =>
    runAgainst(
      harness,
      checks.filter((c) => f.checks.includes(familyOf(c.id))),
      { faults: [f.name], preload: true, nlp: false },
    ),
  )
  for (const [i, f] of faults.entries()) {
    const results = all[i]!.filter((r) => clean.has(r.id))
    t.ok(results.length > 0, `${f.name}: its family ran`)
    const missed = results.filter((r) => !((r.outcome === 'fail' || r.outcome === 'warn') && f.says.test(r.message ?? '')))
    t.same(
      missed.map((r) => `${r.id} ${r.outcome}: ${r.message ?? ''}`),
      [],
      `${f.name}: all ${results.length} of ${f.checks.join(', ')} caught, saying ${f.says}`,
    )
  }
})
