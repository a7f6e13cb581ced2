// `k6/execution`: instance, scenario, test and vu views of the running test.
import { type VuView } from './runtime.js'

/** `k6/execution` as one VU sees it. */
export function executionModule(vu: VuView) {
  const execution = {
    get instance() {
      return vu.run.execution(vu).instance
    },
    get scenario() {
      return vu.run.execution(vu).scenario
    },
    get vu() {
      return vu.run.execution(vu).vu
    },
    test: {
      abort(message?: string): never {
        return vu.run.abort(message)
      },
      fail(message?: string): void {
        vu.run.markFailed(message)
      },
      get options() {
        return vu.run.options
      },
    },
  }
  return { default: execution }
}
