// ramping-vus: the number of looping VUs follows the stages (linear ramps from startVUs).
import { stagesLength, stageValue } from '../options.js'
import type { Executor } from './types.js'

export const rampingVus: Executor = async (s, x) => {
  const end = x.begin + stagesLength(s.stages)
  const target = () => Math.round(stageValue(s.startVUs, s.stages, performance.now() - x.begin))
  await x.loopsUntil(end, async (vu, index) => {
    while (!x.run.stopped && performance.now() < end) {
      if (index >= target()) {
        await x.run.until(Math.min(end, performance.now() + 20))
        continue
      }
      await x.iteration(vu)
    }
  })
}
