// What real k6 leaves behind, read into what the built-in engine hands the reports: its JSON output
// (`--out json=FILE.gz`: a Metric line declaring each metric's type, unit kind and thresholds, a
// Point line per sample), its legacy summary export (the end-of-test values k6 itself computed)
// and its stdout (the end-of-test text summary). The per-second series and per-interaction latency
// come from the samples; every end-of-test value comes from k6's own export, never recomputed.
import { createReadStream, existsSync, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'
import { ExitCode } from '../lib/errors.js'
import { isCustomCounter, TrendSink, type SecondPoint } from './metrics.js'
import type { Group } from './summary.js'

type MetricType = 'counter' | 'gauge' | 'rate' | 'trend'
type Contains = 'time' | 'data' | 'default'

export interface K6Samples {
  /** Each metric as its Metric line declared it. */
  defs: Map<string, { type: MetricType; contains: Contains }>
  series: SecondPoint[]
  byName: Map<string, { duration: TrendSink; reqs: number; failed: number; throttled: number }>
  /** From the first sample to the last. */
  spanMs: number
  /** Lines that were not JSON (a file cut short when k6 was killed). */
  unreadable: number
}

interface Second {
  reqs: number
  failed: number
  iterations: number
  vus: number
  duration: TrendSink
  counters?: Map<string, number>
}

/** Seconds kept open for samples that arrive late (k6 flushes its outputs about once a second). */
const OPEN_SECONDS = 10
/** The same bound on interactions as the built-in engine's. */
const MAX_NAMES = 200

/** Streams k6's JSON output (gzipped when the name ends in .gz); memory stays flat however long the run. */
export async function readK6Samples(file: string): Promise<K6Samples> {
  const defs: K6Samples['defs'] = new Map()
  const byName: K6Samples['byName'] = new Map()
  const open = new Map<number, Second>()
  const series: SecondPoint[] = []
  let start: number | undefined
  let last = 0
  let newest = 0
  let unreadable = 0
  const close = (upTo: number) => {
    for (const t of [...open.keys()].sort((a, b) => a - b)) {
      if (t > upTo) break
      const s = open.get(t)!
      open.delete(t)
      series.push({
        t,
        reqs: s.reqs,
        failed: s.failed,
        iterations: s.iterations,
        vus: s.vus,
        p50: s.duration.percentile(50),
        p95: s.duration.percentile(95),
        p99: s.duration.percentile(99),
        ...(s.counters?.size ? { counters: Object.fromEntries(s.counters) } : {}),
      })
    }
  }
  const input = createReadStream(file)
  const lines = createInterface({ input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input, crlfDelay: Infinity })
  for await (const line of lines) {
    if (!line) continue
    let row: { type?: string; metric?: string; data?: { type?: MetricType; contains?: Contains; time?: string; value?: number; tags?: Record<string, string> | null } }
    try {
      row = JSON.parse(line) as typeof row
    } catch {
      unreadable++
      continue
    }
    const metric = row.metric ?? ''
    const d = row.data ?? {}
    if (row.type === 'Metric') {
      if (d.type) defs.set(metric, { type: d.type, contains: d.contains ?? 'default' })
      continue
    }
    if (row.type !== 'Point' || typeof d.value !== 'number' || !d.time) continue
    const at = Date.parse(d.time)
    if (Number.isNaN(at)) continue
    start ??= at
    last = Math.max(last, at)
    // Second t holds samples from (t-1, t] s after the first, as the built-in engine's ticks do.
    const t = Math.max(1, Math.ceil((at - start) / 1000))
    if (t > newest) {
      newest = t
      close(newest - OPEN_SECONDS)
    }
    // A sample for a second already closed joins the first second still open.
    const closedUpTo = series.at(-1)?.t ?? 0
    const slot = t > closedUpTo ? t : closedUpTo + 1
    let s = open.get(slot)
    if (!s) open.set(slot, (s = { reqs: 0, failed: 0, iterations: 0, vus: 0, duration: new TrendSink() }))
    const tags = d.tags ?? {}
    const name = tags.name ?? tags.url
    const interaction = () => {
      if (name === undefined) return undefined
      let n = byName.get(name)
      if (!n && byName.size < MAX_NAMES) byName.set(name, (n = { duration: new TrendSink(), reqs: 0, failed: 0, throttled: 0 }))
      return n
    }
    switch (metric) {
      case 'http_reqs': {
        s.reqs += d.value
        const n = interaction()
        if (n) {
          n.reqs += d.value
          if (tags.status === '429') n.throttled += d.value
        }
        break
      }
      case 'http_req_duration':
        s.duration.add(d.value)
        interaction()?.duration.add(d.value)
        break
      case 'http_req_failed':
        if (d.value !== 0) {
          s.failed++
          const n = interaction()
          if (n) n.failed++
        }
        break
      case 'iterations':
        s.iterations += d.value
        break
      case 'vus':
        s.vus = d.value
        break
      default:
        if (isCustomCounter(metric, defs.get(metric)?.type)) (s.counters ??= new Map()).set(metric, (s.counters.get(metric) ?? 0) + d.value)
    }
  }
  close(Infinity)
  return { defs, series, byName, spanMs: start === undefined ? 0 : last - start, unreadable }
}

/** k6's end-of-test text summary out of its stdout: from the first █ heading, without progress lines. */
export function summaryText(stdout: string): string {
  const lines = stdout.split('\n')
  const first = lines.findIndex((l) => /^\s*█ (THRESHOLDS|TOTAL RESULTS)/.test(l))
  if (first === -1) return stdout
  const body = lines.slice(first).filter((l) => !/^running \(|^\S+\s+[✓✗]?\s*\[\s*\d+%\s*\]/.test(l))
  return `${body.join('\n').trimEnd()}\n`
}

/** The last progress line's counts: `running (0m20.3s), 0/2 VUs, 40 complete and 0 interrupted iterations`. */
export function finalProgress(stdout: string): { durationMs: number; interrupted: number } | undefined {
  const all = [...stdout.matchAll(/running \((?:(\d+)h)?(?:(\d+)m)?([\d.]+)s\), \d+\/\d+ VUs, (\d+) complete and (\d+) interrupted iterations/g)]
  const m = all.at(-1)
  if (!m) return undefined
  const ms = ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3])) * 1000
  return { durationMs: Math.round(ms), interrupted: Number(m[5]) }
}

