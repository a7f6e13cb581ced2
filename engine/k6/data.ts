// `k6/data`: SharedArray — built once for the whole test (not per VU), frozen, read-only.
import type { VuView } from './runtime.js'

/** `k6/data` as one VU sees it: its SharedArrays are the run's. */
export function dataModule(vu: VuView) {
  class SharedArray<T> {
    constructor(name: string, make: () => T[]) {
      return vu.run.shared(name, make as () => unknown[]) as unknown as SharedArray<T>
    }
  }
  return { SharedArray, default: { SharedArray } }
}
