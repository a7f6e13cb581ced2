// `shoreline report`: renders results.json files (conform, load, seed, import) as one
// self-contained HTML page and/or Markdown; `shoreline report diff OLD NEW` lists new failures and
// p95 / throughput changes beyond a threshold, exiting 1 when something regressed (CI gating).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { CommandSpec } from '../command.js'
import { loadLabel, type Results } from '../../lib/results/model.js'
import { checkResults } from '../../lib/results/writer.js'
import { writeFileAtomic } from '../../lib/atomic-fs.js'
import { ExitCode, InputError, UsageError } from '../../lib/errors.js'
import { toHtml } from '../../reports/html.js'
import { toMarkdown } from '../../reports/markdown.js'
import { requirements } from '../../suites/coverage.js'

interface Args {
  first: string
  second?: string
  third?: string
  html?: string
  markdown?: string
  threshold: number
  title?: string
}

/** Every results.json under `path` (a file, or a folder searched 3 levels deep), checked against the schema. */
export function readResults(path: string): Results[] {
  if (!existsSync(path)) throw new InputError('no such file or folder', path)
  const files: string[] = []
  const walk = (p: string, depth: number) => {
    if (statSync(p).isFile()) return void (p.endsWith('.json') && files.push(p))
    for (const e of readdirSync(p).sort()) {
      const full = join(p, e)
      if (statSync(full).isDirectory()) {
        if (depth < 3) walk(full, depth + 1)
      } else if (e === 'results.json') files.push(full)
    }
  }
  walk(path, 0)
  if (!files.length) throw new InputError('no results.json found', path)
  return files.map((f) => {
    let doc: unknown
    try {
      doc = JSON.parse(readFileSync(f, 'utf8'))
    } catch (err) {
      throw new InputError(`not JSON: ${(err as Error).message}`, f)
    }
    const problems = checkResults(doc)
    if (problems.length) throw new InputError(`not a Shoreline results document: ${problems[0]}`, f)
    return doc as Results
  })
}

export interface Change {
  kind: 'new-failure' | 'fixed' | 'p95' | 'throughput' | 'unmatched'
  regression: boolean
  text: string
}

/** What changed from OLD to NEW: failures by check id, load p95 and throughput beyond `pct` %. */
export function diffResults(oldRs: Results[], newRs: Results[], pct: number): Change[] {
  const out: Change[] = []
  const failing = (rs: Results[]) => new Set(rs.flatMap((r) => (r.checks ?? []).filter((c) => c.outcome === 'fail').map((c) => c.id)))
  const before = failing(oldRs)
  const after = failing(newRs)
  for (const id of after)
    if (!before.has(id))
      out.push({ kind: 'new-failure', regression: true, text: `${id} fails now (${newRs.flatMap((r) => r.checks ?? []).find((c) => c.id === id)?.message ?? ''})` })
  for (const id of before) if (!after.has(id)) out.push({ kind: 'fixed', regression: false, text: `${id} passes now` })
  // Load results are compared scenario by scenario; a side with one load run each is compared as a pair.
  const loads = (rs: Results[]) => {
    const m = new Map<string, Results>()
    for (const r of rs) if (r.kind === 'load' && !m.has(loadLabel(r).scenario)) m.set(loadLabel(r).scenario, r)
    return m
  }
  const olds = loads(oldRs)
  const news = loads(newRs)
  const pairOnly = olds.size === 1 && news.size === 1
  for (const [name, b] of news) {
    const a = olds.get(name) ?? (pairOnly ? [...olds.values()][0] : undefined)
    if (!a) {
      out.push({ kind: 'unmatched', regression: false, text: `${name}: a load run only in NEW (nothing to compare it with)` })
      continue
    }
    out.push(...loadChanges(olds.has(name) ? name : `${loadLabel(a).scenario} → ${name}`, a, b, pct))
  }
  for (const name of olds.keys()) if (!news.has(name) && !pairOnly) out.push({ kind: 'unmatched', regression: false, text: `${name}: a load run only in OLD (not run in NEW)` })
  return out
}