/** k6's legacy summary export, or undefined when k6 stopped before writing it. */
export function readSummaryExport(file: string): LegacyExport | undefined {
  if (!existsSync(file)) return undefined
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LegacyExport
  } catch {
    return undefined
  }
}

export interface LegacyGroup {
  name: string
  path: string
  id: string
  groups: Record<string, LegacyGroup>
  checks: Record<string, { name: string; path: string; id: string; passes: number; fails: number }>
}

export interface LegacyExport {
  root_group?: LegacyGroup
  metrics?: Record<string, Record<string, unknown>>
  setup_data?: unknown
}

/** The type a legacy metric has, from its fields, when no Metric line declared it. */
function typeOf(fields: Record<string, unknown>): MetricType {
  if ('passes' in fields && 'fails' in fields) return 'rate'
  if ('count' in fields && 'rate' in fields) return 'counter'
  if ('avg' in fields || 'med' in fields) return 'trend'
  return 'gauge'
}

const groupOf = (g: LegacyGroup): Group => ({
  name: g.name,
  path: g.path,
  id: g.id,
  groups: Object.values(g.groups ?? {}).map(groupOf),
  checks: Object.values(g.checks ?? {}),
})

export interface ThresholdOutcome {
  key: string
  expression: string
  ok: boolean
}

/**
 * The handleSummary data object k6 would have passed, rebuilt from its legacy export (values,
 * threshold outcomes, groups and checks) and the Metric lines (type and unit kind).
 */
