// The us-core self-test's harness (us-core.test.ts, us-core-variants-1/-2.test.ts): the self-test's keys
// and a dataset with enough US Core data to exercise the suite: 10 patients over 10 years, chosen by
// --cover-profiles (generators/cover.ts) so that they hold every profile a record can claim, an
// implant and an infant's growth charts included, whatever the random stream does to the first ten.
import type { Test } from 'tap'
import { join } from 'node:path'
import { allChecks } from '../../suites/registry.js'
import { prepareHarness, runAgainst, type Harness } from './harness.js'
import { noCheckFailsUnder, variantHalf } from './self-test.js'
import { cli } from '../helpers.js'

export const usCoreChecks = allChecks().filter((c) => c.suite === 'us-core')

/** The harness for this file, ready before its first test. */
export function usCoreHarness(t: Test): Harness {
  const harness = {} as Harness
  t.before(async () => {
    const dir = t.testdir({})
    Object.assign(harness, await prepareHarness(dir))
    const dataset = join(dir, 'us-core-data')
    const g = cli(['generate', '--patients', '10', '--years', '10', '--seed', '131', '--cover-profiles', '--no-bundles', '--workers', '1', '--quiet', '--out', dataset])
    if (g.code !== 0) throw new Error(g.stderr)
    harness.dataset = dataset
  })
  return harness
}

/** USCORE-03 for one half of the variants: the suite against a fresh server under each, none fails or breaks. */
export const usCoreUnderVariantHalf = (t: Test, harness: Harness, half: 1 | 2) =>
  noCheckFailsUnder(t, variantHalf(half), (v) => runAgainst(harness, usCoreChecks, { variants: [v.name], preload: true, nlp: false }), 2)
