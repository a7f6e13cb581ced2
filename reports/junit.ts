// JUnit XML from the results model: a testsuite per suite, a testcase per check (for a load run,
// per threshold); fail → <failure>, error (the check itself broke) → <error>, skip → <skipped>,
// warn and deviation → passes with a <system-out> note (CI systems show it without failing).
import type { Results } from '../lib/results/model.js'
import { shownValue } from './measured.js'

const esc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')

/** A load run's thresholds as checks: one testcase each, failed when crossed. */
function thresholdCases(results: Results): NonNullable<Results['checks']> {
  return (results.metrics ?? []).flatMap((m) =>
    (m.thresholds ?? []).map((t) => {
      const key = `${m.name}${
        m.tags
          ? `{${Object.entries(m.tags)
              .map(([k, v]) => `${k}:${v}`)
              .join(',')}}`
          : ''
      }`
      return {
        id: key,
        title: t.expression,
        suite: 'thresholds',
        outcome: t.ok ? ('pass' as const) : ('fail' as const),
        ...(t.ok ? {} : { message: `${key} ${t.expression} crossed` }),
      }
    }),
  )
}

export function toJUnit(results: Results): string {
  const checks = results.kind === 'load' ? thresholdCases(results) : (results.checks ?? [])
  const bySuite = new Map<string, typeof checks>()
  for (const c of checks) bySuite.set(c.suite, [...(bySuite.get(c.suite) ?? []), c])
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="shoreline ${esc(results.kind)}" tests="${checks.length}" failures="${checks.filter((c) => c.outcome === 'fail').length}" errors="${checks.filter((c) => c.outcome === 'error').length}" skipped="${checks.filter((c) => c.outcome === 'skip').length}" time="${(results.run.durationMs / 1000).toFixed(3)}">`,
  ]
  for (const [suite, list] of bySuite) {
    const time = list.reduce((n, c) => n + (c.durationMs ?? 0), 0) / 1000
    out.push(
      `  <testsuite name="${esc(suite)}" tests="${list.length}" failures="${list.filter((c) => c.outcome === 'fail').length}" errors="${list.filter((c) => c.outcome === 'error').length}" skipped="${list.filter((c) => c.outcome === 'skip').length}" time="${time.toFixed(3)}">`,
    )
    for (const c of list) {
      const open = `    <testcase classname="${esc(suite)}" name="${esc(`${c.id}: ${c.title}`)}" time="${((c.durationMs ?? 0) / 1000).toFixed(3)}"`
      // What the check measured, as testcase properties (the form CI test reports read).
      const metrics = 'metrics' in c ? (c.metrics ?? []) : []
      const props = metrics.length
        ? [
            '      <properties>',
            ...metrics.map((m) => `        <property name="${esc(m.of ? `${m.name} (${m.of})` : m.name)}" value="${esc(shownValue(m))}"/>`),
            '      </properties>',
          ]
        : []
      if (c.outcome === 'fail') out.push(`${open}>`, ...props, `      <failure message="${esc(c.message ?? 'failed')}"/>`, '    </testcase>')
      else if (c.outcome === 'error') out.push(`${open}>`, ...props, `      <error message="${esc(c.message ?? 'the check itself failed')}"/>`, '    </testcase>')
      else if (c.outcome === 'skip') out.push(`${open}>`, `      <skipped message="${esc(c.message ?? 'skipped')}"/>`, '    </testcase>')
      else if (c.outcome === 'warn' || c.outcome === 'deviation')
        out.push(`${open}>`, ...props, `      <system-out>${esc(`${c.outcome}: ${c.message ?? ''}`)}</system-out>`, '    </testcase>')
      else if (props.length) out.push(`${open}>`, ...props, '    </testcase>')
      else out.push(`${open}/>`)
    }
    out.push('  </testsuite>')
  }
  out.push('</testsuites>')
  return out.join('\n') + '\n'
}
