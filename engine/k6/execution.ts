// `k6/execution`: instance, scenario, test and vu views of the running test.
import { __shoreline_vu as vu } from './globals.js'
import { engine } from './runtime.js'

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

export default execution
