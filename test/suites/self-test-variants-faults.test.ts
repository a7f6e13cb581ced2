// The self-test, part 4 (test/suites/self-test.ts): variants do not hide the faults. Each fault is
// still caught with some legal variant on.
import t from 'tap'
import { VARIANTS } from '../../server/variants/catalogue.js'
import { covered, implemented, runner, selfTestHarness, WIDTH } from './self-test.js'
import { inParallel } from './harness.js'

// Faults under variants, each against a fresh server: longer than the default (.taprc's 300 s on a busy 2-core machine).
t.setTimeout(600_000)
const run = runner(selfTestHarness(t))

t.test('SUITE-06: each fault is still caught with a legal variant on (variants do not hide the faults)', async (t) => {
  const tried: string[] = []
  const under = await inParallel([...covered.entries()], WIDTH, async ([i, f]) => {
    // Variants in turn, a different one first for each fault, until one leaves the fault caught.
    const order = VARIANTS.map((_, k) => VARIANTS[(i + k) % VARIANTS.length]!.name)
    for (const v of order) {
      const results = await run(
        [f.name],
        f.checks.filter((id) => implemented.has(id)),
        [v],
      )
      if (results.some((r) => (r.outcome === 'fail' || r.outcome === 'warn') && f.says.test(r.message ?? ''))) return v
    }
    return undefined
  })
  for (const [i, f] of covered.entries()) {
    const caughtUnder = under[i]
    if (caughtUnder) tried.push(caughtUnder)
    t.ok(caughtUnder, `${f.name} caught under ${caughtUnder ?? 'no variant'}`)
  }
  t.ok(new Set(tried).size >= Math.min(VARIANTS.length, covered.length) - 1, `faults were caught under ${new Set(tried).size} different variants`)
})
