// The self-test, part 1 (test/suites/self-test.ts says what the parts hold): every check is
// registered with what it needs, and passes against the clean reference server.
import t from 'tap'
import { FAULTS } from '../../server/faults/catalogue.js'
import { familyOf } from '../../suites/check.js'
import { checks, every, implemented, runner, selfTestHarness } from './self-test.js'

// A fresh reference server running every check: longer than the default (.taprc's 300 s on a busy 2-core machine).
t.setTimeout(600_000)
const run = runner(selfTestHarness(t))

t.test('SUITE-01: every check has a unique id, a spec link, requirement rows, and at least one fault that must fail it', async (t) => {
  t.equal(new Set(every.map((c) => c.id)).size, every.length, 'ids are unique')
  const { readFileSync, readdirSync } = await import('node:fs')
  const dir = new URL('../../suites/requirements/', import.meta.url)
  const rows = new Set(
    readdirSync(dir).flatMap((f) =>
      readFileSync(new URL(f, dir), 'utf8')
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0])
        .filter(Boolean),
    ),
  )
  for (const c of every) {
    t.match(c.description, /\]\(https?:\/\//, `${c.id} links its spec section`)
    t.ok(c.verifies.length > 0 && c.verifies.every((v) => rows.has(v)), `${c.id}'s requirement rows exist: ${c.verifies.join(', ')}`)
    t.ok(
      FAULTS.some((f) => f.checks.includes(c.id) || f.checks.includes(familyOf(c.id))),
      `${c.id} is listed under a fault (or its family is)`,
    )
  }
  t.ok(checks.length > 0, `${checks.length} checks under test here`)
})

t.test('SUITE-02: against the clean reference server every check passes', async (t) => {
  const results = await run([], [...implemented])
  for (const r of results) t.equal(r.outcome, 'pass', `${r.id}: ${r.message ?? ''}`)
})
