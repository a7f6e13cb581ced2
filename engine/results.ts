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
  ]
  const count = (name: string, field: string) => (r.data.metrics[name] as { values?: Record<string, number> } | undefined)?.values?.[field] ?? 0
  const crossed = r.thresholds.filter((t) => !t.ok).length
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
    },
    target,
    metrics,
    series,
    ...(r.reason && r.exitCode !== 0 ? { errors: [{ message: r.reason, code: String(r.exitCode) }] } : {}),
  }
}
