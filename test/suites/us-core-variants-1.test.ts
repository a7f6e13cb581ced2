// The us-core suite's specificity (its own files, beside test/suites/us-core.test.ts, so that they
// run side by side): under every legal variant no us-core check fails or breaks, on the same
// 10-patient, 10-year dataset. The first half of the variants here, the second in
// us-core-variants-2.test.ts: the suites' files run last, and one long file alone at the end of a
// run leaves a core idle.
import t from 'tap'
import { usCoreHarness, usCoreUnderVariantHalf } from './us-core-harness.js'

// The suite against a fresh server under each variant: longer than the default (.taprc's 300 s on a busy 2-core machine).
t.setTimeout(600_000)
const harness = usCoreHarness(t)

t.test('USCORE-03: under every legal variant no us-core check fails or breaks, first half', async (t) => {
  await usCoreUnderVariantHalf(t, harness, 1)
})
