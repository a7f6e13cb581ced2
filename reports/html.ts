// One self-contained HTML page from the results model: no script, stylesheet, font or image is
// fetched — charts are Vega-Lite rendered to inline SVG at report time (charts.ts). Conformance by
// suite with each check's recorded exchanges (already redacted in results.json), load charts per
// scenario (throughput, p50/p95/p99 with the SLO drawn, error rate against its budget, VUs, p95 per
// interaction against each SLO, throttles), seed/import reconciliation, and last the requirement
// coverage table, folded.
import { loadLabel, type CheckResult, type Results, type Series } from '../lib/results/model.js'
import { html, trusted, type Html } from '../lib/html.js'
import { barChart, COLORS, lineChart } from './charts.js'
import { measuredChecks, metricGrid } from './measured.js'

export interface RequirementRow {
  id: string
  spec: string
  url: string
  requirement: string
}

const OUTCOME_COLOR: Record<string, string> = { pass: '#059669', fail: '#dc2626', warn: '#d97706', skip: '#9ca3af', deviation: '#7c3aed', error: '#111827' }

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
async function throttles(r: Results): Promise<Html[]> {
  const per = (r.metrics ?? []).filter((m) => m.name === 'http_req_duration' && m.tags?.per === 'interaction' && (m.values.throttled ?? 0) > 0)
  if (per.length === 0) return []
  return [
    await barChart({
      title: 'Throttled requests per interaction (429 or ThrottlingException)',
      xTitle: 'requests',
      format: 'count',
      bars: per.sort((a, b) => (b.values.throttled ?? 0) - (a.values.throttled ?? 0)).map((m) => ({ label: m.tags?.name ?? '', value: m.values.throttled ?? 0 })),
      empty: 'no request was throttled',
    }),
  ]
}

