// One self-contained HTML page from the results model: no script, stylesheet, font or image is
// fetched — charts are inline SVG. Conformance by suite with each check's recorded exchanges
// (already redacted in results.json), the requirement coverage table, load charts (throughput,
// p50/p95/p99 over time, error rate, VUs, p95 per interaction) and seed/import reconciliation.
import { loadLabel, type CheckResult, type Results, type Series } from '../lib/results/model.js'
import { html, trusted, type Html } from './html-template.js'

export interface RequirementRow {
  id: string
  spec: string
  url: string
  requirement: string
}

const COLORS = ['#2563eb', '#d97706', '#dc2626', '#059669', '#7c3aed']
const OUTCOME_COLOR: Record<string, string> = { pass: '#059669', fail: '#dc2626', warn: '#d97706', skip: '#9ca3af', deviation: '#7c3aed', error: '#111827' }

/** A line chart of one or more series over time, as SVG. */
export function lineChart(title: string, unit: string, lines: Array<{ label: string; points: Array<[number, number]> }>): Html {
  const W = 560
  const H = 200
  const P = { l: 48, r: 12, t: 24, b: 28 }
  const all = lines.flatMap((l) => l.points)
  if (!all.length)
    return html`<figure class="chart">
      <figcaption>${title}</figcaption>
      <p class="muted">no data</p>
    </figure>`
  const xMax = Math.max(1, ...all.map((p) => p[0]))
  const yMax = Math.max(1e-9, ...all.map((p) => p[1])) * 1.1
  const x = (v: number) => P.l + (v / xMax) * (W - P.l - P.r)
  const y = (v: number) => H - P.b - (v / yMax) * (H - P.t - P.b)
  const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(3))
  const color = (i: number) => COLORS[i % COLORS.length]
  const paths = lines.map(
    (l, i) =>
      html`<polyline fill="none" stroke="${color(i)}" stroke-width="2" points="${l.points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ')}"
        ><title>${l.label}</title></polyline
      >`,
  )
  const legend = lines.map((l, i) => html`<tspan fill="${color(i)}">■ ${l.label}</tspan> `)
  return html`<figure class="chart">
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${title}">
      <text x="${P.l}" y="14" class="legend">${title} (${unit}) ${legend}</text>
      <line x1="${P.l}" y1="${H - P.b}" x2="${W - P.r}" y2="${H - P.b}" stroke="#9ca3af" />
      <line x1="${P.l}" y1="${P.t}" x2="${P.l}" y2="${H - P.b}" stroke="#9ca3af" />
      <text x="${P.l - 4}" y="${y(yMax / 1.1) + 4}" text-anchor="end">${fmt(yMax / 1.1)}</text>
      <text x="${P.l - 4}" y="${H - P.b}" text-anchor="end">0</text>
      <text x="${W - P.r}" y="${H - 8}" text-anchor="end">${xMax} s</text>
      ${paths}
    </svg>
  </figure>`
}

/** Horizontal bars, one per label, as SVG. */
export function barChart(title: string, unit: string, bars: Array<{ label: string; value: number; color?: string }>): Html {
  if (!bars.length)
    return html`<figure class="chart">
      <figcaption>${title}</figcaption>
      <p class="muted">no data</p>
    </figure>`
  const W = 560
  const row = 22
  const H = 30 + bars.length * row
  const max = Math.max(1e-9, ...bars.map((b) => b.value))
  const L = 200
  const rects = bars.map((b, i) => {
    const top = 30 + i * row
    const width = ((W - L - 70) * b.value) / max
    const label = b.label.length > 30 ? `${b.label.slice(0, 29)}…` : b.label
    return html`<text x="${L - 6}" y="${top + 14}" text-anchor="end">${label}</text
      ><rect x="${L}" y="${top + 3}" width="${Math.max(1, width).toFixed(1)}" height="${row - 6}" fill="${b.color ?? COLORS[0]}"
        ><title>${b.label}: ${b.value.toFixed(2)} ${unit}</title></rect
      ><text x="${L + width + 4}" y="${top + 14}">${b.value.toFixed(1)}</text>`
  })
  return html`<figure class="chart">
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${title}">
      <text x="0" y="14" class="legend">${title} (${unit})</text>
      ${rects}
    </svg>
  </figure>`
}

function exchanges(c: CheckResult): Html[] {
  return (c.exchanges ?? []).map((e) => {
    const r = e.response
    const answer = r
      ? html`<b>${r.status}</b>${r.durationMs !== undefined ? ` in ${r.durationMs.toFixed(0)} ms` : ''}
          <pre>${(r.body ?? '').slice(0, 2000)}</pre>`
      : html`<b>error</b> ${e.error}`
    return html`<div class="ex"><code>${e.request.method} ${e.request.url}</code> → ${answer}</div>`
  })
}

