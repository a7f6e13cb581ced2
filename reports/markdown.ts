// Markdown from the results model, sized for a GitHub step summary or a PR comment: the verdict,
// conformance by suite with every failure, load thresholds and latency per interaction, and
// seed/import reconciliation. One section per results document.
import { loadLabel, type CheckResult, type Results } from '../lib/results/model.js'
import { measuredChecks, metricGrid } from './measured.js'

const cell = (s: unknown) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ')
const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`)
const badge = (r: Results) => (r.verdict === 'pass' ? '✅ pass' : r.verdict === 'fail' ? '❌ fail' : '⚠️ error')

function conformance(r: Results): string[] {
  const checks = r.checks ?? []
  const suites = [...new Set(checks.map((c) => c.suite))]
  const n = (list: CheckResult[], o: string) => list.filter((c) => c.outcome === o).length
  const out = [
    `## Conformance ${badge(r)} — ${checks.length} checks against ${cell(r.target?.url)}${r.target?.profile ? ` (${r.target.profile})` : ''}`,
    '',
    '| Suite | Pass | Fail | Warn | Skip | Deviation | Error |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ]
  for (const s of suites) {
    const list = checks.filter((c) => c.suite === s)
    out.push(`| ${cell(s)} | ${n(list, 'pass')} | ${n(list, 'fail')} | ${n(list, 'warn')} | ${n(list, 'skip')} | ${n(list, 'deviation')} | ${n(list, 'error')} |`)
  }
  const failed = checks.filter((c) => c.outcome === 'fail')
  if (failed.length) out.push('', '### Failures', '', ...failed.map((c) => `- **${c.id}** ${cell(c.title)} — ${cell(c.message)}`))
  const broke = checks.filter((c) => c.outcome === 'error')
  if (broke.length) out.push('', '### Checks that broke (not verdicts on the target)', '', ...broke.map((c) => `- **${c.id}** ${cell(c.title)} — ${cell(c.message)}`))
  const warned = checks.filter((c) => c.outcome === 'warn' || c.outcome === 'deviation')
  if (warned.length)
    out.push('', '<details><summary>Warnings and documented deviations</summary>', '', ...warned.map((c) => `- **${c.id}** (${c.outcome}) ${cell(c.message)}`), '', '</details>')
  const assumed = checks.filter((c) => c.assumption)
  if (assumed.length)
    out.push('', '### Verdicts that rest on an assumption (not documented by the vendor)', '', ...assumed.map((c) => `- **${c.id}** (${c.outcome}) ${cell(c.assumption?.says)}`))
  for (const c of measuredChecks(checks)) {
    const grid = metricGrid(c.metrics)
    out.push('', `### Measured by ${c.id}: ${cell(c.title)}`, '', `| | ${grid.columns.map(cell).join(' | ')} |`, `|---|${grid.columns.map(() => '---:').join('|')}|`)
    for (const row of grid.rows) out.push(`| ${cell(row.of)} | ${row.cells.map(cell).join(' | ')} |`)
  }
  return out
}

function load(r: Results): string[] {
  const s = r.summary
  const label = loadLabel(r)
  const out = [
    `## Load: ${cell(label.scenario)}${label.loadProfile ? ` (${cell(label.loadProfile)})` : ''} ${badge(r)} — ${s.httpReqs ?? 0} requests, ${s.iterations ?? 0} iterations in ${((s.durationMs ?? 0) / 1000).toFixed(1)} s against ${cell(r.target?.url)}`,
    '',
  ]
  if (s.capacityFromS !== undefined)
    out.push(
      `Capacity: **${s.capacityReqPerS} req/s** held every second for ${s.capacityWindowS} s (${s.capacityFromS}–${s.capacityToS} s) with p95 ≤ ${s.capacitySloP95Ms} ms${s.capacitySloBroke ? '' : ' — the SLO never broke'}`,
      '',
    )
  const thresholds = (r.metrics ?? []).flatMap((m) =>
    (m.thresholds ?? []).map((t) => ({
      key: `${m.name}${
        m.tags
          ? `{${Object.entries(m.tags)
              .map(([k, v]) => `${k}:${v}`)
              .join(',')}}`
          : ''
      }`,
      ...t,
    })),
  )
  if (thresholds.length)
    out.push(
      '| Threshold | Expression | Result |',
      '|---|---|---|',
      ...thresholds.map((t) => `| \`${cell(t.key)}\` | \`${cell(t.expression)}\` | ${t.ok ? '✓' : '✗ crossed'} |`),
      '',
    )
  const per = (r.metrics ?? []).filter((m) => m.name === 'http_req_duration' && m.tags?.per === 'interaction')
  if (per.length) {
    // Throttles (429 or ThrottlingException) per interaction: the target's capacity, not its errors.
    out.push('| Interaction | Requests | Failed | Throttled | p50 | p95 | p99 |', '|---|---:|---:|---:|---:|---:|---:|')
    for (const m of per.sort((a, b) => (b.values.count ?? 0) - (a.values.count ?? 0)).slice(0, 25))
      out.push(
        `| ${cell(m.tags?.name)} | ${m.values.count ?? 0} | ${m.values.failed ?? 0} | ${m.values.throttled ?? 0} | ${ms(m.values.med)} | ${ms(m.values['p(95)'])} | ${ms(m.values['p(99)'])} |`,
      )
  }
  // The script's own time trends (nlp-enrichment's time to enrichment), and its own counters.
  const own = (r.metrics ?? []).filter((m) => !m.tags && !/^(http_|iteration|data_|vus|checks|group_duration|dropped_)/.test(m.name))
  const trends = own.filter((m) => m.type === 'trend' && m.contains === 'time')
  if (trends.length)
    out.push(
      '',
      '| Measured | p50 | p95 | max |',
      '|---|---:|---:|---:|',
      ...trends.map((m) => `| ${cell(m.name)} | ${ms(m.values.med)} | ${ms(m.values['p(95)'])} | ${ms(m.values.max)} |`),
    )
  const counters = own.filter((m) => m.type === 'counter')
  if (counters.length) out.push('', counters.map((m) => `${cell(m.name)} ${m.values.count ?? 0}`).join(' · '))
  for (const e of r.errors ?? []) out.push('', `> ${cell(e.message)}`)
  return out
}

function reconciliation(r: Results): string[] {
  const rows = Object.entries(r.reconciliation?.byType ?? {})
  const out = [
    `## ${r.kind === 'seed' ? 'Seed' : 'Import'} ${badge(r)} — ${Object.entries(r.summary)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    '',
  ]
  if (rows.length)
    out.push(
      '| Type | Expected | Imported | Rejected | Missing |',
      '|---|---:|---:|---:|---:|',
      ...rows.map(([t, x]) => `| ${cell(t)} | ${x.expected} | ${x.imported} | ${x.rejected} | ${x.missing} |`),
    )
  return out
}

export function toMarkdown(all: Results[]): string {
  const parts = all.map((r) =>
    r.kind === 'conformance' ? conformance(r) : r.kind === 'load' ? load(r) : r.kind === 'seed' || r.kind === 'import' ? reconciliation(r) : [`## ${r.kind} ${badge(r)}`],
  )
  return ['# Shoreline report', '', ...parts.flatMap((p) => [...p, '']), ''].join('\n')
}
