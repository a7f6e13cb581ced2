// The six executors k6 has, by name: one file each.
import type { Executor as ExecutorName } from '../options.js'
import { constantArrivalRate } from './constant-arrival-rate.js'
import { constantVus } from './constant-vus.js'
import { perVuIterations } from './per-vu-iterations.js'
import { rampingArrivalRate } from './ramping-arrival-rate.js'
import { rampingVus } from './ramping-vus.js'
import { sharedIterations } from './shared-iterations.js'
import type { Executor } from './types.js'

export type { Executor, ExecutorContext } from './types.js'

export const EXECUTORS: Readonly<Record<ExecutorName, Executor>> = {
  'shared-iterations': sharedIterations,
  'per-vu-iterations': perVuIterations,
  'constant-vus': constantVus,
  'ramping-vus': rampingVus,
  'constant-arrival-rate': constantArrivalRate,
  'ramping-arrival-rate': rampingArrivalRate,
}
