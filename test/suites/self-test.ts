// What the self-test files share (self-test*.test.ts, split so that no one file is the last long
// run on a 2-core machine): the checks under test, the faults that list them, and a run of some of
// them against a fresh reference server. Every check is seen to pass against the reference server
// and to fail (or warn, for SHOULD/MAY) against a fault that breaks its rule (STYLE.md 5); every
// fault whose listed checks exist is caught by one of them (the mutation test); and under every legal
// variant no check fails or breaks, while each fault is still caught with some variant on.
import type { Test } from 'tap'
import { FAULTS, type FaultName } from '../../server/faults/catalogue.js'
import { VARIANTS, type Variant, type VariantName } from '../../server/variants/catalogue.js'
import { allChecks } from '../../suites/registry.js'
import type { CheckResult } from '../../suites/runner.js'
import { inParallel, prepareHarness, runAgainst, type Harness } from './harness.js'

// SHORELINE_SELFTEST_IDS=AU-20,TX-02 narrows the run to those checks while one works on them.
const only = process.env.SHORELINE_SELFTEST_IDS?.split(',')
// The us-core checks need a dataset with more than one patient's worth of US Core data: their
// self-test is test/suites/us-core.test.ts (SUITE-01 still holds them to the same rules).
export const every = allChecks().filter((c) => !only || only.includes(c.id))
export const checks = every.filter((c) => c.suite !== 'us-core')
// SHORELINE_SELFTEST_VARIANTS=eventual-search narrows SUITE-05 and USCORE-03 to those variants.
const onlyVariants = process.env.SHORELINE_SELFTEST_VARIANTS?.split(',')
export const variants = VARIANTS.filter((x) => !onlyVariants || onlyVariants.includes(x.name))
/** The first or second half of those variants (SUITE-05 and USCORE-03 each run in two files). */
export const variantHalf = (half: 1 | 2) => (half === 1 ? variants.slice(0, Math.ceil(variants.length / 2)) : variants.slice(Math.ceil(variants.length / 2)))
export const implemented = new Set(checks.map((c) => c.id))
/** The faults some implemented check is listed under. */
export const covered = FAULTS.filter((f) => f.checks.some((id) => implemented.has(id)))

/** Runs side by side (each against its own server). */
export const WIDTH = 4

/** The harness (keys, a one-patient dataset) for this file, ready before its first test. */
export function selfTestHarness(t: Test): Harness {
  const harness = {} as Harness
  t.before(async () => Object.assign(harness, await prepareHarness(t.testdir({}))))
  return harness
}

/** The checks named, as conform runs them (together), against a fresh server with these faults and variants. */
export function runner(harness: Harness) {
  return (faults: FaultName[], ids: string[], withVariants: VariantName[] = []): Promise<CheckResult[]> =>
    runAgainst(
      harness,
      checks.filter((c) => ids.includes(c.id)),
      { faults, variants: withVariants },
    )
}

/** Every covered fault, with all its implemented checks, against its own server: the outcomes in `covered` order. */
export function faultRuns(run: ReturnType<typeof runner>): Promise<CheckResult[][]> {
  return inParallel(covered, WIDTH, (f) =>
    run(
      [f.name],
      f.checks.filter((id) => implemented.has(id)),
    ),
  )
}

/**
 * SUITE-05's judgement (and USCORE-03's): under each of these variants, `runUnder` runs the checks
 * against a fresh server (`width` side by side), and none fails or breaks.
 */
export async function noCheckFailsUnder(
  t: Test,
  these: ReadonlyArray<Variant<VariantName>>,
  runUnder: (v: Variant<VariantName>) => Promise<CheckResult[]>,
  width = WIDTH,
): Promise<void> {
  const all = await inParallel(these, width, runUnder)
  for (const [i, v] of these.entries()) {
    const wrong = all[i]!.filter((r) => r.outcome === 'fail' || r.outcome === 'error')
    t.same(
      wrong.map((r) => `${r.id} ${r.outcome}: ${r.message ?? ''}`),
      [],
      `${v.name}: ${v.does}`,
    )
  }
}

/** SUITE-05 for these variants: every check under each. */
export const everyCheckUnder = (t: Test, run: ReturnType<typeof runner>, these: ReadonlyArray<Variant<VariantName>>) =>
  noCheckFailsUnder(t, these, (v) => run([], [...implemented], [v.name]))
