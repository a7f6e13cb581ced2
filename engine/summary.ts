// End-of-test output in k6's shapes (k6-compat.md §1.9): the handleSummary data object, the legacy
// --summary-export shape (flattened values, groups/checks keyed by name, threshold booleans true
// when CROSSED), and a compact text summary laid out like k6's.
import { createHash } from 'node:crypto'
import { type Registry, type Sink, TrendSink } from './metrics.js'
import { aggregate, type Threshold } from './thresholds.js'

export interface CheckCount {
  name: string
  path: string
  passes: number
  fails: number
}

export interface SummaryInput {
  registry: Registry
  thresholds: Threshold[]
  checks: CheckCount[]
  groups: string[]
  setupData: unknown
  trendStats: string[]
  durationMs: number
}

const id = (path: string) => createHash('md5').update(path).digest('hex')

/** A group of the handleSummary data, with its checks and sub-groups. */
export interface Group {
  name: string
  path: string
  id: string
  groups: Group[]
  checks: Array<{ name: string; path: string; id: string; passes: number; fails: number }>
}

function rootGroup(checks: CheckCount[], groups: string[]): Group {
  const root: Group = { name: '', path: '', id: id(''), groups: [], checks: [] }
  const at = (path: string): Group => {
    if (!path) return root
    const parts = path.split('::').slice(1)
    let g = root
    let p = ''
    for (const name of parts) {
      p += `::${name}`
      let next = g.groups.find((x) => x.name === name)
      if (!next) g.groups.push((next = { name, path: p, id: id(p), groups: [], checks: [] }))
      g = next
    }
    return g
  }
  for (const path of groups) at(path)
  for (const c of checks) at(c.path).checks.push({ name: c.name, path: `${c.path}::${c.name}`, id: id(`${c.path}::${c.name}`), passes: c.passes, fails: c.fails })
  return root
}

function valuesOf(sink: Sink, kind: string, stats: string[], durationS: number): Record<string, number> {
  return kind === 'trend' ? (sink as TrendSink).values(stats) : sink.values(stats, durationS)
}

