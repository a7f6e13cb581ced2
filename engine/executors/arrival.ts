// What the two arrival-rate executors share: start an iteration on an idle VU, allocating one up
// to maxVUs; with none to be had, the iteration is dropped (k6's dropped_iterations).
import type { Scenario } from '../options.js'
import type { Vu } from '../vu-pool.js'
import type { ExecutorContext } from './types.js'

export function arrivals(s: Scenario, x: ExecutorContext): () => Promise<void> {
  const idle = [...x.vus]
  let allocated = x.vus.length
  return async () => {
    let vu: Vu | undefined = idle.pop()
    if (!vu && allocated < s.maxVUs) {
      allocated++
      vu = await x.newVu()
    }
    if (!vu) return x.run.registry.add('dropped_iterations', 'counter', 1, { scenario: s.name })
    const free = vu
    void x.iteration(free).finally(() => idle.push(free))
  }
}
