// k6 options → scenarios: the shortcuts (vus+duration, vus+iterations, stages) and every executor's
// defaults (k6 docs, "Scenarios" and "Executors"), checked before anything runs.
import { parseDuration } from './http.js'

export type Executor = 'shared-iterations' | 'per-vu-iterations' | 'constant-vus' | 'ramping-vus' | 'constant-arrival-rate' | 'ramping-arrival-rate'

export interface Stage {
  durationMs: number
  target: number
}

export interface Scenario {
  name: string
  executor: Executor
  exec: string
  startTimeMs: number
  gracefulStopMs: number
  env: Record<string, string>
  tags: Record<string, string>
  vus: number
  iterations: number
  durationMs: number
  maxDurationMs: number
  stages: Stage[]
  startVUs: number
  gracefulRampDownMs: number
  rate: number
  startRate: number
  timeUnitMs: number
  preAllocatedVUs: number
  maxVUs: number
}

const EXECUTORS: Executor[] = ['shared-iterations', 'per-vu-iterations', 'constant-vus', 'ramping-vus', 'constant-arrival-rate', 'ramping-arrival-rate']

export class OptionsError extends Error {}

function dur(v: unknown, label: string, fallback?: number): number {
  if (v === undefined) {
    if (fallback === undefined) throw new OptionsError(`${label} is required`)
    return fallback
  }
  try {
    return parseDuration(v, label)
  } catch (err) {
    throw new OptionsError((err as Error).message)
  }
}

function int(v: unknown, label: string, fallback?: number): number {
  if (v === undefined) {
    if (fallback === undefined) throw new OptionsError(`${label} is required`)
    return fallback
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new OptionsError(`${label} must be a whole number, got ${JSON.stringify(v)}`)
  return v
}

function stages(v: unknown, label: string): Stage[] {
  if (!Array.isArray(v) || v.length === 0) throw new OptionsError(`${label} must be a non-empty array of {duration, target}`)
  return v.map((s: { duration?: unknown; target?: unknown }, i) => ({ durationMs: dur(s.duration, `${label}[${i}].duration`), target: int(s.target, `${label}[${i}].target`) }))
}

export function scenariosOf(options: Record<string, unknown>): Scenario[] {
  let raw = options.scenarios as Record<string, Record<string, unknown>> | undefined
  if (!raw) {
    if (options.stages) raw = { default: { executor: 'ramping-vus', stages: options.stages, startVUs: options.vus ?? 1 } }
    else if (options.duration !== undefined) raw = { default: { executor: 'constant-vus', vus: options.vus ?? 1, duration: options.duration } }
    else raw = { default: { executor: 'shared-iterations', vus: options.vus ?? 1, iterations: options.iterations ?? 1 } }
  }
  return Object.entries(raw).map(([name, s]) => {
    const at = `scenarios.${name}`
    const executor = s.executor as Executor
    if (!EXECUTORS.includes(executor)) throw new OptionsError(`${at}.executor must be one of ${EXECUTORS.join(', ')}, got ${JSON.stringify(s.executor)}`)
    const base: Scenario = {
      name,
      executor,
      exec: typeof s.exec === 'string' ? s.exec : 'default',
      startTimeMs: dur(s.startTime, `${at}.startTime`, 0),
      gracefulStopMs: dur(s.gracefulStop, `${at}.gracefulStop`, 30_000),
      env: (s.env as Record<string, string>) ?? {},
      tags: (s.tags as Record<string, string>) ?? {},
      vus: 0,
      iterations: 0,
      durationMs: 0,
      maxDurationMs: 0,
      stages: [],
      startVUs: 0,
      gracefulRampDownMs: 0,
      rate: 0,
      startRate: 0,
      timeUnitMs: 1000,
      preAllocatedVUs: 0,
      maxVUs: 0,
    }
    switch (executor) {
      case 'shared-iterations':
      case 'per-vu-iterations':
        return { ...base, vus: int(s.vus, `${at}.vus`, 1), iterations: int(s.iterations, `${at}.iterations`, 1), maxDurationMs: dur(s.maxDuration, `${at}.maxDuration`, 600_000) }
      case 'constant-vus':
        return { ...base, vus: int(s.vus, `${at}.vus`, 1), durationMs: dur(s.duration, `${at}.duration`) }
      case 'ramping-vus':
        return {
          ...base,
          stages: stages(s.stages, `${at}.stages`),
          startVUs: int(s.startVUs, `${at}.startVUs`, 1),
          gracefulRampDownMs: dur(s.gracefulRampDown, `${at}.gracefulRampDown`, 30_000),
        }
      case 'constant-arrival-rate': {
        const pre = int(s.preAllocatedVUs, `${at}.preAllocatedVUs`)
        return {
          ...base,
          rate: int(s.rate, `${at}.rate`),
          durationMs: dur(s.duration, `${at}.duration`),
          timeUnitMs: dur(s.timeUnit, `${at}.timeUnit`, 1000),
          preAllocatedVUs: pre,
          maxVUs: Math.max(pre, int(s.maxVUs, `${at}.maxVUs`, pre)),
        }
      }
      case 'ramping-arrival-rate': {
        const pre = int(s.preAllocatedVUs, `${at}.preAllocatedVUs`)
        return {
          ...base,
          stages: stages(s.stages, `${at}.stages`),
          startRate: int(s.startRate, `${at}.startRate`, 0),
          timeUnitMs: dur(s.timeUnit, `${at}.timeUnit`, 1000),
          preAllocatedVUs: pre,
          maxVUs: Math.max(pre, int(s.maxVUs, `${at}.maxVUs`, pre)),
        }
      }
    }
  })
}

/** The VUs a scenario starts with. */
export const initialVus = (s: Scenario) =>
  s.executor === 'ramping-vus' ? Math.max(s.startVUs, ...s.stages.map((x) => x.target)) : s.executor.endsWith('arrival-rate') ? s.preAllocatedVUs : s.vus

/** Target VUs (ramping-vus) or iterations per timeUnit (ramping-arrival-rate) at `t` ms into the stages. */
export function stageValue(start: number, st: Stage[], t: number): number {
  let from = start
  let at = 0
  for (const s of st) {
    if (t < at + s.durationMs) return from + ((s.target - from) * (t - at)) / Math.max(1, s.durationMs)
    at += s.durationMs
    from = s.target
  }
  return from
}

export const stagesLength = (st: Stage[]) => st.reduce((n, s) => n + s.durationMs, 0)