/** Every metric and each sub-metric a threshold names, as [key, metric, sink]. */
function entries(reg: Registry) {
  const out: Array<{ key: string; type: string; contains: string; sink: Sink }> = []
  for (const m of [...reg.metrics.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    out.push({ key: m.name, type: m.kind, contains: m.contains, sink: m.sink })
    for (const s of m.subs) out.push({ key: s.key, type: m.kind, contains: m.contains, sink: s.sink })
  }
  return out
}

/** The object k6 passes to handleSummary(data). */
export function summaryData(i: SummaryInput, state: { isStdOutTTY: boolean; isStdErrTTY: boolean }) {
  const d = i.durationMs / 1000
  const metrics: Record<string, unknown> = {}
  for (const e of entries(i.registry)) {
    const ts = i.thresholds.filter((t) => t.key === e.key)
    metrics[e.key] = {
      type: e.type,
      contains: e.contains,
      values: valuesOf(e.sink, e.type, i.trendStats, d),
      ...(ts.length ? { thresholds: Object.fromEntries(ts.map((t) => [t.expression, { ok: t.ok }])) } : {}),
    }
  }
  return {
    root_group: rootGroup(i.checks, i.groups),
    options: { summaryTrendStats: i.trendStats, summaryTimeUnit: '', noColor: false },
    state: { ...state, testRunDurationMs: i.durationMs },
    metrics,
    setup_data: i.setupData,
  }
}

/** The legacy `--summary-export` shape. */
export function legacySummary(i: SummaryInput) {
  const d = i.durationMs / 1000
  const metrics: Record<string, unknown> = {}
  for (const e of entries(i.registry)) {
    const v = valuesOf(e.sink, e.type, i.trendStats, d)
    const flat: Record<string, unknown> = e.type === 'rate' ? { passes: v.passes, fails: v.fails, value: v.rate } : { ...v }
    const ts = i.thresholds.filter((t) => t.key === e.key)
    if (ts.length) flat.thresholds = Object.fromEntries(ts.map((t) => [t.expression, !t.ok]))
    metrics[e.key] = flat
  }
  const flatten = (g: Group): Record<string, unknown> => ({
    name: g.name,
    path: g.path,
    id: g.id,
    groups: Object.fromEntries(g.groups.map((x) => [x.name, flatten(x)])),
    checks: Object.fromEntries(g.checks.map((c) => [c.name, c])),
  })
  return { root_group: flatten(rootGroup(i.checks, i.groups)), metrics, setup_data: i.setupData }
}

const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)}s` : ms >= 1 ? `${ms.toFixed(2)}ms` : `${(ms * 1000).toFixed(2)}µs`)
const fmtBytes = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : b >= 1e3 ? `${(b / 1e3).toFixed(1)} kB` : `${b} B`)

/** A compact end-of-test summary in k6's layout. */
export function textSummary(i: SummaryInput): string {
  const d = i.durationMs / 1000
  const lines: string[] = []
  if (i.thresholds.length) {
    lines.push('  █ THRESHOLDS', '')
    for (const key of [...new Set(i.thresholds.map((t) => t.key))]) {
      lines.push(`    ${key}`)
      for (const t of i.thresholds.filter((x) => x.key === key)) {
        const sink = i.registry.metrics.get(t.metric)
        const s = sink && (t.filter.length ? sink.subs.find((x) => x.key === key)?.sink : sink.sink)
        const v = s ? aggregate(s, t.agg, d) : NaN
        const shown = sink?.contains === 'time' ? fmtMs(v) : t.agg === 'rate' ? `${(v * 100).toFixed(2)}%` : String(Math.round(v * 1000) / 1000)
        lines.push(`    ${t.ok ? '✓' : '✗'} '${t.expression}' ${t.agg}=${shown}`)
      }
      lines.push('')
    }
  }
  lines.push('  █ TOTAL RESULTS', '')
  const checks = i.checks.reduce((a, c) => ({ p: a.p + c.passes, f: a.f + c.fails }), { p: 0, f: 0 })
  if (checks.p + checks.f) {
    const n = checks.p + checks.f
    lines.push(
      `    checks_total.......: ${n}   ${(n / d).toFixed(6)}/s`,
      `    checks_succeeded...: ${((checks.p / n) * 100).toFixed(2)}% ${checks.p} out of ${n}`,
      `    checks_failed......: ${((checks.f / n) * 100).toFixed(2)}% ${checks.f} out of ${n}`,
      '',
    )
    for (const c of i.checks)
      lines.push(`    ${c.fails ? '✗' : '✓'} ${c.name}${c.fails ? `\n      ↳  ${Math.round((c.passes / (c.passes + c.fails)) * 100)}% — ✓ ${c.passes} / ✗ ${c.fails}` : ''}`)
    lines.push('')
  }
  const row = (key: string, text: string) => lines.push(`    ${key.padEnd(31, '.')}: ${text}`)
  const block = (title: string, names: string[]) => {
    const present = names.filter((n) => i.registry.metrics.has(n))
    if (!present.length) return
    lines.push(`    ${title}`)
    for (const n of present) {
      const m = i.registry.metrics.get(n)!
      const show = (key: string, sink: Sink) => {
        const values = valuesOf(sink, m.kind, i.trendStats, d)
        // A statistic the sink does not report reads as 0.
        const v = (stat: string) => values[stat] ?? 0
        if (m.kind === 'trend') row(key, i.trendStats.map((s) => `${s}=${m.contains === 'time' ? fmtMs(v(s)) : v(s).toFixed(2)}`).join(' '))
        else if (m.kind === 'counter')
          row(key, `${m.contains === 'data' ? fmtBytes(v('count')) : v('count')}  ${m.contains === 'data' ? `${fmtBytes(v('rate'))}/s` : `${v('rate').toFixed(6)}/s`}`)
        else if (m.kind === 'rate') row(key, `${(v('rate') * 100).toFixed(2)}%  ${v('passes')} out of ${v('passes') + v('fails')}`)
        else row(key, `${v('value')}  min=${v('min')} max=${v('max')}`)
      }
      show(n, m.sink)
      for (const s of m.subs) show(`  {${s.filter.map(([k, v]) => `${k}:${v}`).join(',')}}`, s.sink)
    }
    lines.push('')
  }
  block('HTTP', ['http_req_duration', 'http_req_failed', 'http_reqs'])
  block('EXECUTION', ['dropped_iterations', 'iteration_duration', 'iterations', 'vus', 'vus_max'])
  block('NETWORK', ['data_received', 'data_sent'])
  const builtins = new Set([
    'checks',
    'http_req_duration',
    'http_req_failed',
    'http_reqs',
    'dropped_iterations',
    'iteration_duration',
    'iterations',
    'vus',
    'vus_max',
    'data_received',
    'data_sent',
    'http_req_blocked',
    'http_req_connecting',
    'http_req_receiving',
    'http_req_sending',
    'http_req_tls_handshaking',
    'http_req_waiting',
    'group_duration',
  ])
  block('CUSTOM', [...i.registry.metrics.keys()].filter((k) => !builtins.has(k)).sort())
  return lines.join('\n') + '\n'
}
