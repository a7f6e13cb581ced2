// A load run in the results model: every metric (and threshold sub-metric) with its values and
// thresholds, latency per interaction (`name` tag), and per-second series for the report's charts.
import type { MetricResult, Results, Series } from '../lib/results/model.js'
import type { Registry } from './metrics.js'

/** How a run ended, from the built-in engine (its RunResult) or read back from real k6 (k6-output.ts). */
export interface LoadOutcome {
  exitCode: number
  reason?: string
  /** handleSummary's data object: its metrics, each with type, contains, values and thresholds. */
  data: { metrics: Record<string, unknown> }
  registry: Pick<Registry, 'byName' | 'series'>
  thresholds: ReadonlyArray<{ ok: boolean }>
  durationMs: number
  interruptedIterations: number
  /** The run ramps an arrival rate to find the target's capacity (a ramping-arrival-rate scenario). */
  capacityProbe?: boolean
}

/** Seconds a rate must hold, SLO met every second, to count as sustained. */
export const CAPACITY_WINDOW_S = 5

/**
 * The highest request rate the target sustained while meeting the run's SLO: over every stretch of
 * CAPACITY_WINDOW_S consecutive seconds in which each second's p95 stayed within the
 * `http_req_duration` p(95) threshold and its failure ratio within the `http_req_failed` rate one,
 * the rate held every second of it (its slowest second); the best such stretch.
 */
export function sustainedCapacity(
  series: LoadOutcome['registry']['series'],
  sloP95Ms: number,
  maxFailed: number,
): { reqPerS: number; fromS: number; toS: number; sloBroke: boolean } | undefined {
  const meets = series.map((p) => p.reqs > 0 && p.p95 <= sloP95Ms && p.failed / p.reqs <= maxFailed)
  let best: { reqPerS: number; fromS: number; toS: number } | undefined
  for (let i = 0; i + CAPACITY_WINDOW_S <= series.length; i++) {
    const w = series.slice(i, i + CAPACITY_WINDOW_S)
    if (!meets.slice(i, i + CAPACITY_WINDOW_S).every(Boolean)) continue
    const rate = Math.min(...w.map((p) => p.reqs))
    if (!best || rate > best.reqPerS) best = { reqPerS: rate, fromS: w[0]!.t, toS: w.at(-1)!.t }
  }
  return best && { ...best, sloBroke: meets.slice(series.findIndex((p) => p.t === best.toS) + 1).some((m) => !m) }
}

/** The SLO a capacity probe is judged by: its p(95) threshold on http_req_duration and its failure-rate one. */
function probeSlo(metrics: Record<string, unknown>): { p95: number; failed: number } | undefined {
  const expr = (key: string) => Object.keys((metrics[key] as { thresholds?: object } | undefined)?.thresholds ?? {})
  const p95 = expr('http_req_duration')
    .map((e) => /^p\(95\)\s*<=?\s*([\d.]+)$/.exec(e.trim())?.[1])
    .find(Boolean)
  if (!p95) return undefined
  const failed = expr('http_req_failed')
    .map((e) => /^rate\s*<=?\s*([\d.]+)$/.exec(e.trim())?.[1])
    .find(Boolean)
  return { p95: Number(p95), failed: failed === undefined ? 1 : Number(failed) }
}

export function loadResults(r: LoadOutcome, target: Results['target']): Pick<Results, 'verdict' | 'summary' | 'target' | 'metrics' | 'series'> & { errors?: Results['errors'] } {
  const metrics: MetricResult[] = []
  for (const [key, m] of Object.entries(r.data.metrics) as Array<
    [string, { type: MetricResult['type']; contains: MetricResult['contains']; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }]
  >) {
    const filter = /\{(.*)\}$/.exec(key)?.[1]
    metrics.push({
      name: key.replace(/\{.*$/, ''),
      type: m.type,
      contains: m.contains,
      ...(filter ? { tags: Object.fromEntries(filter.split(',').map((p) => [p.slice(0, p.indexOf(':')), p.slice(p.indexOf(':') + 1)])) } : {}),
      values: m.values,
      ...(m.thresholds ? { thresholds: Object.entries(m.thresholds).map(([expression, t]) => ({ expression, ok: t.ok })) } : {}),
    })
  }
  for (const [name, n] of r.registry.byName) {
    metrics.push({
      name: 'http_req_duration',
      type: 'trend',
      contains: 'time',
      tags: { name, per: 'interaction' },
      values: { ...n.duration.values(['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)']), count: n.reqs, failed: n.failed, throttled: n.throttled },
    })
  }
  const pts = (f: (p: LoadOutcome['registry']['series'][number]) => number): Array<[number, number]> => r.registry.series.map((p) => [p.t, Math.round(f(p) * 1000) / 1000])
  const series: Series[] = [
    { name: 'http_reqs', unit: 'req/s', points: pts((p) => p.reqs) },
    { name: 'http_req_duration', unit: 'ms', tags: { stat: 'p50' }, points: pts((p) => p.p50) },
    { name: 'http_req_duration', unit: 'ms', tags: { stat: 'p95' }, points: pts((p) => p.p95) },
    { name: 'http_req_duration', unit: 'ms', tags: { stat: 'p99' }, points: pts((p) => p.p99) },
    { name: 'http_req_failed', unit: 'ratio', points: pts((p) => (p.reqs ? p.failed / p.reqs : 0)) },
    { name: 'vus', unit: 'VUs', points: pts((p) => p.vus) },
    { name: 'iterations', unit: 'it/s', points: pts((p) => p.iterations) },
    // The script's own Counters, per second (nlp-enrichment: notes written and enriched, whose difference is the backlog).
    ...[...new Set(r.registry.series.flatMap((p) => Object.keys(p.counters ?? {})))].sort().map((name) => ({ name, unit: 'count/s', points: pts((p) => p.counters?.[name] ?? 0) })),
  ]
  const count = (name: string, field: string) => (r.data.metrics[name] as { values?: Record<string, number> } | undefined)?.values?.[field] ?? 0
  const crossed = r.thresholds.filter((t) => !t.ok).length
  const slo = r.capacityProbe ? probeSlo(r.data.metrics) : undefined
  const capacity = slo && sustainedCapacity(r.registry.series, slo.p95, slo.failed)
  return {
    verdict: r.exitCode === 0 ? 'pass' : r.exitCode === 99 || r.exitCode === 110 ? 'fail' : 'error',
    summary: {
      exitCode: r.exitCode,
      durationMs: r.durationMs,
      iterations: count('iterations', 'count'),
      httpReqs: count('http_reqs', 'count'),
      failedRate: count('http_req_failed', 'rate'),
      p95Ms: count('http_req_duration', 'p(95)'),
      thresholds: r.thresholds.length,
      thresholdsCrossed: crossed,
      droppedIterations: count('dropped_iterations', 'count'),
      interruptedIterations: r.interruptedIterations,
      ...(slo
        ? {
            capacityReqPerS: capacity ? Math.round(capacity.reqPerS * 10) / 10 : 0,
            capacitySloP95Ms: slo.p95,
            capacityWindowS: CAPACITY_WINDOW_S,
            ...(capacity ? { capacityFromS: capacity.fromS, capacityToS: capacity.toS, capacitySloBroke: capacity.sloBroke ? 1 : 0 } : {}),
          }
        : {}),
    },
    target,
    metrics,
    series,
    ...(r.reason && r.exitCode !== 0 ? { errors: [{ message: r.reason, code: String(r.exitCode) }] } : {}),
  }
}
