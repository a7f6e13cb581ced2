// The demo's closing table: what passed and what did not, read from the results each step wrote —
// checks per suite, load SLOs (thresholds) met per scenario, resources reconciled by the seed.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fmt } from './progress.js'
import type { Results } from '../lib/results/model.js'

function read(path: string): Results | undefined {
  if (!existsSync(path)) return undefined
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Results
  } catch {
    return undefined
  }
}

const OUTCOMES = ['pass', 'fail', 'warn', 'skip', 'error'] as const

/** The table's lines; `loads` maps a scenario to its results folder under `out`. */
export function verdictTable(out: string, loads: Record<string, string>): string[] {
  const lines: string[] = ['Verdicts']
  const conform = read(join(out, 'conform', 'results.json'))
  if (conform?.checks) {
    lines.push(`  conformance${' '.repeat(10)}${OUTCOMES.map((o) => o.padStart(6)).join('')}`)
    const suites = [...new Set(conform.checks.map((c) => c.suite))]
    for (const s of suites) {
      const of = conform.checks.filter((c) => c.suite === s)
      const counts = OUTCOMES.map((o) => String(of.filter((c) => c.outcome === o || (o === 'pass' && c.outcome === 'deviation')).length).padStart(6))
      lines.push(`    ${s.padEnd(19)}${counts.join('')}${of.some((c) => c.outcome === 'fail' || c.outcome === 'error') ? '  ✗' : '  ✓'}`)
    }
  } else lines.push('  conformance: no results')
  lines.push('  load SLOs (thresholds met)')
  for (const [name, dir] of Object.entries(loads)) {
    const doc = read(join(out, dir, 'results.json'))
    const all = (doc?.metrics ?? []).flatMap((m) => m.thresholds ?? [])
    const met = all.filter((t) => t.ok).length
    lines.push(`    ${name.padEnd(19)}${doc ? `${met} of ${all.length}${met === all.length && doc.verdict === 'pass' ? '  ✓' : '  ✗'}` : 'no results  ✗'}`)
  }
  const seed = read(join(out, 'seed', 'results.json'))
  const s = seed?.summary as Partial<Record<'resources' | 'missing' | 'altered' | 'rejected', number>> | undefined
  if (s?.missing !== undefined && s.resources !== undefined) {
    const found = s.resources - s.missing
    lines.push(
      `  seed                 ${fmt(found)} of ${fmt(s.resources)} resources found in the target (${fmt(s.missing)} missing, ${fmt(s.altered ?? 0)} altered, ${fmt(s.rejected ?? 0)} rejected)${seed?.verdict === 'pass' ? '  ✓' : '  ✗'}`,
    )
  } else lines.push(`  seed                 ${seed?.errors?.[0]?.message ?? 'no results'}  ✗`)
  return lines
}
