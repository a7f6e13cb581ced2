// Figures checks measured (CheckResult.metrics: the nlp suite's time to enrichment, precision,
// recall and F1 per category and trait), laid out once for every renderer: a grid with a row per
// thing measured ("of") and a column per figure.
import type { CheckMetric, CheckResult } from '../lib/results/model.js'

export interface MetricGrid {
  columns: string[]
  rows: Array<{ of: string; cells: string[] }>
}

/** A figure as it is read: a ratio with three decimals, a time in ms, a count whole. */
export function shownValue(m: CheckMetric): string {
  if (m.unit === 'ms') return `${Math.round(m.value).toLocaleString('en-US')} ms`
  if (m.unit === 'count') return Math.round(m.value).toLocaleString('en-US')
  if (m.unit) return `${m.value} ${m.unit}`
  return m.value.toFixed(3)
}

export function metricGrid(metrics: readonly CheckMetric[]): MetricGrid {
  const columns = [...new Set(metrics.map((m) => m.name))]
  const order = [...new Set(metrics.map((m) => m.of ?? ''))]
  const rows = order.map((of) => ({
    of: of || '—',
    cells: columns.map((c) => {
      const m = metrics.find((x) => x.name === c && (x.of ?? '') === of)
      return m ? shownValue(m) : ''
    }),
  }))
  return { columns, rows }
}

/** The checks of a run that measured something. */
export function measuredChecks(checks: readonly CheckResult[]): Array<CheckResult & { metrics: CheckMetric[] }> {
  return checks.filter((c): c is CheckResult & { metrics: CheckMetric[] } => (c.metrics?.length ?? 0) > 0)
}
