// constant-arrival-rate: `rate` iterations per `timeUnit` for `duration`, whatever they take.
import { arrivals } from './arrival.js'
import type { Executor } from './types.js'

export const constantArrivalRate: Executor = async (s, x) => {
  const startOne = arrivals(s, x)
  const interval = s.timeUnitMs / Math.max(s.rate, 1e-9)
  const end = x.begin + s.durationMs
  for (let k = 0; !x.run.stopped; k++) {
    const due = x.begin + k * interval
    if (due >= end) break
    await x.run.until(due)
    if (x.run.stopped) break
    await startOne()
  }
  await x.run.until(end)
}
