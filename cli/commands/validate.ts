// `shoreline validate`: the HL7 R4 schema, the gap checks and reference closure over a dataset,
// an NDJSON file or a Bundle.
import type { CommandSpec } from '../command.js'
import { fmt } from '../progress.js'
import { validatePath } from '../../lib/validation/dataset.js'
import { RunRecorder, writeResults } from '../../lib/results/writer.js'
import { ExitCode, UsageError } from '../../lib/errors.js'
import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'

interface Args {
  path: string
  results?: string
  'max-issues': number
}

export const validateCommand: CommandSpec<Args> = {
  command: 'validate <path>',
  exits: [0, 1, 2, 70],
  describe: 'Validate a dataset folder, NDJSON file, Bundle or resource (R4 schema, gap checks, reference closure)',
  builder: (y) =>
    y
      .positional('path', { type: 'string', describe: 'Dataset folder, .ndjson(.gz) file, Bundle or resource .json' })
      .option('results', { type: 'string', describe: 'Write the results (JSON results model) to this file' })
      .option('max-issues', { type: 'number', default: 20, describe: 'Issues to print' })
      .example('$0 validate data/pop', 'Validate a generated dataset')
      .example('$0 validate data/pop/invalid/corpus.ndjson', 'See each corpus item fail for its labelled reason'),
  async run(a, ctx) {
    if (!(Number.isInteger(a['max-issues']) && a['max-issues'] >= 0))
      throw new UsageError(`--max-issues must be a whole number ≥ 0, got ${JSON.stringify(String(a['max-issues']))}`)
    // The results file's folder must be there (or be makeable) before the work, not found missing after it.
    if (a.results) await mkdir(dirname(resolve(a.results)), { recursive: true })
    const recorder = new RunRecorder('validate', ctx.argv)
    const report = await validatePath(a.path)
    for (const i of report.issues.slice(0, a['max-issues'])) {
      ctx.say(`${i.where}${i.resource ? ` ${i.resource}` : ''} [${i.rule}]${i.path ? ` ${i.path}` : ''}: ${i.message}`)
    }
    const shown = Math.min(a['max-issues'], report.issues.length)
    const more = report.issues.length + report.issuesTruncated - shown
    if (more > 0) ctx.say(`… and ${fmt(more)} more issues`)
    for (const s of report.skipped) ctx.note(`skipped ${s}`)
    const rules = Object.entries(report.byRule)
      .map(([r, n]) => `${r} ${n}`)
      .join(', ')
    ctx.say(`validated ${fmt(report.resources)} resources in ${report.files} files: ${report.invalid === 0 ? 'all valid' : `${fmt(report.invalid)} invalid (${rules})`}`)
    const results = recorder.finish({
      verdict: report.invalid === 0 ? 'pass' : 'fail',
      summary: { files: report.files, resources: report.resources, invalid: report.invalid },
      validation: {
        resources: report.resources,
        invalid: report.invalid,
        issues: report.issues.map((i) => ({
          rule: i.rule,
          message: i.message,
          where: i.where,
          ...(i.path ? { path: i.path } : {}),
          ...(i.resource ? { resource: i.resource } : {}),
        })),
        issuesTruncated: report.issuesTruncated,
      },
    })
    if (a.results) await writeResults(a.results, results)
    ctx.emitJson(results)
    return report.invalid === 0 ? ExitCode.ok : ExitCode.verdictFailed
  },
}
