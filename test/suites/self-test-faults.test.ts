// The self-test, part 2 (test/suites/self-test.ts): under the faults. Every fault with implemented
// checks runs once with all of them against its own server (as conform runs them: together);
// SUITE-03 reads each check's outcome under the faults that list it, SUITE-04 whether each fault is caught.
import t from 'tap'
import { FAULTS } from '../../server/faults/catalogue.js'
import type { CheckResult } from '../../suites/runner.js'
import { checks, covered, faultRuns, runner, selfTestHarness } from './self-test.js'

// A fresh reference server per fault: longer than the default (.taprc's 300 s on a busy 2-core machine).
t.setTimeout(600_000)
const run = runner(selfTestHarness(t))
let underFaults: Promise<CheckResult[][]> | undefined
const all = () => (underFaults ??= faultRuns(run))

t.test('SUITE-03: each check fails under a fault that breaks its rule', async (t) => {
  const runs = await all()
  for (const c of checks) {
    const outcomes = covered.flatMap((f, i) => (f.checks.includes(c.id) ? runs[i]!.filter((r) => r.id === c.id).map((r) => `${f.name}: ${r.outcome}`) : []))
    t.ok(
      outcomes.some((o) => o.endsWith(c.level === 'SHALL' ? ': fail' : ': warn')),
      `${c.id} is seen to ${c.level === 'SHALL' ? 'fail' : 'warn'} (${outcomes.join('; ')})`,
    )
  }
})

t.test('SUITE-04: mutation test: every fault with implemented checks is caught by one of them', async (t) => {
  const runs = await all()
  for (const [i, f] of covered.entries()) {
    const results = runs[i]!
    // Caught means: a listed check fails (or warns, for SHOULD/MAY) with the message the fault names.
    // A crash (error) never counts, nor a failure for another reason.
    const caught = results.filter((r) => (r.outcome === 'fail' || r.outcome === 'warn') && f.says.test(r.message ?? ''))
    t.ok(
      caught.length > 0,
      `${f.name} caught by ${caught.map((r) => r.id).join(', ') || 'nothing'} saying ${f.says} (${results.map((r) => `${r.id} ${r.outcome}: ${r.message ?? ''}`).join(' | ')})`,
    )
  }
  t.comment(`${covered.length} of ${FAULTS.length} faults have implemented checks; the others wait for their suites`)
})
