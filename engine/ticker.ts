// Four times a second while scenarios run: the vus gauges, a per-second point with the live
// numbers for the progress line, and the abortOnFail thresholds.
import { checkAbortOnFail } from './thresholds.js'
import type { TestRun } from './test-run.js'

export interface Progress {
  elapsedS: number
  vus: number
  iterations: number
  reqs: number
  rps: number
  p95: number
  failed: number
}

/** Starts the ticker; returns the function that stops it. */
export function startTicker(run: TestRun, t0: number, onProgress?: (p: Progress) => void): () => void {
  const { registry } = run
  let lastSecond = 0
  const timer = setInterval(() => {
    registry.vusNow = run.active
    registry.add('vus', 'gauge', run.active, {})
    registry.add('vus_max', 'gauge', run.vusInitialized, {})
    const t = Math.round((performance.now() - t0) / 1000)
    const p = t > lastSecond ? (registry.tick(t), registry.series.at(-1)) : undefined
    if (p) {
      lastSecond = t
      onProgress?.({
        elapsedS: t,
        vus: run.active,
        iterations: run.completed,
        reqs: (registry.metrics.get('http_reqs')?.sink.values([], 1).count as number) ?? 0,
        rps: p.reqs,
        p95: p.p95,
        failed: p.failed,
      })
    }
    checkAbortOnFail(run, t0)
  }, 250)
  return () => clearInterval(timer)
}
