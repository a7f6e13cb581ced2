// Runs checks against a target and turns each into a result of the results model: pass; fail
// (SHALL) or warn (SHOULD/MAY) with the message of an unmet expectation; skip with the reason when
// a precondition is missing or the target does not claim what the check needs (suites/needs.ts);
// fail when the target could not be reached; and error — never a verdict on the target — for
// anything else a check throws. No check stops the run.
import { Skipped, Unmet, UnmetAssumed, type Check } from './check.js'
import { ExitCode, TargetUnreachableError } from '../lib/errors.js'
import { redactText } from '../lib/redact.js'
import { unmetNeed } from './needs.js'
import type { CheckContext, RecordedExchange } from './context.js'
import type { CheckOutcome, Exchange, RunnerCheckResult as CheckResult } from '../lib/results/model.js'
import type { TargetProfile } from '../profiles/index.js'

export type { CheckResult }

/** Characters of a response body kept in the results: the first exchanges of a check in full up to BODY_LIMIT, the rest shorter. */
const BODY_LIMIT = 4000
const FULL_BODIES = 25
const LATER_BODY_LIMIT = 400

export async function runChecks(
  ctx: CheckContext,
  checks: Array<Check & { suite: string }>,
  onResult?: (r: CheckResult) => void,
  opts: { readOnly?: boolean; profile?: TargetProfile; breaker?: Breaker } = {},
): Promise<CheckResult[]> {
  const results: CheckResult[] = []
  ctx.readOnly = !!opts.readOnly
  const breaker = opts.breaker ?? newBreaker()
  for (const check of checks) {
    ctx.touched = []
    ctx.measured = []
    const started = performance.now()
    let outcome: CheckOutcome = 'pass'
    let message: string | undefined
    let unreachable = false
    try {
      // A target that stopped answering: the rest are not run (each would wait out its timeouts), saying why.
      if (breaker.inARow >= breaker.limit)
        throw new Skipped(`not run: the target stopped answering (${breaker.limit} checks in a row could not complete; the last: ${breaker.last})`)
      if (check.writes && opts.readOnly) throw new Skipped('writes to the target (--read-only)')
      const unmet = await unmetNeed(ctx, check.needs ?? [])
      if (unmet) throw new Skipped(unmet)
      await check.run(ctx)
    } catch (err) {
      if (err instanceof Skipped) {
        outcome = 'skip'
        message = err.message
      } else if (err instanceof Unmet) {
        // A verdict that rests on an undocumented assumption is a SHOULD at most.
        outcome = check.level === 'SHALL' && !(err instanceof UnmetAssumed) ? 'fail' : 'warn'
        message = err.message
      } else if (err instanceof TargetUnreachableError) {
        // The target did not answer (or answered more than a check reads): its failure, with the reason.
        outcome = 'fail'
        message = `the check could not complete: ${err.message}`
        unreachable = true
        breaker.last = err.message
      } else {
        // Anything else is the check itself breaking: never blamed on the target.
        outcome = 'error'
        message = `the check itself failed (not a verdict on the target): ${(err as Error)?.message ?? String(err)}`
      }
    }
    // Its requests got no answer (recorded as exchange errors, or thrown): one more in a row; any answer resets the count.
    const answered = ctx.touched.some((ex) => ex.response)
    const lost = ctx.touched.find((ex) => ex.error)?.error
    if (unreachable || (!answered && lost)) {
      breaker.inARow++
      if (!unreachable) breaker.last = lost
    } else if (answered) breaker.inARow = 0
    // Messages quote what the target answered, which can hold a token: redacted before anyone sees them.
    if (message !== undefined) message = redactText(message)
    const documented = opts.profile?.deviations[check.id]
    let deviation: CheckResult['deviation']
    if (documented && (outcome === 'fail' || outcome === 'warn')) {
      outcome = 'deviation'
      deviation = documented
      message = `deviation (documented): ${documented.reason} (${documented.reference}); observed: ${message ?? ''}`
    }
    // A verdict that rests on something the vendor does not document says so (profile assumptions).
    const assumption = Object.values(opts.profile?.assumptions ?? {}).find((a) => a.checks.includes(check.id))
    const r: CheckResult = {
      id: check.id,
      title: check.title,
      suite: check.suite,
      level: check.level,
      outcome,
      ...(message ? { message } : {}),
      requirements: check.verifies,
      ...(deviation ? { deviation } : {}),
      ...(assumption ? { assumption: { says: assumption.says, reference: assumption.reference } } : {}),
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      ...(ctx.measured.length ? { metrics: ctx.measured } : {}),
      // A check may ask hundreds of queries (a ground-truth list asked one value at a time): every
      // exchange is kept, and past its first 25 only the start of each body.
      exchanges: [...new Set(ctx.touched)].map((ex, i) => trim(ex, i < FULL_BODIES ? BODY_LIMIT : LATER_BODY_LIMIT)),
    }
    results.push(r)
    onResult?.(r)
  }
  await ctx.cleanUp()
  return results
}

