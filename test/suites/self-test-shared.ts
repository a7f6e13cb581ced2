// What the self-test files share: the checks under test (SHORELINE_SELFTEST_IDS narrows them), the
// harness they run against, and a run of some of them against a fresh reference server. The
// self-test is split in two files (self-test.test.ts, self-test-variants.test.ts) so that the test
// runner can run its halves side by side.
import type { Test } from 'tap'
import type { FaultName } from '../../server/faults/catalogue.js'
import type { VariantName } from '../../server/variants/catalogue.js'
import { allChecks } from '../../suites/registry.js'
import type { CheckResult } from '../../suites/runner.js'
import { prepareHarness, runAgainst, type Harness } from './harness.js'

// SHORELINE_SELFTEST_IDS=AU-20,TX-02 narrows the run to those checks while one works on them.
const only = process.env.SHORELINE_SELFTEST_IDS?.split(',')
// The us-core checks need a dataset with more than one patient's worth of US Core data: their
// self-test is test/suites/us-core.test.ts (SUITE-01 still holds them to the same rules).
export const every = allChecks().filter((c) => !only || only.includes(c.id))
export const checks = every.filter((c) => c.suite !== 'us-core')
// SHORELINE_SELFTEST_VARIANTS=eventual-search narrows SUITE-05 to those variants.
export const onlyVariants = process.env.SHORELINE_SELFTEST_VARIANTS?.split(',')
export const implemented = new Set(checks.map((c) => c.id))

/** Runs side by side (each against its own server). */
export const WIDTH = 4

/** The harness, prepared in the file's t.before, and a run of the checks `ids` under faults and variants. */
export function selfTestHarness(t: Test) {
  const harness = {} as Harness
  t.before(async () => Object.assign(harness, await prepareHarness(t.testdir({}))))
  return (faults: FaultName[], ids: string[], variants: VariantName[] = []): Promise<CheckResult[]> =>
    runAgainst(
      harness,
      checks.filter((c) => ids.includes(c.id)),
      { faults, variants },
    )
}
