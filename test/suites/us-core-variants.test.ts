// The us-core suite's specificity (its own file, beside test/suites/us-core.test.ts, so that the two
// run side by side): under every legal variant no us-core check fails or breaks, on the same
// 10-patient, 10-year dataset.
import t from 'tap'
import { VARIANTS } from '../../server/variants/catalogue.js'
import { runAgainst } from './harness.js'
import { noCheckFailsUnder } from './self-test.js'
import { usCoreChecks, usCoreHarness } from './us-core-harness.js'

// The suite against a fresh server under each variant: longer than the default (.taprc's 300 s on a busy 2-core machine).
t.setTimeout(600_000)
const harness = usCoreHarness(t)

t.test('USCORE-03: under every legal variant no us-core check fails or breaks', async (t) => {
  await noCheckFailsUnder(t, VARIANTS, (v) => runAgainst(harness, usCoreChecks, { variants: [v.name], preload: true, nlp: false }), 2)
})
