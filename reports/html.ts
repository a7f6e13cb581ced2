// One self-contained HTML page from the results model: no script, stylesheet, font or image is
// fetched — charts are inline SVG. Conformance by suite with each check's recorded exchanges
// (already redacted in results.json), the requirement coverage table, load charts (throughput,
// p50/p95/p99 over time, error rate, VUs, p95 per interaction) and seed/import reconciliation.
import type { CheckResult, Results, Series } from '../lib/results/model.js'

export interface RequirementRow {
  id: string
  spec: string
  url: string
  requirement: string
}

const esc = (s: unknown) =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
const COLORS = ['#2563eb', '#d97706', '#dc2626', '#059669', '#7c3aed']
const OUTCOME_COLOR: Record<string, string> = { pass: '#059669', fail: '#dc2626', warn: '#d97706', skip: '#9ca3af', deviation: '#7c3aed' }

/** A line chart of one or more series over time, as SVG. */
export function lineChart(title: string, unit: string, lines: Array<{ label: string; points: Array<[number, number]> }>): string {
  const W = 560
  const H = 200
  const P = { l: 48, r: 12, t: 24, b: 28 }
  const all = lines.flatMap((l) => l.points)
  if (!all.length) return `<figure class="chart"><figcaption>${esc(title)}</figcaption><p class="muted">no data</p></figure>`
  const xMax = Math.max(1, ...all.map((p) => p[0]))
  const yMax = Math.max(1e-9, ...all.map((p) => p[1])) * 1.1
  const x = (v: number) => P.l + (v / xMax) * (W - P.l - P.r)
  const y = (v: number) => H - P.b - (v / yMax) * (H - P.t - P.b)
  const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(3))
  const paths = lines
    .map(
      (l, i) =>
        `<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="2" points="${l.points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ')}"><title>${esc(l.label)}</title></polyline>`,
    )
    .join('')
  const legend = lines.map((l, i) => `<tspan fill="${COLORS[i % COLORS.length]}">■ ${esc(l.label)}</tspan>`).join(' ')
  return `<figure class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}"><text x="${P.l}" y="14" class="legend">${esc(title)} (${esc(unit)}) ${legend}</text><line x1="${P.l}" y1="${H - P.b}" x2="${W - P.r}" y2="${H - P.b}" stroke="#9ca3af"/><line x1="${P.l}" y1="${P.t}" x2="${P.l}" y2="${H - P.b}" stroke="#9ca3af"/><text x="${P.l - 4}" y="${y(yMax / 1.1) + 4}" text-anchor="end">${fmt(yMax / 1.1)}</text><text x="${P.l - 4}" y="${H - P.b}" text-anchor="end">0</text><text x="${W - P.r}" y="${H - 8}" text-anchor="end">${xMax} s</text>${paths}</svg></figure>`
}

/** Horizontal bars, one per label, as SVG. */
export function barChart(title: string, unit: string, bars: Array<{ label: string; value: number; color?: string }>): string {
  if (!bars.length) return `<figure class="chart"><figcaption>${esc(title)}</figcaption><p class="muted">no data</p></figure>`
  const W = 560
  const row = 22
  const H = 30 + bars.length * row
  const max = Math.max(1e-9, ...bars.map((b) => b.value))
  const L = 200
  const rects = bars
    .map(
      (b, i) =>
        `<text x="${L - 6}" y="${30 + i * row + 14}" text-anchor="end">${esc(b.label.length > 30 ? `${b.label.slice(0, 29)}…` : b.label)}</text><rect x="${L}" y="${30 + i * row + 3}" width="${Math.max(1, ((W - L - 70) * b.value) / max).toFixed(1)}" height="${row - 6}" fill="${b.color ?? COLORS[0]}"><title>${esc(b.label)}: ${b.value.toFixed(2)} ${esc(unit)}</title></rect><text x="${L + ((W - L - 70) * b.value) / max + 4}" y="${30 + i * row + 14}">${b.value.toFixed(1)}</text>`,
    )
    .join('')
  return `<figure class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}"><text x="0" y="14" class="legend">${esc(title)} (${esc(unit)})</text>${rects}</svg></figure>`
}

function exchanges(c: CheckResult): string {
  if (!c.exchanges?.length) return ''
  return c.exchanges
    .map(
      (e) =>
        `<div class="ex"><code>${esc(e.request.method)} ${esc(e.request.url)}</code> → ${e.response ? `<b>${e.response.status}</b>${e.response.durationMs !== undefined ? ` in ${e.response.durationMs.toFixed(0)} ms` : ''}<pre>${esc((e.response.body ?? '').slice(0, 2000))}</pre>` : `<b>error</b> ${esc(e.error)}`}</div>`,
    )
    .join('')
}

