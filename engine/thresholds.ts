// Thresholds: abortOnFail checked while the test runs (once its delay has passed), and every
// threshold judged at the end over the whole run.
import { aggregate, compare, sinkFor } from './metrics.js'
import { EXIT, type TestRun } from './test-run.js'

/** Stops the run at the first abortOnFail threshold crossed. */
export function checkAbortOnFail(run: TestRun, t0: number): void {
  const elapsed = performance.now() - t0
  for (const th of run.thresholds) {
    if (!th.abortOnFail || elapsed < th.delayAbortEvalMs) continue
    const sink = sinkFor(run.registry, th)
    if (sink && !compare(aggregate(sink, th.agg, elapsed / 1000), th.op, th.value)) run.stop(EXIT.thresholds, `threshold ${th.key} '${th.expression}' crossed (abortOnFail)`)
  }
}

/** Sets each threshold's verdict over the run's duration; a metric never seen passes. */
export function judgeThresholds(run: TestRun, durationMs: number): void {
  for (const th of run.thresholds) {
    const sink = sinkFor(run.registry, th)
    th.ok = sink ? compare(aggregate(sink, th.agg, durationMs / 1000), th.op, th.value) : true
  }
}