const tag = (outcome: string, text: string) => html`<span class="tag" style="background:${OUTCOME_COLOR[outcome] ?? '#6b7280'}">${text}</span>`

/** Throttled requests (429 or ThrottlingException) per interaction, when the target throttled any. */
function throttles(r: Results): Html[] {
  const per = (r.metrics ?? []).filter((m) => m.name === 'http_req_duration' && m.tags?.per === 'interaction' && (m.values.throttled ?? 0) > 0)
  if (per.length === 0) return []
  return [
    barChart(
      'Throttled requests per interaction (429 or ThrottlingException)',
      'requests',
      per.sort((a, b) => (b.values.throttled ?? 0) - (a.values.throttled ?? 0)).map((m) => ({ label: m.tags?.name ?? '', value: m.values.throttled ?? 0 })),
    ),
  ]
}

function checkRow(c: CheckResult): Html {
  const deviation = c.deviation?.reference ? html` · <a href="${c.deviation.reference}">documented deviation</a>` : ''
  const assumed = c.assumption ? html` · <a href="${c.assumption.reference}" title="${c.assumption.says}">rests on an undocumented assumption</a>` : ''
  return html`<details class="check ${c.outcome}">
    <summary>${tag(c.outcome, c.outcome)} <b>${c.id}</b> ${c.title}</summary>
    ${c.message ? html`<p>${c.message}</p>` : ''}
    <p class="muted">${c.level ?? ''} · ${(c.requirements ?? []).join(', ')}${deviation}${assumed}</p>
    ${exchanges(c)}
  </details>`
}

function conformance(r: Results, reqs: RequirementRow[]): Html {
  const checks = r.checks ?? []
  const suites = [...new Set(checks.map((c) => c.suite))]
  const outcomes = ['pass', 'fail', 'warn', 'skip', 'deviation', 'error']
  const count = (list: CheckResult[], o: string) => list.filter((c) => c.outcome === o).length
  const ofSuite = (s: string) => checks.filter((c) => c.suite === s)
  const chart = barChart(
    'Checks passed per suite',
    'checks',
    suites.map((s) => ({
      label: `${s} (${count(ofSuite(s), 'fail')} failed)`,
      value: count(ofSuite(s), 'pass'),
      color: count(ofSuite(s), 'fail') ? OUTCOME_COLOR.fail : OUTCOME_COLOR.pass,
    })),
  )
  const bySuite = suites.map((s) => {
    const list = ofSuite(s)
    const tally = outcomes
      .filter((o) => count(list, o))
      .map((o) => `${count(list, o)} ${o}`)
      .join(', ')
    return html`<details class="suite" ${count(list, 'fail') || count(list, 'error') ? trusted('open') : ''}>
      <summary><b>${s}</b> — ${tally}</summary>
      ${list.map(checkRow)}
    </details>`
  })
  const byReq = new Map<string, CheckResult[]>()
  for (const c of checks) for (const q of c.requirements ?? []) byReq.set(q, [...(byReq.get(q) ?? []), c])
  const reqRow = (q: RequirementRow) => {
    const covering = (byReq.get(q.id) ?? []).map((c) => html`${tag(c.outcome, c.id)} `)
    return html`<tr>
      <td>${q.id}</td>
      <td><a href="${q.url}">${q.spec}</a></td>
      <td>${q.requirement}</td>
      <td>${covering.length ? covering : '—'}</td>
    </tr>`
  }
  const coverage = reqs.length
    ? html`<h3>Requirement coverage</h3>
        <table>
          <tr>
            <th>Requirement</th>
            <th>Source</th>
            <th>Text</th>
            <th>Checks</th>
          </tr>
          ${reqs.map(reqRow)}
        </table>`
    : ''
  const totals = outcomes.map((o) => `${count(checks, o)} ${o}`).join(' · ')
  return html`<section>
    <h2>Conformance <span class="verdict ${r.verdict}">${r.verdict}</span></h2>
    <p>${checks.length} checks against <code>${r.target?.url}</code> (${r.target?.profile}) · ${totals}</p>
    ${chart}${bySuite}${coverage}
  </section>`
}