/** One scenario's p95 and throughput from OLD to NEW, beyond `pct` %. */
function loadChanges(name: string, a: Results, b: Results, pct: number): Change[] {
  const out: Change[] = []
  const rate = (r: Results) => (r.summary.httpReqs ?? 0) / Math.max((r.summary.durationMs ?? 0) / 1000, 1e-9)
  const change = (x: number, y: number) => (x > 0 ? ((y - x) / x) * 100 : 0)
  const p95 = change(a.summary.p95Ms ?? 0, b.summary.p95Ms ?? 0)
  if (Math.abs(p95) > pct)
    out.push({
      kind: 'p95',
      regression: p95 > 0,
      text: `${name}: p95 ${(a.summary.p95Ms ?? 0).toFixed(1)} → ${(b.summary.p95Ms ?? 0).toFixed(1)} ms (${p95 > 0 ? '+' : ''}${p95.toFixed(1)} %)`,
    })
  const tput = change(rate(a), rate(b))
  if (Math.abs(tput) > pct)
    out.push({
      kind: 'throughput',
      regression: tput < 0,
      text: `${name}: throughput ${rate(a).toFixed(0)} → ${rate(b).toFixed(0)} req/s (${tput > 0 ? '+' : ''}${tput.toFixed(1)} %)`,
    })
  return out
}

export const reportCommand: CommandSpec<Args> = {
  command: 'report <first> [second] [third]',
  exits: [0, 1, 2, 70],
  describe: 'Render results as one self-contained HTML page and/or Markdown; `report diff OLD NEW` compares two runs',
  builder: (y) =>
    y
      .positional('first', { type: 'string', describe: 'A results folder or file (or `diff`)' })
      .positional('second', { type: 'string', describe: 'diff: the old results' })
      .positional('third', { type: 'string', describe: 'diff: the new results' })
      .option('html', { type: 'string', describe: 'Write the HTML report here' })
      .option('markdown', { type: 'string', describe: 'Write Markdown here (`-` for stdout, e.g. >> $GITHUB_STEP_SUMMARY)' })
      .option('threshold', { type: 'number', default: 10, describe: 'diff: a p95 or throughput change beyond this many percent counts' })
      .option('title', { type: 'string', describe: 'Page title' })
      .example('$0 report results/ --html results/index.html --markdown -', 'Everything under results/ as one page, and a summary on stdout')
      .example('$0 report diff results/main results/pr --threshold 15', 'Exit 1 on new failures or a slower p95'),
  async run(a, ctx) {
    if (!(Number.isFinite(a.threshold) && a.threshold >= 0 && a.threshold <= 1000))
      throw new UsageError(`--threshold must be a percentage from 0 to 1000, got ${JSON.stringify(String(a.threshold))}`)
    if (a.first === 'diff') {
      if (!a.second || !a.third) throw new UsageError('report diff needs OLD and NEW results (files or folders)')
      const changes = diffResults(readResults(a.second), readResults(a.third), a.threshold)
      for (const c of changes) ctx.say(`${c.regression ? '✗' : c.kind === 'unmatched' ? '·' : '✓'} ${c.text}`)
      const bad = changes.filter((c) => c.regression).length
      const unmatched = changes.filter((c) => c.kind === 'unmatched').length
      const good = changes.length - bad - unmatched
      ctx.say(
        changes.length
          ? `${bad} regression${bad === 1 ? '' : 's'}, ${good} improvement${good === 1 ? '' : 's'}${unmatched ? `, ${unmatched} load run${unmatched === 1 ? '' : 's'} on one side only` : ''} (threshold ${a.threshold} %)`
          : `no change beyond ${a.threshold} %`,
      )
      ctx.emitJson({ changes })
      return bad ? ExitCode.verdictFailed : ExitCode.ok
    }
    if (a.second) throw new UsageError(`report takes one results folder (or \`report diff OLD NEW\`), got ${a.first} and ${a.second}`)
    if (!a.html && !a.markdown) throw new UsageError('say what to write: --html FILE and/or --markdown FILE (or -)')
    const all = readResults(a.first)
    if (a.html) {
      await writeFileAtomic(a.html, await toHtml(all, { requirements: all.some((r) => r.kind === 'conformance') ? requirements() : [], title: a.title }))
      ctx.note(`wrote ${a.html} (${all.length} result sets)`)
    }
    if (a.markdown === '-') process.stdout.write(toMarkdown(all))
    else if (a.markdown) await writeFileAtomic(a.markdown, toMarkdown(all))
    return ExitCode.ok
  },
}
