// Every check is seen to pass against the reference server and to fail (or warn, for SHOULD/MAY)
// against a fault that breaks its rule (STYLE.md 5); the mutation test: every fault whose listed
// checks exist is caught by one of them saying what the fault names (a crash never counts); and
// specificity: under every legal variant no check fails or breaks, while each fault is still caught
// with some variant on.
import t from 'tap'
import { FAULTS, type FaultName } from '../../server/faults/catalogue.js'
import { VARIANTS, type VariantName } from '../../server/variants/catalogue.js'
import { allChecks } from '../../suites/registry.js'
import { familyOf } from '../../suites/check.js'
import type { CheckResult } from '../../suites/runner.js'
import { inParallel, prepareHarness, runAgainst, type Harness } from './harness.js'

// A fresh reference server per check and fault, and per variant: longer than the default (.taprc's 300 s on a busy 2-core machine).
t.setTimeout(900_000)

// SHORELINE_SELFTEST_IDS=AU-20,TX-02 narrows the run to those checks while one works on them.
const only = process.env.SHORELINE_SELFTEST_IDS?.split(',')
// The us-core checks need a dataset with more than one patient's worth of US Core data: their
// self-test is test/suites/us-core.test.ts (SUITE-01 here still holds them to the same rules).
const every = allChecks().filter((c) => !only || only.includes(c.id))
const checks = every.filter((c) => c.suite !== 'us-core')
// SHORELINE_SELFTEST_VARIANTS=eventual-search narrows SUITE-05 to those variants.
const onlyVariants = process.env.SHORELINE_SELFTEST_VARIANTS?.split(',')
const implemented = new Set(checks.map((c) => c.id))

/** Runs side by side (each against its own server). */
const WIDTH = 4
const harness = {} as Harness
t.before(async () => Object.assign(harness, await prepareHarness(t.testdir({}))))

const run = (faults: FaultName[], ids: string[], variants: VariantName[] = []): Promise<CheckResult[]> =>
  runAgainst(
    harness,
    checks.filter((c) => ids.includes(c.id)),
    { faults, variants },
  )

t.test('SUITE-01: every check has a unique id, a spec link, requirement rows, and at least one fault that must fail it', async (t) => {
  t.equal(new Set(every.map((c) => c.id)).size, every.length, 'ids are unique')
  const { readFileSync, readdirSync } = await import('node:fs')
  const dir = new URL('../../suites/requirements/', import.meta.url)
  const rows = new Set(
    readdirSync(dir).flatMap((f) =>
      readFileSync(new URL(f, dir), 'utf8')
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0])
        .filter(Boolean),
    ),
  )
  for (const c of every) {
    t.match(c.description, /\]\(https?:\/\//, `${c.id} links its spec section`)
    t.ok(c.verifies.length > 0 && c.verifies.every((v) => rows.has(v)), `${c.id}'s requirement rows exist: ${c.verifies.join(', ')}`)
    t.ok(
      FAULTS.some((f) => f.checks.includes(c.id) || f.checks.includes(familyOf(c.id))),
      `${c.id} is listed under a fault (or its family is)`,
    )
  }
})

t.test('SUITE-02: against the clean reference server every check passes', async (t) => {
  const results = await run([], [...implemented])
  for (const r of results) t.equal(r.outcome, 'pass', `${r.id}: ${r.message ?? ''}`)
})

/**
 * Every fault with implemented checks, run once with all of them against its own server (as conform
 * runs them: together): SUITE-03 reads each check's outcome under the faults that list it, SUITE-04
 * whether each fault is caught. Asked once, for both.
 */
const covered = FAULTS.filter((f) => f.checks.some((id) => implemented.has(id)))
let underFaults: Promise<CheckResult[][]> | undefined
const faultRuns = () =>
  (underFaults ??= inParallel(covered, WIDTH, (f) =>
    run(
      [f.name],
      f.checks.filter((id) => implemented.has(id)),
    ),
  ))

t.test('SUITE-03: each check fails under a fault that breaks its rule', async (t) => {
  const all = await faultRuns()
  for (const c of checks) {
    const outcomes = covered.flatMap((f, i) => (f.checks.includes(c.id) ? all[i]!.filter((r) => r.id === c.id).map((r) => `${f.name}: ${r.outcome}`) : []))
    t.ok(
      outcomes.some((o) => o.endsWith(c.level === 'SHALL' ? ': fail' : ': warn')),
      `${c.id} is seen to ${c.level === 'SHALL' ? 'fail' : 'warn'} (${outcomes.join('; ')})`,
    )
  }
})

t.test('SUITE-04: mutation test: every fault with implemented checks is caught by one of them', async (t) => {
  const all = await faultRuns()
  for (const [i, f] of covered.entries()) {
    const results = all[i]!
    // Caught means: a listed check fails (or warns, for SHOULD/MAY) with the message the fault names.
    // A crash (error) never counts, nor a failure for another reason.
    const caught = results.filter((r) => (r.outcome === 'fail' || r.outcome === 'warn') && f.says.test(r.message ?? ''))
    t.ok(
      caught.length > 0,
      `${f.name} caught by ${caught.map((r) => r.id).join(', ') || 'nothing'} saying ${f.says} (${results.map((r) => `${r.id} ${r.outcome}: ${r.message ?? ''}`).join(' | ')})`,
    )
  }
  t.comment(`${covered.length} of ${FAULTS.length} faults have implemented checks; the others wait for their suites`)
})

t.test('SUITE-05: specificity: under every legal variant no check fails or breaks (pass, skip or warn only)', async (t) => {
  t.ok(VARIANTS.length >= 12, `${VARIANTS.length} variants`)
  const variants = VARIANTS.filter((x) => !onlyVariants || onlyVariants.includes(x.name))
  const all = await inParallel(variants, WIDTH, (v) => run([], [...implemented], [v.name]))
  for (const [i, v] of variants.entries()) {
    const results = all[i]!
    const wrong = results.filter((r) => r.outcome === 'fail' || r.outcome === 'error')
    t.same(
      wrong.map((r) => `${r.id} ${r.outcome}: ${r.message ?? ''}`),
      [],
      `${v.name}: ${v.does}`,
    )
  }
})

t.test('SUITE-06: each fault is still caught with a legal variant on (variants do not hide the faults)', async (t) => {
  const tried: string[] = []
  const under = await inParallel([...covered.entries()], WIDTH, async ([i, f]) => {
    // Variants in turn, a different one first for each fault, until one leaves the fault caught.
    const order = VARIANTS.map((_, k) => VARIANTS[(i + k) % VARIANTS.length]!.name)
    for (const v of order) {
      const results = await run(
        [f.name],
        f.checks.filter((id) => implemented.has(id)),
        [v],
      )
      if (results.some((r) => (r.outcome === 'fail' || r.outcome === 'warn') && f.says.test(r.message ?? ''))) return v
    }
    return undefined
  })
  for (const [i, f] of covered.entries()) {
    const caughtUnder = under[i]
    if (caughtUnder) tried.push(caughtUnder)
    t.ok(caughtUnder, `${f.name} caught under ${caughtUnder ?? 'no variant'}`)
  }
  t.ok(new Set(tried).size >= Math.min(VARIANTS.length, covered.length) - 1, `faults were caught under ${new Set(tried).size} different variants`)
})
