// USCORE-03, the second half of the variants (test/suites/us-core-variants-1.test.ts says why two files).
import t from 'tap'
import { usCoreHarness, usCoreUnderVariantHalf } from './us-core-harness.js'

t.setTimeout(600_000)
const harness = usCoreHarness(t)

t.test('USCORE-03: under every legal variant no us-core check fails or breaks, second half', async (t) => {
  await usCoreUnderVariantHalf(t, harness, 2)
})
