// The us-core self-test's harness (us-core.test.ts, us-core-variants-1/-2.test.ts): the self-test's keys
// and a dataset with enough US Core data to exercise the suite (10 patients over 10 years).
import type { Test } from 'tap'
import { join } from 'node:path'
import { allChecks } from '../../suites/registry.js'
import { prepareHarness, type Harness } from './harness.js'
import { cli } from '../helpers.js'

export const usCoreChecks = allChecks().filter((c) => c.suite === 'us-core')

/** The harness for this file, ready before its first test. */
export function usCoreHarness(t: Test): Harness {
  const harness = {} as Harness
  t.before(async () => {
    const dir = t.testdir({})
    Object.assign(harness, await prepareHarness(dir))
    const dataset = join(dir, 'us-core-data')
    const g = cli(['generate', '--patients', '10', '--years', '10', '--no-bundles', '--workers', '1', '--quiet', '--out', dataset])
    if (g.code !== 0) throw new Error(g.stderr)
    harness.dataset = dataset
  })
  return harness
}