export function summaryFromExport(legacy: LegacyExport, defs: K6Samples['defs'], durationMs: number, trendStats: string[]) {
  const metrics: Record<string, unknown> = {}
  const thresholds: ThresholdOutcome[] = []
  for (const [key, fields] of Object.entries(legacy.metrics ?? {})) {
    const def = defs.get(key.replace(/\{.*$/, ''))
    const type = def?.type ?? typeOf(fields)
    const { thresholds: crossed, ...rest } = fields as { thresholds?: Record<string, boolean> } & Record<string, number>
    const values: Record<string, number> = type === 'rate' ? { rate: rest.value ?? 0, passes: rest.passes ?? 0, fails: rest.fails ?? 0 } : rest
    const ts = Object.entries(crossed ?? {}).map(([expression, c]) => ({ key, expression, ok: !c }))
    thresholds.push(...ts)
    metrics[key] = {
      type,
      contains: def?.contains ?? 'default',
      values,
      ...(ts.length ? { thresholds: Object.fromEntries(ts.map((t) => [t.expression, { ok: t.ok }])) } : {}),
    }
  }
  const root: Group = legacy.root_group ? groupOf(legacy.root_group) : { name: '', path: '', id: '', groups: [], checks: [] }
  const data = {
    root_group: root,
    options: { summaryTrendStats: trendStats, summaryTimeUnit: '', noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: durationMs },
    metrics,
    setup_data: legacy.setup_data,
  }
  return { data, thresholds }
}

/** k6's exit codes (k6's errext/exitcodes) and what they mean, for the one-line reason. */
const K6_EXITS: Record<number, string> = {
  99: 'thresholds crossed',
  100: 'setup() timed out',
  101: 'teardown() timed out',
  103: 'engine error',
  104: 'invalid configuration',
  105: 'interrupted',
  107: 'script error',
  108: 'aborted by the script',
  110: 'marked as failed by the script',
}

/** k6's exit codes `shoreline load` passes on as they are (its documented codes); any other ends as 70, the reason naming k6's. */
const PASSED_THROUGH = new Set([0, 4, 99, 104, 105, 107, 108, 110])

export interface K6Run {
  exitCode: number
  /** The end of k6's stdout (where its summary and last progress line are). */
  stdout: string
  summaryExport: string
  samples: string
}

/** A k6 run read back as the built-in engine reports one: the outcome, both summary shapes and the text. */
export async function k6Result(run: K6Run) {
  const legacy = readSummaryExport(run.summaryExport)
  // The trend statistics k6 was asked for (summaryTrendStats) are the fields its trends carry.
  const trend = Object.values(legacy?.metrics ?? {}).find((m) => 'avg' in m || 'med' in m)
  const trendStats = trend ? Object.keys(trend).filter((k) => k !== 'thresholds') : ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)']
  const samples: K6Samples = existsSync(run.samples) ? await readK6Samples(run.samples) : { defs: new Map(), series: [], byName: new Map(), spanMs: 0, unreadable: 0 }
  const progress = finalProgress(run.stdout)
  const durationMs = progress?.durationMs ?? samples.spanMs
  const { data, thresholds } = summaryFromExport(legacy ?? {}, samples.defs, durationMs, trendStats)
  const meaning = K6_EXITS[run.exitCode]
  const reason = !legacy
    ? `k6 ended (exit ${run.exitCode}) without writing its summary export: only the per-second series it streamed are in the results`
    : run.exitCode !== 0
      ? `k6 exited with code ${run.exitCode}${meaning ? ` (${meaning})` : ''}`
      : undefined
  return {
    exitCode: PASSED_THROUGH.has(run.exitCode) && (legacy || run.exitCode !== 0) ? run.exitCode : ExitCode.internal,
    ...(reason ? { reason } : {}),
    data,
    legacy: legacy ?? {},
    text: summaryText(run.stdout),
    registry: { byName: samples.byName, series: samples.series },
    thresholds,
    durationMs,
    interruptedIterations: progress?.interrupted ?? 0,
  }
}