function conformance(r: Results, reqs: RequirementRow[]): string {
  const checks = r.checks ?? []
  const suites = [...new Set(checks.map((c) => c.suite))]
  const outcomes = ['pass', 'fail', 'warn', 'skip', 'deviation']
  const count = (list: CheckResult[], o: string) => list.filter((c) => c.outcome === o).length
  const chart = barChart(
    'Checks passed per suite',
    'checks',
    suites.map((s) => ({
      label: `${s} (${count(
        checks.filter((c) => c.suite === s),
        'fail',
      )} failed)`,
      value: count(
        checks.filter((c) => c.suite === s),
        'pass',
      ),
      color: count(
        checks.filter((c) => c.suite === s),
        'fail',
      )
        ? OUTCOME_COLOR.fail
        : OUTCOME_COLOR.pass,
    })),
  )
  const bySuite = suites
    .map((s) => {
      const list = checks.filter((c) => c.suite === s)
      const rows = list
        .map(
          (c) =>
            `<details class="check ${c.outcome}"><summary><span class="tag" style="background:${OUTCOME_COLOR[c.outcome]}">${c.outcome}</span> <b>${esc(c.id)}</b> ${esc(c.title)}</summary>${c.message ? `<p>${esc(c.message)}</p>` : ''}<p class="muted">${esc(c.level ?? '')} · ${esc((c.requirements ?? []).join(', '))}${c.deviation?.reference ? ` · <a href="${esc(c.deviation.reference)}">documented deviation</a>` : ''}</p>${exchanges(c)}</details>`,
        )
        .join('')
      return `<details class="suite" ${count(list, 'fail') ? 'open' : ''}><summary><b>${esc(s)}</b> — ${outcomes
        .filter((o) => count(list, o))
        .map((o) => `${count(list, o)} ${o}`)
        .join(', ')}</summary>${rows}</details>`
    })
    .join('')
  const byReq = new Map<string, CheckResult[]>()
  for (const c of checks) for (const q of c.requirements ?? []) byReq.set(q, [...(byReq.get(q) ?? []), c])
  const coverage = reqs.length
    ? `<h3>Requirement coverage</h3><table><tr><th>Requirement</th><th>Source</th><th>Text</th><th>Checks</th></tr>${reqs.map((q) => `<tr><td>${esc(q.id)}</td><td><a href="${esc(q.url)}">${esc(q.spec)}</a></td><td>${esc(q.requirement)}</td><td>${(byReq.get(q.id) ?? []).map((c) => `<span class="tag" style="background:${OUTCOME_COLOR[c.outcome]}">${esc(c.id)}</span>`).join(' ') || '—'}</td></tr>`).join('')}</table>`
    : ''
  return `<section><h2>Conformance <span class="verdict ${r.verdict}">${r.verdict}</span></h2><p>${checks.length} checks against <code>${esc(r.target?.url)}</code> (${esc(r.target?.profile)}) · ${outcomes.map((o) => `${count(checks, o)} ${o}`).join(' · ')}</p>${chart}${bySuite}${coverage}</section>`
}

