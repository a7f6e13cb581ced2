// The engine's metrics: k6's built-in set and custom metrics, each a sink (Counter, Gauge, Rate,
// Trend) plus sub-metrics for the tag filters thresholds name (`http_req_duration{name:read}`).
// Trends are HDR histograms (microsecond resolution, 3 significant digits) with exact count, sum,
// min and max, so memory stays flat however long the run. A per-second series feeds the reports.
import * as hdr from 'hdr-histogram-js'

export type Kind = 'counter' | 'gauge' | 'rate' | 'trend'
export type Tags = Record<string, string>

/**
 * hdr-histogram-js's WebAssembly build, loaded with the first histogram: it records a sample in
 * about a third of the time the JavaScript build takes, and a request records seven. Should it not
 * load, the JavaScript build gives the same values.
 */
let webAssembly: boolean | undefined
function webAssemblyLoaded(): boolean {
  if (webAssembly === undefined) {
    try {
      hdr.initWebAssemblySync()
      webAssembly = true
    } catch {
      webAssembly = false
    }
  }
  return webAssembly
}

/** WebAssembly histograms live outside the JavaScript heap: freed when their sink is collected. */
const freeWhenCollected = new FinalizationRegistry<hdr.Histogram>((h) => h.destroy())

function newHistogram(owner: object): hdr.Histogram {
  const useWebAssembly = webAssemblyLoaded()
  const h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, autoResize: true, useWebAssembly })
  if (useWebAssembly) freeWhenCollected.register(owner, h)
  return h
}

export interface Sink {
  add(v: number): void
  values(stats: string[], durationS: number): Record<string, number>
}

export class CounterSink implements Sink {
  count = 0
  add(v: number) {
    this.count += v
  }
  values(_s: string[], d: number) {
    return { count: this.count, rate: d > 0 ? this.count / d : 0 }
  }
}

export class GaugeSink implements Sink {
  value = 0
  min = Infinity
  max = -Infinity
  add(v: number) {
    this.value = v
    if (v < this.min) this.min = v
    if (v > this.max) this.max = v
  }
  values() {
    return { value: this.value, min: this.min === Infinity ? 0 : this.min, max: this.max === -Infinity ? 0 : this.max }
  }
}

export class RateSink implements Sink {
  passes = 0
  fails = 0
  add(v: number) {
    if (v !== 0) this.passes++
    else this.fails++
  }
  values() {
    const n = this.passes + this.fails
    return { rate: n ? this.passes / n : 0, passes: this.passes, fails: this.fails }
  }
}

export class TrendSink implements Sink {
  private h = newHistogram(this)
  count = 0
  sum = 0
  min = Infinity
  max = -Infinity
  /** Exact zeros, counted apart: blocked, connecting and TLS time are 0 on every reused connection. */
  private zeros = 0
  add(v: number) {
    this.count++
    this.sum += v
    if (v < this.min) this.min = v
    if (v > this.max) this.max = v
    if (v === 0) this.zeros++
    else this.h.recordValue(Math.max(1, Math.round(v * 1000)))
  }
  percentile(p: number): number {
    if (this.count === 0) return 0
    if (p >= 100) return this.max
    if (p <= 0) return this.min
    // The zeros are the lowest values: a rank among them is 0, a rank above them is read from the rest.
    const rank = (p / 100) * this.count
    if (rank <= this.zeros) return Math.max(this.min, 0)
    const rest = ((rank - this.zeros) / (this.count - this.zeros)) * 100
    return Math.min(this.max, Math.max(this.min, this.h.getValueAtPercentile(rest) / 1000))
  }
  values(stats: string[]) {
    const out: Record<string, number> = {}
    for (const s of stats) out[s] = this.stat(s)
    return out
  }
  stat(s: string): number {
    if (s === 'avg') return this.count ? this.sum / this.count : 0
    if (s === 'min') return this.count ? this.min : 0
    if (s === 'max') return this.count ? this.max : 0
    if (s === 'med') return this.percentile(50)
    if (s === 'count') return this.count
    const m = /^p\((\d+(?:\.\d+)?)\)$/.exec(s)
    if (m) return this.percentile(Number(m[1]))
    throw new Error(`unknown trend statistic ${s}`)
  }
  reset() {
    this.h.reset()
    this.zeros = 0
    this.count = 0
    this.sum = 0
    this.min = Infinity
    this.max = -Infinity
  }
}

const makeSink = (k: Kind): Sink => (k === 'counter' ? new CounterSink() : k === 'gauge' ? new GaugeSink() : k === 'rate' ? new RateSink() : new TrendSink())

export interface SubMetric {
  key: string
  filter: Array<[string, string]>
  sink: Sink
}

export class Metric {
  readonly sink: Sink
  readonly subs: SubMetric[] = []
  constructor(
    readonly name: string,
    readonly kind: Kind,
    readonly contains: 'default' | 'time' | 'data',
  ) {
    this.sink = makeSink(kind)
  }
  add(v: number, tags: Tags) {
    this.sink.add(v)
    // Loops, not every() with a closure: this runs about ten times per request.
    for (let i = 0; i < this.subs.length; i++) {
      const s = this.subs[i] as SubMetric
      let all = true
      for (let j = 0; j < s.filter.length && all; j++) {
        const f = s.filter[j] as [string, string]
        all = tags[f[0]] === f[1]
      }
      if (all) s.sink.add(v)
    }
  }
  sub(key: string, filter: Array<[string, string]>): SubMetric {
    let s = this.subs.find((x) => x.key === key)
    if (!s) this.subs.push((s = { key, filter, sink: makeSink(this.kind) }))
    return s
  }
}

