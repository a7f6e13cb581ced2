// `k6/data`: SharedArray — built once for the whole test (not per VU), frozen, read-only.
import { engine } from './runtime.js'

export class SharedArray<T> {
  constructor(name: string, make: () => T[]) {
    return engine().shared(name, make as () => unknown[]) as unknown as SharedArray<T>
  }
}
