// The report's charts: Vega-Lite specifications rendered to SVG here, at report time (Vega's
// headless view, no browser, no canvas), so the page stays one self-contained file under its
// Content-Security-Policy. Axes with titles and units, ticks at round values, gridlines,
// integer counts as integers, SLO thresholds drawn as labelled rules, and an empty state that says
// why there is nothing to draw. Layers are named (series, slo_rule, bars, slo_tick…): their marks
// carry the name as a class (`slo_rule_marks`), which the browser test reads.
import { html, trusted, type Html } from '../lib/html.js'

export const COLORS = ['#2563eb', '#d97706', '#dc2626', '#059669', '#7c3aed']
const RULE = '#dc2626'
const WIDTH = 470
const HEIGHT = 150

/** How a value axis reads: counts as integers, rates per second, ratios as percentages, times in ms. */
export type ValueFormat = 'count' | 'rate' | 'percent' | 'ms'
const D3_FORMAT: Record<ValueFormat, string> = { count: 'd', rate: ',.0f', percent: '.0%', ms: ',.1~f' }

export interface LineChart {
  title: string
  /** The value axis: its title with its unit, e.g. 'latency (ms)'. */
  yTitle: string
  format: ValueFormat
  lines: Array<{ label: string; points: Array<[number, number]> }>
  /** Thresholds to draw across the chart, e.g. the p95 SLO. */
  rules?: Array<{ value: number; label: string }>
  /** What to say when there is nothing to draw. */
  empty: string
}

export interface BarChart {
  title: string
  /** The value axis: its title with its unit. */
  xTitle: string
  format: ValueFormat
  bars: Array<{ label: string; value: number; color?: string; limit?: number }>
  empty: string
}

type Vega = typeof import('vega')
type VegaLite = typeof import('vega-lite')
let engines: Promise<[Vega, VegaLite]> | undefined
/** Vega is loaded once, and only by commands that draw a chart. */
const load = () => (engines ??= Promise.all([import('vega'), import('vega-lite')]))

async function render(spec: object): Promise<string> {
  const [vega, vl] = await load()
  // Quiet: a chart's compile notes are not the user's business.
  const compiled = vl.compile(spec as never, { logger: vega.logger(vega.None) }).spec
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.None })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

const CONFIG = {
  font: 'system-ui, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', grid: true, gridColor: '#e5e7eb', tickCount: 6 },
  legend: { orient: 'top', labelFontSize: 11, title: null },
  title: { fontSize: 13, anchor: 'start' },
  view: { stroke: null },
}

function figure(title: string, svg: string): Html {
  return html`<figure class="chart" data-chart="${title}">${trusted(svg)}</figure>`
}

function emptyFigure(title: string, why: string): Html {
  return html`<figure class="chart empty" data-chart="${title}">
    <figcaption>${title}</figcaption>
    <p class="muted">${why}</p>
  </figure>`
}

/** Values over the run's seconds, one line per series, with threshold rules. */
export async function lineChart(c: LineChart): Promise<Html> {
  const values = c.lines.flatMap((l) => l.points.map(([t, v]) => ({ t, v, series: l.label })))
  if (!values.length) return emptyFigure(c.title, c.empty)
  const rules = (c.rules ?? []).map((r) => ({ y: r.value, label: r.label }))
  const layers: object[] = [
    {
      name: 'series',
      data: { values },
      // Straight segments between seconds (a smoothed curve invents values); counts step.
      mark: { type: 'line', strokeWidth: 2, interpolate: c.format === 'count' ? 'step-after' : 'linear' },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'time (s)', axis: { format: 'd', tickMinStep: 1 }, scale: { nice: false, zero: false } },
        y: { field: 'v', type: 'quantitative', title: c.yTitle, axis: { format: D3_FORMAT[c.format], ...(c.format === 'count' ? { tickMinStep: 1 } : {}) } },
        color: { field: 'series', type: 'nominal', scale: { range: COLORS }, legend: c.lines.length > 1 ? {} : null },
      },
    },
  ]
  if (rules.length)
    layers.push(
      {
        name: 'slo_rule',
        data: { values: rules },
        mark: { type: 'rule', color: RULE, strokeDash: [5, 4], strokeWidth: 1.5 },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      },
      {
        name: 'slo_label',
        data: { values: rules },
        mark: { type: 'text', color: RULE, align: 'right', dx: -2, dy: -6, fontSize: 10 },
        encoding: { y: { field: 'y', type: 'quantitative' }, x: { value: WIDTH }, text: { field: 'label' } },
      },
    )
  const svg = await render({ width: WIDTH, height: HEIGHT, title: c.title, config: CONFIG, layer: layers })
  return figure(c.title, svg)
}

/** One horizontal bar per label, its value printed, and a tick at each bar's limit (its SLO). */
export async function barChart(c: BarChart): Promise<Html> {
  if (!c.bars.length) return emptyFigure(c.title, c.empty)
  const values = c.bars.map((b) => ({ label: b.label.length > 40 ? `${b.label.slice(0, 39)}…` : b.label, value: b.value, color: b.color ?? COLORS[0], limit: b.limit }))
  // The bars in the order given (sort: null keeps the data's order in every layer).
  const y = { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 220 } }
  const layers: object[] = [
    {
      name: 'bars',
      mark: { type: 'bar', height: { band: 0.7 } },
      encoding: { y, x: { field: 'value', type: 'quantitative', title: c.xTitle, axis: { format: D3_FORMAT[c.format] } }, color: { field: 'color', type: 'nominal', scale: null } },
    },
    {
      name: 'values',
      mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 },
      encoding: { y, x: { field: 'value', type: 'quantitative' }, text: { field: 'value', type: 'quantitative', format: D3_FORMAT[c.format] } },
    },
  ]
  if (values.some((v) => v.limit !== undefined))
    layers.push({
      name: 'slo_tick',
      transform: [{ filter: 'datum.limit != null' }],
      mark: { type: 'tick', color: RULE, thickness: 2, bandSize: 14 },
      encoding: { y, x: { field: 'limit', type: 'quantitative' } },
    })
  const svg = await render({ width: WIDTH, height: Math.max(40, values.length * 22), title: c.title, config: CONFIG, data: { values }, layer: layers })
  return figure(c.title, svg)
}