/** Checks in a row that could not complete (no usable answer), shared by the suites of a run. */
export interface Breaker {
  inARow: number
  limit: number
  last?: string
}

export function newBreaker(limit = 5): Breaker {
  return { inARow: 0, limit }
}

/**
 * Independent suites run side by side, each with its own context (its own exchanges, run tag and
 * clean-up); the checks of one suite run in order. Results come back in suite order.
 */
export async function runSuites(
  context: () => CheckContext,
  checks: Array<Check & { suite: string }>,
  onResult?: (r: CheckResult) => void,
  opts: Parameters<typeof runChecks>[3] = {},
): Promise<CheckResult[]> {
  const suites = [...new Set(checks.map((c) => c.suite))]
  opts = { ...opts, breaker: opts.breaker ?? newBreaker() }
  const done = await Promise.all(
    suites.map((s) =>
      runChecks(
        context(),
        checks.filter((c) => c.suite === s),
        onResult,
        opts,
      ),
    ),
  )
  return done.flat()
}

function trim(ex: RecordedExchange, limit: number): Exchange {
  if (!ex.response) return ex
  const body = ex.response.body.length > limit ? `${ex.response.body.slice(0, limit)}… (${ex.response.body.length} characters)` : ex.response.body
  return { ...ex, response: { ...ex.response, body } }
}

/**
 * The run's verdict and exit code: a failed check is a verdict on the target (fail, exit 1); a
 * check that broke says nothing about the target (error, exit 70) unless something also failed.
 */
export function conformanceVerdict(results: ReadonlyArray<Pick<CheckResult, 'outcome'>>): { verdict: 'pass' | 'fail' | 'error'; exitCode: number } {
  if (results.some((r) => r.outcome === 'fail')) return { verdict: 'fail', exitCode: ExitCode.verdictFailed }
  if (results.some((r) => r.outcome === 'error')) return { verdict: 'error', exitCode: ExitCode.internal }
  return { verdict: 'pass', exitCode: ExitCode.ok }
}

/** TAP 14 for the run (what node-tap and CI TAP consumers read). */
export function toTap(results: CheckResult[]): string {
  const lines = ['TAP version 14', `1..${results.length}`]
  results.forEach((r, i) => {
    const directive =
      r.outcome === 'skip'
        ? ` # SKIP ${r.message ?? ''}`
        : r.outcome === 'warn'
          ? ` # TODO warn: ${r.message ?? ''}`
          : r.outcome === 'deviation'
            ? ` # TODO ${r.message ?? ''}`
            : ''
    // An error is `not ok` too (something did not work), told apart by its YAML `outcome`.
    const broken = r.outcome === 'fail' || r.outcome === 'error'
    lines.push(`${broken ? 'not ok' : 'ok'} ${i + 1} - ${r.id}: ${r.title}${directive}`)
    if (broken) lines.push('  ---', `  outcome: ${r.outcome}`, `  message: ${JSON.stringify(r.message ?? '')}`, `  suite: ${r.suite}`, '  ...')
  })
  return lines.join('\n') + '\n'
}