function load(r: Results): Html {
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
    ...throttles(r),
  ]
  const thresholds = (r.metrics ?? []).flatMap((m) =>
    (m.thresholds ?? []).map((t) => {
      const filter = m.tags
        ? `{${Object.entries(m.tags)
            .map(([k, v]) => `${k}:${v}`)
            .join(',')}}`
        : ''
      return html`<tr>
        <td><code>${m.name}${filter}</code></td>
        <td><code>${t.expression}</code></td>
        <td class="${t.ok ? 'pass' : 'fail'}">${t.ok ? '✓' : '✗ crossed'}</td>
      </tr>`
    }),
  )
  const errors = (r.errors ?? []).map((e) => html` · ${e.message}`)
  const table = thresholds.length
    ? html`<table>
        <tr>
          <th>Threshold</th>
          <th>Expression</th>
          <th>Result</th>
        </tr>
        ${thresholds}
      </table>`
    : ''
  const label = loadLabel(r)
  const capacity =
    r.summary.capacityFromS !== undefined
      ? html`<p>
          Capacity: <b>${r.summary.capacityReqPerS} req/s</b> held every second for ${r.summary.capacityWindowS} s (${r.summary.capacityFromS}–${r.summary.capacityToS} s) with
          p95 ≤ ${r.summary.capacitySloP95Ms} ms${r.summary.capacitySloBroke ? '' : ' — the SLO never broke'}
        </p>`
      : ''
  return html`<section>
    <h2>Load: ${label.scenario}${label.loadProfile ? ` (${label.loadProfile})` : ''} <span class="verdict ${r.verdict}">${r.verdict}</span></h2>
    <p>
      ${r.summary.httpReqs ?? 0} requests, ${r.summary.iterations ?? 0} iterations in ${((r.summary.durationMs ?? 0) / 1000).toFixed(1)} s against
      <code>${r.target?.url}</code>${label.engine === 'k6' ? ' on k6' : ''}${errors}
    </p>
    ${capacity}
    <div class="charts">${charts}</div>
    ${table}
  </section>`
}

function reconciliation(r: Results): Html {
  const rows = Object.entries(r.reconciliation?.byType ?? {})
  const summary = Object.entries(r.summary)
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ')
  const chart = barChart(
    'Resources present after the run, by type',
    'resources',
    rows.map(([t, x]) => ({ label: t, value: x.imported, color: x.missing ? OUTCOME_COLOR.fail : OUTCOME_COLOR.pass })),
  )
  const table = rows.map(
    ([t, x]) =>
      html`<tr>
        <td>${t}</td>
        <td>${x.expected}</td>
        <td>${x.imported}</td>
        <td>${x.rejected}</td>
        <td class="${x.missing ? 'fail' : ''}">${x.missing}</td>
      </tr>`,
  )
  return html`<section>
    <h2>${r.kind === 'seed' ? 'Seed' : 'Import'} <span class="verdict ${r.verdict}">${r.verdict}</span></h2>
    <p>${summary}</p>
    ${chart}
    <table>
      <tr>
        <th>Type</th>
        <th>Expected</th>
        <th>Imported</th>
        <th>Rejected</th>
        <th>Missing</th>
      </tr>
      ${table}
    </table>
  </section>`
}

const CSS = trusted(
  `body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:16px;color:#111827}h1{margin:0 0 4px}h2{border-bottom:1px solid #e5e7eb;padding-bottom:4px}code,pre{font:12px ui-monospace,monospace}pre{background:#f3f4f6;padding:6px;overflow:auto;max-height:240px;white-space:pre-wrap}.muted{color:#6b7280}.verdict{font-size:13px;padding:2px 8px;border-radius:10px;color:#fff}.verdict.pass{background:#059669}.verdict.fail{background:#dc2626}.verdict.error{background:#d97706}.tag{color:#fff;border-radius:4px;padding:0 5px;font-size:12px}details{margin:3px 0}details.suite>summary{cursor:pointer;padding:4px 0}details.check{margin-left:16px}.ex{margin:4px 0 4px 16px}table{border-collapse:collapse;margin:8px 0;width:100%}td,th{border:1px solid #e5e7eb;padding:3px 6px;text-align:left;vertical-align:top}td.fail{color:#dc2626}td.pass{color:#059669}.charts{display:flex;flex-wrap:wrap;gap:8px}figure.chart{margin:0;border:1px solid #e5e7eb;padding:4px;width:560px}svg{width:100%;height:auto;font-size:11px}svg .legend{font-weight:600}`,
)

export function toHtml(all: Results[], o: { requirements?: RequirementRow[]; title?: string } = {}): string {
  const when =
    all
      .map((r) => r.run.finishedAt)
      .sort()
      .at(-1) ?? ''
  const title = o.title ?? 'Shoreline report'
  const body = all.map((r) =>
    r.kind === 'conformance'
      ? conformance(r, o.requirements ?? [])
      : r.kind === 'load'
        ? load(r)
        : r.kind === 'seed' || r.kind === 'import'
          ? reconciliation(r)
          : html`<section>
              <h2>${r.kind}</h2>
              <p>${r.verdict}</p>
            </section>`,
  )
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:" />
        <title>${title}</title>
        <style>
          ${CSS}
        </style>
      </head>
      <body>
        <h1>${title}</h1>
        <p class="muted">${all.length} result sets · ${when} · shoreline ${all[0]?.tool.version ?? ''}</p>
        ${body}
      </body>
    </html> `
  return page.text
}
