// `k6/execution`: instance, scenario, test and vu views of the running test.
import { engine, type VuView } from './runtime.js'

/** `k6/execution` as one VU sees it. */
export function executionModule(vu: VuView) {
  const execution = {
    get instance() {
      return engine().execution(vu).instance
    },
    get scenario() {
      return engine().execution(vu).scenario
    },
    get vu() {
      return engine().execution(vu).vu
    },
    test: {
      abort(message?: string): never {
        return engine().abort(message)
      },
      fail(message?: string): void {
        engine().markFailed(message)
      },
      get options() {
        return engine().options
      },
    },
  }
  return { default: execution }
}