/** nlp-enrichment: notes written but not yet enriched, second by second (the running difference of the two counters), and the time to enrichment. */
async function enrichment(r: Results): Promise<Html[]> {
  const series = (name: string) => (r.series ?? []).find((x) => x.name === name)?.points
  const written = series('nlp_notes_written')
  const enriched = series('nlp_notes_enriched')
  if (!written || !enriched) return []
  let waiting = 0
  const backlog = written.map(([t, w], i): [number, number] => [t, (waiting += w - (enriched[i]?.[1] ?? 0))])
  const time = (r.metrics ?? []).find((m) => m.name === 'nlp_time_to_enrichment')?.values
  return [
    await lineChart({
      title: 'Notes waiting for enrichment (backlog)',
      yTitle: 'notes',
      format: 'count',
      lines: [{ label: 'written, not yet enriched', points: backlog }],
      empty: 'no note was written',
    }),
    await barChart({
      title: 'Time to enrichment',
      xTitle: 'ms',
      format: 'ms',
      bars: time ? (['med', 'p(95)', 'max'] as const).map((k, i) => ({ label: k === 'med' ? 'p50' : k, value: time[k] ?? 0, color: COLORS[i] })) : [],
      empty: 'no note was enriched',
    }),
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

async function conformance(r: Results): Promise<Html> {
  const checks = r.checks ?? []
  const suites = [...new Set(checks.map((c) => c.suite))]
  const outcomes = ['pass', 'fail', 'warn', 'skip', 'deviation', 'error']
  const count = (list: CheckResult[], o: string) => list.filter((c) => c.outcome === o).length
  const ofSuite = (s: string) => checks.filter((c) => c.suite === s)
  const chart = await barChart({
    title: 'Checks passed per suite',
    xTitle: 'checks passed',
    format: 'count',
    bars: suites.map((s) => ({
      label: `${s} (${count(ofSuite(s), 'fail')} failed)`,
      value: count(ofSuite(s), 'pass'),
      color: count(ofSuite(s), 'fail') ? OUTCOME_COLOR.fail : OUTCOME_COLOR.pass,
    })),
    empty: 'no checks ran',
  })
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
  const totals = outcomes.map((o) => `${count(checks, o)} ${o}`).join(' · ')
  const measured = await Promise.all(measuredChecks(checks).map(measuredSection))
  return html`<section>
    <h2>Conformance <span class="verdict ${r.verdict}">${r.verdict}</span></h2>
    <p>${checks.length} checks against <code>${r.target?.url}</code> (${r.target?.profile}) · ${totals}</p>
    ${chart}${bySuite}${measured}
  </section>`
}

/**
 * What a check measured: a chart of precision, recall and F1 for each thing scored on them (the nlp
 * suite: each entity category, all together), one of F1 by trait, and the full table.
 */
async function measuredSection(c: CheckResult & { metrics: NonNullable<CheckResult['metrics']> }): Promise<Html> {
  const scored = [...new Set(c.metrics.filter((m) => m.name === 'F1').map((m) => m.of ?? ''))]
  const value = (name: string, of: string) => c.metrics.find((m) => m.name === name && (m.of ?? '') === of)?.value ?? 0
  const charts = await Promise.all([
    ...scored
      .filter((of) => !of.startsWith('trait '))
      .map((of) =>
        barChart({
          title: `${c.id}: ${of}`,
          xTitle: 'share (0–100 %)',
          format: 'percent',
          bars: ['precision', 'recall', 'F1'].map((name, i) => ({ label: name, value: value(name, of), color: COLORS[i] })),
          empty: 'nothing scored',
        }),
      ),
    barChart({
      title: `${c.id}: F1 by trait`,
      xTitle: 'F1 (0–100 %)',
      format: 'percent',
      bars: scored.filter((of) => of.startsWith('trait ')).map((of) => ({ label: of.slice('trait '.length), value: value('F1', of) })),
      empty: 'no traits scored',
    }),
  ])
  const grid = metricGrid(c.metrics)
  return html`<h3>Measured by ${c.id}: ${c.title}</h3>
    ${scored.length ? html`<div class="charts">${charts}</div>` : ''}
    <table class="measured">
      <tr>
        <th></th>
        ${grid.columns.map((col) => html`<th>${col}</th>`)}
      </tr>
      ${grid.rows.map(
        (row) =>
          html`<tr>
            <td>${row.of}</td>
            ${row.cells.map((v) => html`<td class="num">${v}</td>`)}
          </tr>`,
      )}
    </table>`
}

/** The requirement coverage table: after every result, folded (it is long, and the results come first). */
function coverage(all: Results[], reqs: RequirementRow[]): Html {
  if (!reqs.length) return html``
  const byReq = new Map<string, CheckResult[]>()
  for (const r of all) for (const c of r.checks ?? []) for (const q of c.requirements ?? []) byReq.set(q, [...(byReq.get(q) ?? []), c])
  const covered = reqs.filter((q) => byReq.has(q.id)).length
  const reqRow = (q: RequirementRow) => {
    const covering = (byReq.get(q.id) ?? []).map((c) => html`${tag(c.outcome, c.id)} `)
    return html`<tr>
      <td>${q.id}</td>
      <td><a href="${q.url}">${q.spec}</a></td>
      <td>${q.requirement}</td>
      <td>${covering.length ? covering : '—'}</td>
    </tr>`
  }
  return html`<section>
    <details class="coverage">
      <summary><b>Requirement coverage</b> — ${covered} of ${reqs.length} requirements have a check</summary>
      <table>
        <tr>
          <th>Requirement</th>
          <th>Source</th>
          <th>Text</th>
          <th>Checks</th>
        </tr>
        ${reqs.map(reqRow)}
      </table>
    </details>
  </section>`
}

/** A threshold's limit on a metric (`p(95)<500` → 500), by its aggregate; undefined when it is not an upper bound. */
function limits(r: Results, metric: string, tags?: Record<string, string>): Array<{ agg: string; value: number; expression: string }> {
  const same = (a?: Record<string, string>, b?: Record<string, string>) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {})
  return (r.metrics ?? [])
    .filter((m) => m.name === metric && same(m.tags, tags))
    .flatMap((m) => m.thresholds ?? [])
    .flatMap((t) => {
      const m = /^\s*(p\([\d.]+\)|avg|med|max|rate)\s*<=?\s*([\d.]+)\s*$/.exec(t.expression)
      return m ? [{ agg: m[1] as string, value: Number(m[2]), expression: t.expression }] : []
    })
}

async function load(r: Results): Promise<Html> {
  const s = (name: string, stat?: string): Series | undefined => (r.series ?? []).find((x) => x.name === name && (!stat || x.tags?.stat === stat))
  const pts = (x?: Series) => x?.points ?? []
  const none = 'no samples: the run ended before its first whole second'
  const held = r.summary.capacityFromS !== undefined ? [{ value: r.summary.capacityReqPerS ?? 0, label: `sustained capacity ${r.summary.capacityReqPerS} req/s` }] : []
  const interactions = (r.metrics ?? [])
    .filter((m) => m.name === 'http_req_duration' && m.tags?.per === 'interaction')
    .sort((a, b) => (b.values['p(95)'] ?? 0) - (a.values['p(95)'] ?? 0))
    .slice(0, 20)
  const perSlo = interactions.map((m) => ({
    label: m.tags?.name ?? '',
    value: m.values['p(95)'] ?? 0,
    limit: limits(r, 'http_req_duration', { name: m.tags?.name ?? '' }).find((l) => l.agg === 'p(95)')?.value,
  }))
  const charts = [
    await lineChart({ title: 'Throughput', yTitle: 'requests / s', format: 'rate', lines: [{ label: 'http_reqs', points: pts(s('http_reqs')) }], rules: held, empty: none }),
    await lineChart({
      title: 'Latency',
      yTitle: 'latency (ms)',
      format: 'ms',
      lines: ['p50', 'p95', 'p99'].map((st) => ({ label: st, points: pts(s('http_req_duration', st)) })),
      rules: limits(r, 'http_req_duration').map((l) => ({ value: l.value, label: `SLO ${l.expression}` })),
      empty: none,
    }),
    await lineChart({
      title: 'Error rate',
      yTitle: 'failed requests (%)',
      format: 'percent',
      lines: [{ label: 'http_req_failed', points: pts(s('http_req_failed')) }],
      rules: limits(r, 'http_req_failed')
        .filter((l) => l.agg === 'rate')
        .map((l) => ({ value: l.value, label: `budget ${l.expression}` })),
      empty: none,
    }),
    await lineChart({ title: 'Virtual users', yTitle: 'VUs', format: 'count', lines: [{ label: 'vus', points: pts(s('vus')) }], empty: none }),
    await barChart({
      title: `p95 latency per interaction${perSlo.some((b) => b.limit !== undefined) ? ' (red tick: its SLO)' : ''}`,
      xTitle: 'p95 (ms)',
      format: 'ms',
      bars: perSlo,
      empty: 'no request was named (tags: { name })',
    }),
    ...(await throttles(r)),
    ...(await enrichment(r)),
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

async function reconciliation(r: Results): Promise<Html> {
  const rows = Object.entries(r.reconciliation?.byType ?? {})
  const summary = Object.entries(r.summary)
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ')
  const chart = await barChart({
    title: 'Resources present after the run, by type',
    xTitle: 'resources',
    format: 'count',
    bars: rows.map(([t, x]) => ({ label: t, value: x.imported, color: x.missing ? OUTCOME_COLOR.fail : OUTCOME_COLOR.pass })),
    empty: 'nothing was reconciled',
  })
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
  `body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:16px;color:#111827}h1{margin:0 0 4px}h2{border-bottom:1px solid #e5e7eb;padding-bottom:4px}code,pre{font:12px ui-monospace,monospace}pre{background:#f3f4f6;padding:6px;overflow:auto;max-height:240px;white-space:pre-wrap}.muted{color:#6b7280}.verdict{font-size:13px;padding:2px 8px;border-radius:10px;color:#fff}.verdict.pass{background:#059669}.verdict.fail{background:#dc2626}.verdict.error{background:#d97706}.tag{color:#fff;border-radius:4px;padding:0 5px;font-size:12px}details{margin:3px 0}details.suite>summary{cursor:pointer;padding:4px 0}details.check{margin-left:16px}.ex{margin:4px 0 4px 16px}table{border-collapse:collapse;margin:8px 0;width:100%}td,th{border:1px solid #e5e7eb;padding:3px 6px;text-align:left;vertical-align:top}td.fail{color:#dc2626}td.pass{color:#059669}.charts{display:flex;flex-wrap:wrap;gap:8px}figure.chart{margin:0;border:1px solid #e5e7eb;padding:4px;width:560px}figure.chart svg{width:100%;height:auto}figure.chart figcaption{font-weight:600}details.coverage>summary{cursor:pointer;padding:4px 0}td.num{text-align:right;font-variant-numeric:tabular-nums}`,
)

export async function toHtml(all: Results[], o: { requirements?: RequirementRow[]; title?: string } = {}): Promise<string> {
  const when =
    all
      .map((r) => r.run.finishedAt)
      .sort()
      .at(-1) ?? ''
  const title = o.title ?? 'Shoreline report'
  const body: Html[] = []
  for (const r of all)
    body.push(
      r.kind === 'conformance'
        ? await conformance(r)
        : r.kind === 'load'
          ? await load(r)
          : r.kind === 'seed' || r.kind === 'import'
            ? await reconciliation(r)
            : html`<section>
                <h2>${r.kind}</h2>
                <p>${r.verdict}</p>
              </section>`,
    )
  body.push(coverage(all, o.requirements ?? []))
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