function load(r: Results): string {
  const s = (name: string, stat?: string): Series | undefined => (r.series ?? []).find((x) => x.name === name && (!stat || x.tags?.stat === stat))
  const pts = (x?: Series) => x?.points ?? []
  const charts = [
    lineChart('Throughput', 'req/s', [{ label: 'http_reqs', points: pts(s('http_reqs')) }]),
    lineChart(
      'Latency',
      'ms',
      ['p50', 'p95', 'p99'].map((st) => ({ label: st, points: pts(s('http_req_duration', st)) })),
    ),
    lineChart('Error rate', 'ratio', [{ label: 'http_req_failed', points: pts(s('http_req_failed')) }]),
    lineChart('Virtual users', 'VUs', [{ label: 'vus', points: pts(s('vus')) }]),
    barChart(
      'p95 latency per interaction',
      'ms',
      (r.metrics ?? [])
        .filter((m) => m.name === 'http_req_duration' && m.tags?.per === 'interaction')
        .sort((a, b) => (b.values['p(95)'] ?? 0) - (a.values['p(95)'] ?? 0))
        .slice(0, 20)
        .map((m) => ({ label: m.tags?.name ?? '', value: m.values['p(95)'] ?? 0 })),
    ),
  ].join('')
  const thresholds = (r.metrics ?? []).flatMap((m) =>
    (m.thresholds ?? []).map(
      (t) =>
        `<tr><td><code>${esc(m.name)}${
          m.tags
            ? `{${esc(
                Object.entries(m.tags)
                  .map(([k, v]) => `${k}:${v}`)
                  .join(','),
              )}}`
            : ''
        }</code></td><td><code>${esc(t.expression)}</code></td><td class="${t.ok ? 'pass' : 'fail'}">${t.ok ? '✓' : '✗ crossed'}</td></tr>`,
    ),
  )
  return `<section><h2>Load <span class="verdict ${r.verdict}">${r.verdict}</span></h2><p>${r.summary.httpReqs ?? 0} requests, ${r.summary.iterations ?? 0} iterations in ${((r.summary.durationMs ?? 0) / 1000).toFixed(1)} s against <code>${esc(r.target?.url)}</code>${(r.errors ?? []).map((e) => ` · ${esc(e.message)}`).join('')}</p><div class="charts">${charts}</div>${thresholds.length ? `<table><tr><th>Threshold</th><th>Expression</th><th>Result</th></tr>${thresholds.join('')}</table>` : ''}</section>`
}

function reconciliation(r: Results): string {
  const rows = Object.entries(r.reconciliation?.byType ?? {})
  return `<section><h2>${r.kind === 'seed' ? 'Seed' : 'Import'} <span class="verdict ${r.verdict}">${r.verdict}</span></h2><p>${Object.entries(r.summary)
    .map(([k, v]) => `${esc(k)} ${v}`)
    .join(' · ')}</p>${barChart(
    'Resources present after the run, by type',
    'resources',
    rows.map(([t, x]) => ({ label: t, value: x.imported, color: x.missing ? OUTCOME_COLOR.fail : OUTCOME_COLOR.pass })),
  )}<table><tr><th>Type</th><th>Expected</th><th>Imported</th><th>Rejected</th><th>Missing</th></tr>${rows.map(([t, x]) => `<tr><td>${esc(t)}</td><td>${x.expected}</td><td>${x.imported}</td><td>${x.rejected}</td><td class="${x.missing ? 'fail' : ''}">${x.missing}</td></tr>`).join('')}</table></section>`
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:16px;color:#111827}h1{margin:0 0 4px}h2{border-bottom:1px solid #e5e7eb;padding-bottom:4px}code,pre{font:12px ui-monospace,monospace}pre{background:#f3f4f6;padding:6px;overflow:auto;max-height:240px;white-space:pre-wrap}.muted{color:#6b7280}.verdict{font-size:13px;padding:2px 8px;border-radius:10px;color:#fff}.verdict.pass{background:#059669}.verdict.fail{background:#dc2626}.verdict.error{background:#d97706}.tag{color:#fff;border-radius:4px;padding:0 5px;font-size:12px}details{margin:3px 0}details.suite>summary{cursor:pointer;padding:4px 0}details.check{margin-left:16px}.ex{margin:4px 0 4px 16px}table{border-collapse:collapse;margin:8px 0;width:100%}td,th{border:1px solid #e5e7eb;padding:3px 6px;text-align:left;vertical-align:top}td.fail{color:#dc2626}td.pass{color:#059669}.charts{display:flex;flex-wrap:wrap;gap:8px}figure.chart{margin:0;border:1px solid #e5e7eb;padding:4px;width:560px}svg{width:100%;height:auto;font-size:11px}svg .legend{font-weight:600}`

export function toHtml(all: Results[], o: { requirements?: RequirementRow[]; title?: string } = {}): string {
  const when =
    all
      .map((r) => r.run.finishedAt)
      .sort()
      .at(-1) ?? ''
  const body = all
    .map((r) =>
      r.kind === 'conformance'
        ? conformance(r, o.requirements ?? [])
        : r.kind === 'load'
          ? load(r)
          : r.kind === 'seed' || r.kind === 'import'
            ? reconciliation(r)
            : `<section><h2>${esc(r.kind)}</h2><p>${esc(r.verdict)}</p></section>`,
    )
    .join('')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>${esc(o.title ?? 'Shoreline report')}</title><style>${CSS}</style></head><body><h1>${esc(o.title ?? 'Shoreline report')}</h1><p class="muted">${all.length} result sets · ${esc(when)} · shoreline ${esc(all[0]?.tool.version ?? '')}</p>${body}</body></html>\n`
}
