// Thresholds: parsed from the options (`metric{tag:value}` keys, `<aggregation> <op> <number>`
// expressions), abortOnFail checked while the test runs (once its delay has passed), and every
// threshold judged at the end over the whole run.
import { TrendSink, type Kind, type Metric, type Registry, type Sink } from './metrics.js'
import { EXIT, type TestRun } from './test-run.js'

export interface Threshold {
  /** The key as written: `http_req_duration{name:read}`. */
  key: string
  metric: string
  filter: Array<[string, string]>
  expression: string
  agg: string
  op: string
  value: number
  abortOnFail: boolean
  delayAbortEvalMs: number
  ok: boolean
}

const AGGS: Record<Kind, RegExp> = {
  counter: /^(count|rate)$/,
  gauge: /^(value)$/,
  rate: /^(rate)$/,
  trend: /^(avg|min|max|med|p\((\d+(\.\d+)?)\))$/,
}

export function parseThresholdKey(key: string): { metric: string; filter: Array<[string, string]> } {
  const m = /^([A-Za-z_][\w.-]*)(?:\{(.*)\})?$/.exec(key.trim())
  if (!m) throw new Error(`threshold ${JSON.stringify(key)}: not a metric name with an optional {tag:value} filter`)
  const filter = (m[2] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p): [string, string] => {
      const i = p.indexOf(':')
      if (i <= 0) throw new Error(`threshold ${JSON.stringify(key)}: tag filter ${JSON.stringify(p)} is not tag:value`)
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()]
    })
  return { metric: m[1] ?? '', filter }
}

export function parseThresholds(spec: Record<string, unknown>, registry: Registry, durations: (s: string) => number): Threshold[] {
  const out: Threshold[] = []
  for (const [key, raw] of Object.entries(spec ?? {})) {
    const { metric, filter } = parseThresholdKey(key)
    const items = Array.isArray(raw) ? raw : [raw]
    for (const item of items) {
      const o = typeof item === 'string' ? { threshold: item } : (item as { threshold?: string; abortOnFail?: boolean; delayAbortEval?: string })
      const expr = String(o.threshold ?? '')
      const m = /^\s*([\w().]+)\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(expr)
      const [, agg = '', op = '', limit = ''] = m ?? []
      if (!m) throw new Error(`threshold ${key}: ${JSON.stringify(expr)} is not "<aggregation> <op> <number>"`)
      let m0: Metric
      try {
        m0 = registry.get(metric)
      } catch {
        throw new Error(`threshold ${key}: no metric named ${metric} (built-in, or declared in the init code with new Counter/Gauge/Rate/Trend)`)
      }
      const kind = m0.kind
      if (filter.length) m0.sub(key, filter)
      if (!AGGS[kind].test(agg)) throw new Error(`threshold ${key}: ${agg} does not apply to a ${kind}`)
      const pm = /^p\((\d+(?:\.\d+)?)\)$/.exec(agg)
      if (pm && (Number(pm[1]) < 0 || Number(pm[1]) > 100)) throw new Error(`threshold ${key}: ${agg} is out of 0..100`)
      out.push({
        key,
        metric,
        filter,
        expression: expr.trim(),
        agg,
        op,
        value: Number(limit),
        abortOnFail: !!o.abortOnFail,
        delayAbortEvalMs: o.delayAbortEval ? durations(o.delayAbortEval) : 0,
        ok: true,
      })
    }
  }
  return out
}

/** The value a threshold's aggregation reads from a sink. */
export function aggregate(sink: Sink, agg: string, durationS: number): number {
  if (sink instanceof TrendSink) return sink.stat(agg)
  return sink.values([], durationS)[agg] ?? NaN
}

export function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case '<':
      return a < b
    case '<=':
      return a <= b
    case '>':
      return a > b
    case '>=':
      return a >= b
    case '==':
    case '===':
      return a === b
    default:
      return a !== b
  }
}

/** The sink a threshold reads: the metric's, or its sub-metric's for a tag filter. */
export function sinkFor(registry: Registry, t: Threshold): Sink | undefined {
  const m = registry.metrics.get(t.metric)
  if (!m) return undefined
  return t.filter.length ? m.subs.find((s) => s.key === t.key)?.sink : m.sink
}

/** Stops the run at the first abortOnFail threshold crossed. */
export function checkAbortOnFail(run: TestRun, t0: number): void {
  const elapsed = performance.now() - t0
  for (const th of run.thresholds) {
    if (!th.abortOnFail || elapsed < th.delayAbortEvalMs) continue
    const sink = sinkFor(run.registry, th)
    if (sink && !compare(aggregate(sink, th.agg, elapsed / 1000), th.op, th.value)) run.stop(EXIT.thresholds, `threshold ${th.key} '${th.expression}' crossed (abortOnFail)`)
  }
}

/** Sets each threshold's verdict over the run's duration; a metric never seen passes. */
export function judgeThresholds(run: TestRun, durationMs: number): void {
  for (const th of run.thresholds) {
    const sink = sinkFor(run.registry, th)
    th.ok = sink ? compare(aggregate(sink, th.agg, durationMs / 1000), th.op, th.value) : true
  }
}
