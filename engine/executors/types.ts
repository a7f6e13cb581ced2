// What an executor is given: the scenario's VUs, its start, and the one way to run an iteration.
// An executor decides only *when* iterations start (k6's executor semantics); the scenario runner
// (../scenario.ts) tracks them, applies gracefulStop and counts interruptions.
import type { Scenario } from '../options.js'
import type { TestRun } from '../test-run.js'
import type { Vu } from '../vu-pool.js'

export interface ExecutorContext {
  run: TestRun
  /** The VUs initialised before the test (the scenario's vus / preAllocatedVUs). */
  vus: Vu[]
  /** performance.now() when the scenario started. */
  begin: number
  /** Iterations started so far in this scenario. */
  started(): number
  /** Runs one iteration on `vu` (tracked for gracefulStop); resolves when it ends. */
  iteration(vu: Vu): Promise<void>
  /** A VU beyond the initial ones (arrival-rate executors, up to maxVUs). */
  newVu(): Promise<Vu>
  /** Every VU runs `body` until it returns or `end` (ms, performance clock) passes. */
  loopsUntil(end: number, body: (vu: Vu, index: number) => Promise<void>): Promise<void>
}

export type Executor = (s: Scenario, x: ExecutorContext) => Promise<void>
