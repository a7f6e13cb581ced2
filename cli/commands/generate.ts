// `shoreline generate`: a seeded synthetic population as a dataset folder.
import { join } from 'node:path'
import type { CommandSpec } from '../command.js'
import { fmt, ProgressBar } from '../progress.js'
import { DEFAULT_REFERENCE_DATE, DEFAULT_SEED, defaultWorkers, generateDataset, parseShard } from '../../generators/run.js'
import { RunRecorder, writeResults } from '../../lib/results/writer.js'
import { ExitCode, InterruptedError } from '../../lib/errors.js'
import type { BundleType } from '../../generators/chunk.js'

interface Args {
  patients: number
  seed: number
  'reference-date': string
  years: number
  out: string
  shard?: string
  'bundle-type': BundleType
  bundles: boolean
  ndjson: boolean
  gzip: boolean
  'max-file-mb'?: number
  invalid: boolean
  validate: boolean
  workers: number
  force: boolean
}

export const generateCommand: CommandSpec<Args> = {
  command: 'generate',
  exits: [0, 1, 2, 70, 130],
  describe: 'Generate a seeded synthetic population: transaction bundles, NDJSON, manifest with search ground truth',
  builder: (y) =>
    y
      .option('patients', { type: 'number', default: 100, describe: 'Patients in the whole run' })
      .option('seed', { type: 'number', default: DEFAULT_SEED, describe: 'Run seed; the same seed gives byte-identical output' })
      .option('reference-date', { type: 'string', default: DEFAULT_REFERENCE_DATE, describe: '"Today" for the population (YYYY-MM-DD); never the wall clock' })
      .option('years', { type: 'number', default: 5, describe: 'Years of clinical history before the reference date' })
      .option('out', { type: 'string', default: 'data/dataset', describe: 'Dataset folder to write' })
      .option('shard', { type: 'string', describe: 'Write only slice i of n (i/n, 1-based): same bytes as that slice of the whole run' })
      .option('bundle-type', { choices: ['transaction', 'batch', 'collection'] as const, default: 'transaction' as BundleType, describe: 'Type of the per-patient Bundles' })
      .option('bundles', { type: 'boolean', default: true, describe: 'Write bundles/ (--no-bundles to skip)' })
      .option('ndjson', { type: 'boolean', default: true, describe: 'Write ndjson/ (--no-ndjson to skip)' })
      .option('gzip', { type: 'boolean', default: false, describe: 'Gzip the NDJSON files' })
      .option('max-file-mb', { type: 'number', describe: 'Split NDJSON files at this many MB (uncompressed), at line boundaries' })
      .option('invalid', { type: 'boolean', default: false, describe: 'Also write the labelled invalid corpus (invalid/)' })
      .option('validate', { type: 'boolean', default: false, describe: 'Validate every resource (HL7 R4 schema + gap checks) while generating' })
      .option('workers', { type: 'number', default: defaultWorkers(), describe: 'Worker threads (default: the core count)' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace a non-empty --out folder' })
      .example('$0 generate --patients 10000 --seed 42 --out data/pop', 'Ten thousand patients')
      .example('$0 generate --patients 1000000 --shard 3/8 --out data/pop-3', 'One of eight machines generating one population'),
  async run(a, ctx) {
    const recorder = new RunRecorder('generate', ctx.argv)
    const bar = new ProgressBar(ctx.interactive, 'patients')
    const signal = ctx.signal
    try {
      const staged = await generateDataset({
        out: a.out,
        patients: a.patients,
        seed: a.seed,
        referenceDate: a['reference-date'],
        years: a.years,
        shard: a.shard === undefined ? undefined : parseShard(a.shard),
        bundleType: a['bundle-type'],
        bundles: a.bundles,
        ndjson: a.ndjson,
        gzip: a.gzip,
        maxFileMb: a['max-file-mb'],
        invalid: a.invalid,
        validate: a.validate,
        workers: a.workers,
        force: a.force,
        signal,
        onProgress: (p) => bar.update(p.done, p.total, `${fmt(p.resources)} resources`),
      })
      bar.clear()
      const invalid = staged.validation?.invalid ?? 0
      const mb = staged.bytes / 1e6
      const results = recorder.finish({
        verdict: invalid > 0 ? 'fail' : 'pass',
        summary: {
          patients: staged.patients,
          resources: staged.resources,
          megabytes: round(mb),
          seconds: round(staged.seconds),
          patientsPerSecond: round(staged.patients / staged.seconds),
          resourcesPerSecond: round(staged.resources / staged.seconds),
          // CPU of every thread of this process (the workers are threads), for per-core rates.
          cpuSeconds: round(cpuSeconds(process.cpuUsage())),
          // The kernel's share (mostly page-cache writes of the output) apart: on a VM it varies
          // with the host far more than the generator's own user time does.
          systemCpuSeconds: round(process.cpuUsage().system / 1e6),
          peakRssMb: round(process.resourceUsage().maxRSS / 1024),
        },
        dataset: {
          path: a.out,
          seed: a.seed,
          referenceDate: a['reference-date'],
          patients: staged.patients,
          ...(a.shard ? { shard: a.shard } : {}),
          resources: staged.resources,
          bytes: staged.bytes,
          countsByType: staged.counts,
          invalidItems: staged.invalidItems,
          workers: staged.workers,
        },
        ...(staged.validation
          ? {
              validation: {
                resources: staged.validation.resources,
                invalid: staged.validation.invalid,
                issues: staged.validation.issues.map((i) => ({ rule: i.rule, message: i.message, where: i.where, ...(i.path ? { path: i.path } : {}), resource: i.resource })),
              },
            }
          : {}),
      })
      // run.json is the one file outside the determinism guarantee (it records timings).
      await writeResults(join(staged.stagePath, 'run.json'), results)
      await staged.commit()
      const types = Object.entries(staged.counts)
        .sort((x, y) => y[1] - x[1])
        .slice(0, 4)
        .map(([t, n]) => `${t} ${fmt(n)}`)
        .join(', ')
      ctx.say(
        `generated ${fmt(staged.patients)} patients, ${fmt(staged.resources)} resources (${types}, …) in ${staged.seconds.toFixed(1)} s — ` +
          `${fmt(Math.round(staged.resources / staged.seconds))} resources/s, ${(mb / staged.seconds).toFixed(1)} MB/s → ${a.out}`,
      )
      if (staged.validation) {
        ctx.say(invalid === 0 ? `validation: all ${fmt(staged.resources)} resources valid` : `validation: ${fmt(invalid)} invalid resources (see ${a.out}/run.json)`)
        for (const i of staged.validation.issues.slice(0, 10)) ctx.note(`  ${i.resource} [${i.rule}] ${i.path ?? ''}: ${i.message}`)
      }
      ctx.emitJson(results)
      return invalid > 0 ? ExitCode.verdictFailed : ExitCode.ok
    } catch (err) {
      bar.clear()
      if (signal.aborted) throw new InterruptedError()
      throw err
    }
  },
}

const round = (n: number) => Math.round(n * 100) / 100
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6
