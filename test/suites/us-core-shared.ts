// What the us-core self-test files share: the us-core checks, and a harness whose dataset has enough
// US Core data to exercise them (10 patients over 10 years), prepared in the file's t.before. The
// self-test is split in two files (us-core.test.ts, us-core-variants.test.ts) so that the test
// runner can run its halves side by side.
import type { Test } from 'tap'
import { join } from 'node:path'
import { allChecks } from '../../suites/registry.js'
import { prepareHarness, type Harness } from './harness.js'
import { cli } from '../helpers.js'

export const checks = allChecks().filter((c) => c.suite === 'us-core')

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
