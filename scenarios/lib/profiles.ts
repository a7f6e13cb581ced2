// Shared load profiles (STYLE.md 12): the same test plan shapes for every scenario, chosen by
// LOAD_PROFILE (-e LOAD_PROFILE=average, or `shoreline load --load-profile`; PROFILE is the old name).
// DURATION (-e DURATION=90s, or `shoreline load --duration`) scales a profile; VUS scales its height.
const DEFAULTS: Record<string, string> = { smoke: '30s', average: '5m', stress: '10m', spike: '2m', soak: '1h' }

function seconds(d: string): number {
  let s = 0
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g
  let m: RegExpExecArray | null
  while ((m = re.exec(d))) s += Number(m[1]) * (m[2] === 'ms' ? 0.001 : m[2] === 's' ? 1 : m[2] === 'm' ? 60 : 3600)
  return s
}

const dur = (s: number) => `${Math.max(1, Math.round(s))}s`

export type LoadProfile = 'smoke' | 'average' | 'stress' | 'spike' | 'soak'

export function profileName(): LoadProfile {
  const p = (__ENV.LOAD_PROFILE ?? __ENV.PROFILE ?? 'smoke') as LoadProfile
  if (!(p in DEFAULTS)) throw new Error(`LOAD_PROFILE must be one of ${Object.keys(DEFAULTS).join(', ')}, got ${p}`)
  return p
}

/** The length of the run in seconds. */
export function lengthS(): number {
  return seconds(__ENV.DURATION ?? DEFAULTS[profileName()] ?? '30s')
}

/** A scenario for the chosen profile, running `exec` (for `seconds`, default the whole run). */
export function profileScenario(exec = 'default', extra: Record<string, unknown> = {}, seconds = lengthS()): Record<string, unknown> {
  const p = profileName()
  const t = seconds
  const vus = Number(__ENV.VUS ?? (p === 'smoke' ? 2 : p === 'average' ? 10 : p === 'stress' ? 50 : p === 'spike' ? 100 : 10))
  const base = { exec, gracefulStop: '10s', ...extra }
  switch (p) {
    case 'smoke':
    case 'soak':
      return { ...base, executor: 'constant-vus', vus, duration: dur(t) }
    case 'average':
    case 'stress':
      return {
        ...base,
        executor: 'ramping-vus',
        startVUs: 0,
        stages: [
          { duration: dur(t * 0.2), target: vus },
          { duration: dur(t * 0.6), target: vus },
          { duration: dur(t * 0.2), target: 0 },
        ],
      }
    case 'spike':
      return {
        ...base,
        executor: 'ramping-vus',
        startVUs: 1,
        stages: [
          { duration: dur(t * 0.1), target: vus },
          { duration: dur(t * 0.2), target: vus },
          { duration: dur(t * 0.1), target: 1 },
          { duration: dur(t * 0.6), target: 1 },
        ],
      }
  }
}

/** Error-rate guard every scenario carries: stop early when more than 5 % of requests fail. */
export const ERROR_GUARD = { http_req_failed: [{ threshold: 'rate<0.05', abortOnFail: true, delayAbortEval: '5s' }], checks: ['rate>0.95'] }

/**
 * A latency SLO in ms, scaled by `SLO_FACTOR` (default 1): the same script judges a production
 * target by its SLOs and a shared CI machine by looser ones (`-e SLO_FACTOR=10`), said in the run.
 */
export function slo(ms: number): number {
  const factor = Number(__ENV.SLO_FACTOR ?? 1)
  if (!(Number.isFinite(factor) && factor > 0)) throw new Error(`SLO_FACTOR must be a positive number, got ${JSON.stringify(__ENV.SLO_FACTOR)}`)
  return Math.round(ms * factor)
}
