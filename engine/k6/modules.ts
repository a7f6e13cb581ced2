// The k6 modules a bundled scenario imports. Their code lives here, in the engine, compiled once
// and shared by every VU; each VU's bundle gets a small module per import that binds its own VU
// state (esbuild virtual modules, see ../bundle.ts). The export lists are what the bundle re-exports.
import type { VuView } from './runtime.js'
import { k6Module } from './index.js'
import { httpModule } from './http.js'
import { metricsModule } from './metrics.js'
import { executionModule } from './execution.js'
import { dataModule } from './data.js'
import * as crypto from './crypto.js'
import * as encoding from './encoding.js'
import * as timers from './timers.js'

export interface K6Module {
  names: string[]
  make(vu: VuView): Record<string, unknown>
}

const stateless = (m: Record<string, unknown>): K6Module => ({
  names: Object.keys(m).filter((k) => k !== 'default'),
  make: () => ({ ...m, default: (m as { default?: unknown }).default ?? m }),
})

export const K6_MODULES: Record<string, K6Module> = {
  k6: { names: ['check', 'group', 'sleep', 'fail', 'randomSeed'], make: k6Module },
  'k6/http': {
    names: ['url', 'asyncRequest', 'batch', 'request', 'get', 'head', 'post', 'put', 'patch', 'del', 'options', 'expectedStatuses', 'setResponseCallback', 'file'],
    make: httpModule,
  },
  'k6/metrics': { names: ['Counter', 'Gauge', 'Rate', 'Trend'], make: metricsModule },
  'k6/execution': { names: [], make: executionModule },
  'k6/data': { names: ['SharedArray'], make: dataModule },
  'k6/crypto': stateless(crypto),
  'k6/encoding': stateless(encoding),
  'k6/timers': stateless(timers),
}
