// shared-iterations: `iterations` in total, taken by whichever VU is free, within maxDuration.
import type { Executor } from './types.js'

export const sharedIterations: Executor = async (s, x) => {
  const end = x.begin + s.maxDurationMs
  await x.loopsUntil(end, async (vu) => {
    while (!x.run.stopped && x.started() < s.iterations && performance.now() < end) await x.iteration(vu)
  })
}