export const BUILTIN: Record<string, [Kind, 'default' | 'time' | 'data']> = {
  checks: ['rate', 'default'],
  data_received: ['counter', 'data'],
  data_sent: ['counter', 'data'],
  dropped_iterations: ['counter', 'default'],
  iteration_duration: ['trend', 'time'],
  iterations: ['counter', 'default'],
  vus: ['gauge', 'default'],
  vus_max: ['gauge', 'default'],
  http_req_blocked: ['trend', 'time'],
  http_req_connecting: ['trend', 'time'],
  http_req_duration: ['trend', 'time'],
  http_req_failed: ['rate', 'default'],
  http_req_receiving: ['trend', 'time'],
  http_req_sending: ['trend', 'time'],
  http_req_tls_handshaking: ['trend', 'time'],
  http_req_waiting: ['trend', 'time'],
  http_reqs: ['counter', 'default'],
  group_duration: ['trend', 'time'],
}

export interface SecondPoint {
  t: number
  reqs: number
  failed: number
  iterations: number
  vus: number
  p50: number
  p95: number
  p99: number
  /** The script's own Counters, summed over the second (a scenario's notes written and enriched, say). */
  counters?: Record<string, number>
}

/** A script's own Counter (not one of k6's): its per-second sums go into the series. */
export const isCustomCounter = (name: string, kind: string | undefined) => kind === 'counter' && !BUILTIN[name]

const MAX_NAMES = 200

export class Registry {
  readonly metrics = new Map<string, Metric>()
  /** http_req_duration per `name` tag (what the reports chart per FHIR interaction). */
  readonly byName = new Map<string, { duration: TrendSink; reqs: number; failed: number; throttled: number }>()
  readonly series: SecondPoint[] = []
  private second = { reqs: 0, failed: 0, iterations: 0, duration: new TrendSink(), counters: new Map<string, number>() }
  vusNow = 0

  get(name: string, kind?: Kind, isTime = false): Metric {
    let m = this.metrics.get(name)
    if (!m) {
      const b = BUILTIN[name]
      const k = b?.[0] ?? kind
      if (!k) throw new Error(`unknown metric ${name}`)
      m = new Metric(name, k, b?.[1] ?? (isTime ? 'time' : 'default'))
      // k6 always reports the duration of the responses it expected, thresholds or not.
      if (name === 'http_req_duration') m.sub('http_req_duration{expected_response:true}', [['expected_response', 'true']])
      this.metrics.set(name, m)
    } else if (kind && m.kind !== kind) throw new Error(`metric ${name} is a ${m.kind}, not a ${kind}`)
    return m
  }

  add(name: string, kind: Kind | undefined, value: number, tags: Tags, isTime = false) {
    const m = this.get(name, kind, isTime)
    m.add(value, tags)
    if (name === 'iterations') this.second.iterations += value
    else if (isCustomCounter(name, m.kind)) this.second.counters.set(name, (this.second.counters.get(name) ?? 0) + value)
  }

  private it?: { duration: Metric; count: Metric }

  /** One iteration's samples (once per iteration: the metrics looked up once per run). */
  iteration(durationMs: number, tags: Tags) {
    const it = (this.it ??= { duration: this.get('iteration_duration'), count: this.get('iterations') })
    it.duration.add(durationMs, tags)
    it.count.add(1, tags)
    this.second.iterations++
  }

  private h?: Record<'reqs' | 'duration' | 'waiting' | 'receiving' | 'sending' | 'blocked' | 'connecting' | 'tls' | 'failed' | 'sent' | 'received', Metric>

  /** One HTTP request's samples (the hot path: one call, the metrics looked up once per run). */
  http(tags: Tags, t: { duration: number; waiting: number; receiving: number; sending: number }, failed: boolean, sent: number, received: number, throttled = false) {
    const h = (this.h ??= {
      reqs: this.get('http_reqs'),
      duration: this.get('http_req_duration'),
      waiting: this.get('http_req_waiting'),
      receiving: this.get('http_req_receiving'),
      sending: this.get('http_req_sending'),
      blocked: this.get('http_req_blocked'),
      connecting: this.get('http_req_connecting'),
      tls: this.get('http_req_tls_handshaking'),
      failed: this.get('http_req_failed'),
      sent: this.get('data_sent'),
      received: this.get('data_received'),
    })
    h.reqs.add(1, tags)
    h.duration.add(t.duration, tags)
    h.waiting.add(t.waiting, tags)
    h.receiving.add(t.receiving, tags)
    h.sending.add(t.sending, tags)
    h.blocked.add(0, tags)
    h.connecting.add(0, tags)
    h.tls.add(0, tags)
    h.failed.add(failed ? 1 : 0, tags)
    h.sent.add(sent, tags)
    h.received.add(received, tags)
    this.second.reqs++
    if (failed) this.second.failed++
    this.second.duration.add(t.duration)
    const name = tags.name ?? tags.url ?? ''
    let n = this.byName.get(name)
    if (!n && this.byName.size < MAX_NAMES) this.byName.set(name, (n = { duration: new TrendSink(), reqs: 0, failed: 0, throttled: 0 }))
    if (n) {
      n.duration.add(t.duration)
      n.reqs++
      if (failed) n.failed++
      if (throttled) n.throttled++
    }
  }

  /** Closes the current second of the time series. */
  tick(t: number) {
    const s = this.second
    this.series.push({
      t,
      reqs: s.reqs,
      failed: s.failed,
      iterations: s.iterations,
      vus: this.vusNow,
      p50: s.duration.percentile(50),
      p95: s.duration.percentile(95),
      p99: s.duration.percentile(99),
      ...(s.counters.size ? { counters: Object.fromEntries(s.counters) } : {}),
    })
    s.reqs = 0
    s.failed = 0
    s.iterations = 0
    s.duration.reset()
    s.counters.clear()
  }
}
