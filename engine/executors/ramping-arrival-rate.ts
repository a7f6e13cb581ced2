// ramping-arrival-rate: the rate follows the stages (linear ramps from startRate); the iterations
// due by time t are the integral of the rate over the stages up to t.
import type { Scenario } from '../options.js'
import { stagesLength } from '../options.js'
import { arrivals } from './arrival.js'
import type { Executor } from './types.js'

/** Iterations due `t` ms into the scenario. */
export function dueBy(s: Scenario, t: number): number {
  let sum = 0
  let at = 0
  let from = s.startRate
  for (const st of s.stages) {
    const d = Math.min(Math.max(t - at, 0), st.durationMs)
    if (d > 0) sum += (from * d + ((st.target - from) * d * d) / (2 * Math.max(st.durationMs, 1))) / s.timeUnitMs
    at += st.durationMs
    from = st.target
  }
  return sum
}

export const rampingArrivalRate: Executor = async (s, x) => {
  const startOne = arrivals(s, x)
  const length = stagesLength(s.stages)
  const end = x.begin + length
  let launched = 0
  while (!x.run.stopped && performance.now() < end) {
    const due = Math.floor(dueBy(s, performance.now() - x.begin) + 1e-9)
    while (launched < due && !x.run.stopped) {
      launched++
      await startOne()
    }
    await x.run.until(Math.min(end, performance.now() + 2))
  }
  const last = Math.floor(dueBy(s, length) + 1e-9)
  while (launched < last && !x.run.stopped) {
    launched++
    await startOne()
  }
}
