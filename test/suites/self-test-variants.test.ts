// Specificity: under every legal variant no check fails or breaks (pass, skip or warn only): each
// variant is a fresh reference server running every check. Split from self-test.test.ts so that the
// two halves run side by side.
import t from 'tap'
import { VARIANTS } from '../../server/variants/catalogue.js'
import { inParallel } from './harness.js'
import { implemented, onlyVariants, selfTestHarness, WIDTH } from './self-test-shared.js'

// Every check under each of the variants: longer than the default (.taprc's 300 s on a busy 2-core machine).
t.setTimeout(900_000)

const run = selfTestHarness(t)

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
