// constant-vus: `vus` VUs loop for `duration`.
import type { Executor } from './types.js'

export const constantVus: Executor = async (s, x) => {
  const end = x.begin + s.durationMs
  await x.loopsUntil(end, async (vu) => {
    while (!x.run.stopped && performance.now() < end) await x.iteration(vu)
  })
}
