// per-vu-iterations: each VU runs `iterations`, within maxDuration.
import type { Executor } from './types.js'

export const perVuIterations: Executor = async (s, x) => {
  const end = x.begin + s.maxDurationMs
  await x.loopsUntil(end, async (vu) => {
    for (let i = 0; i < s.iterations && !x.run.stopped && performance.now() < end; i++) await x.iteration(vu)
  })
}
