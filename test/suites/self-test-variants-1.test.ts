// The self-test, part 3 (test/suites/self-test.ts): specificity. Under every legal variant no
// check fails or breaks: the first half of the variants here, the second in
// self-test-variants-2.test.ts (two files, so that the two halves run side by side).
import t from 'tap'
import { VARIANTS } from '../../server/variants/catalogue.js'
import { everyCheckUnder, runner, selfTestHarness, variantHalf } from './self-test.js'

// Every check under each variant, each against a fresh server: longer than the default (.taprc's 300 s on a busy 2-core machine).
t.setTimeout(600_000)
const run = runner(selfTestHarness(t))

t.test('SUITE-05: specificity: under every legal variant no check fails or breaks (pass, skip or warn only), first half', async (t) => {
  t.ok(VARIANTS.length >= 12, `${VARIANTS.length} variants`)
  await everyCheckUnder(t, run, variantHalf(1))
})
