// `shoreline generate`: a seeded synthetic population as a dataset folder.
import { join } from 'node:path'
import type { CommandSpec } from '../command.js'
import type { CommandContext } from '../context.js'
import { fmt, ProgressBar } from '../progress.js'
import { DEFAULT_REFERENCE_DATE, DEFAULT_SEED, defaultWorkers, generateDataset, parseShard } from '../../generators/run.js'
import { RunRecorder, writeResults } from '../../lib/results/writer.js'
import { ExitCode, InterruptedError } from '../../lib/errors.js'
import type { BundleType } from '../../generators/chunk.js'
import { k8sJobYaml, jobName, type JobGeneration } from '../../generators/scale-out/k8s-job.js'
import { shardFolderName, uploadDataset } from '../../generators/scale-out/upload.js'
import { checkS3Endpoint, s3Options, storageFrom } from '../s3-flags.js'
import { writeFileAtomic } from '../../lib/atomic-fs.js'
import { UsageError, TargetUnreachableError } from '../../lib/errors.js'
import { mergeCommand } from './generate-merge.js'
import { RECORD_PROFILES, type Cover } from '../../generators/cover.js'
import { POPULATIONS, type PopulationKey } from '../../generators/data/populations.js'

interface Args {
  patients: number
  seed: number
  'reference-date': string
  years: number
  population: PopulationKey
  'cover-profiles': boolean
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
  emit?: 'k8s-job'
  shards?: number
  'completion-index'?: number
  image?: string
  cpu: string
  memory: string
  parallelism?: number
  'job-name'?: string
  upload?: string
  'volume-claim'?: string
  's3-endpoint'?: string
  's3-region': string
}

/** The population the flags describe, for a run here and for the pods of an emitted Job alike. */
function generation(a: Args): JobGeneration {
  return {
    patients: a.patients,
    seed: a.seed,
    referenceDate: a['reference-date'],
    years: a.years,
    // The default is left out, so a Job's pods and a manifest say nothing new for the general population.
    ...(a.population !== 'primary-care' ? { population: a.population } : {}),
    ...(a['cover-profiles'] ? { coverProfiles: true } : {}),
    bundleType: a['bundle-type'],
    bundles: a.bundles,
    ndjson: a.ndjson,
    gzip: a.gzip,
    maxFileMb: a['max-file-mb'],
    invalid: a.invalid,
    validate: a.validate,
  }
}

export const generateCommand: CommandSpec<Args> = {
  command: 'generate',
  exits: [0, 1, 2, 3, 70, 130],
  describe: 'Generate a seeded synthetic population: transaction bundles, NDJSON, manifest with search ground truth',
  builder: (y) =>
    s3Options(
      y
        .option('patients', { type: 'number', default: 100, describe: 'Patients in the whole run' })
        .option('seed', { type: 'number', default: DEFAULT_SEED, describe: 'Run seed; the same seed gives byte-identical output' })
        .option('reference-date', { type: 'string', default: DEFAULT_REFERENCE_DATE, describe: '"Today" for the population (YYYY-MM-DD); never the wall clock' })
        .option('years', { type: 'number', default: 5, describe: 'Years of clinical history before the reference date' })
        .option('population', {
          choices: Object.keys(POPULATIONS) as PopulationKey[],
          default: 'primary-care' as PopulationKey,
          describe: `Whose records: ${Object.values(POPULATIONS)
            .map((p) => `${p.key}, ${p.who}`)
            .join('; ')}`,
        })
        .option('cover-profiles', {
          type: 'boolean',
          default: false,
          describe:
            'Choose the patients so that every US Core profile a record can claim is held by one (an implant, an infant, an allergy): a small dataset that exercises every us-core check',
        })
        .option('out', {
          type: 'string',
          default: 'data/dataset',
          describe: 'Dataset folder to write ({shard} in it becomes 0003-of-0008); with --emit, the folder for the manifest',
        })
        .option('shard', { type: 'string', describe: 'Write only slice i of n (i/n, 1-based): same bytes as that slice of the whole run' })
        .option('shards', { type: 'number', describe: "Shards of the run: the Job's completions (--emit k8s-job), or n with --completion-index" })
        .option('completion-index', { type: 'number', describe: "This pod's Kubernetes completion index (0-based): --shard (index+1)/--shards" })
        .option('upload', {
          type: 'string',
          describe: 'After writing, upload the dataset to this s3:// prefix (a shard to <prefix>/shard-0003-of-0008/); credentials from the AWS environment',
        })
        .option('emit', { choices: ['k8s-job'] as const, describe: 'Write a Kubernetes Indexed Job that generates the population in --shards pods, instead of generating here' })
        .option('image', { type: 'string', describe: '--emit k8s-job: container image with `shoreline` on its PATH' })
        .option('cpu', { type: 'string', default: '2', describe: '--emit k8s-job: CPU per pod (request and limit; also its --workers)' })
        .option('memory', { type: 'string', default: '2Gi', describe: '--emit k8s-job: memory per pod (request and limit)' })
        .option('parallelism', { type: 'number', describe: '--emit k8s-job: pods at a time (default: all shards)' })
        .option('job-name', { type: 'string', describe: "--emit k8s-job: the Job's name (default shoreline-generate-s<seed>-p<patients>)" })
        .option('volume-claim', { type: 'string', describe: '--emit k8s-job: write shards to this PersistentVolumeClaim instead of --upload' })
        .option('bundle-type', { choices: ['transaction', 'batch', 'collection'] as const, default: 'transaction' as BundleType, describe: 'Type of the per-patient Bundles' })
        .option('bundles', { type: 'boolean', default: true, describe: 'Write bundles/ (--no-bundles to skip)' })
        .option('ndjson', { type: 'boolean', default: true, describe: 'Write ndjson/ (--no-ndjson to skip)' })
        .option('gzip', { type: 'boolean', default: false, describe: 'Gzip the NDJSON files' })
        .option('max-file-mb', { type: 'number', describe: 'Split NDJSON files at this many MB (uncompressed), at line boundaries' })
        .option('invalid', { type: 'boolean', default: false, describe: 'Also write the labelled invalid corpus (invalid/)' })
        .option('validate', { type: 'boolean', default: false, describe: 'Validate every resource (HL7 R4 schema + gap checks) while generating' })
        .option('workers', { type: 'number', default: defaultWorkers(), describe: 'Threads that generate, this one included (default: the core count, at most 8)' })
        .option('force', { type: 'boolean', default: false, describe: 'Replace a non-empty --out folder' }),
      '--upload',
    )
      .example('$0 generate --patients 10000 --seed 42 --out data/pop', 'Ten thousand patients')
      .example('$0 generate --patients 1000000 --shard 3/8 --out data/pop-3', 'One of eight machines generating one population')
      .example('$0 generate --patients 1000000 --emit k8s-job --shards 8 --image registry.example/shoreline:0.1.0 --upload s3://bucket/pop', 'The same on a cluster'),
  subcommands: [mergeCommand],
  async run(a, ctx) {
    if (a.emit === 'k8s-job') return emitJob(a, ctx)
    const shard = shardOf(a)
    // Before generating, not after: a run can take hours.
    if (a.upload !== undefined) checkUpload(a)
    const out = a.out.replaceAll('{shard}', shardFolderName(shard?.index ?? 1, shard?.count ?? 1).slice('shard-'.length))
    const recorder = new RunRecorder('generate', ctx.argv)
    const bar = new ProgressBar(ctx.interactive, 'patients')
    const signal = ctx.signal
    try {
      const staged = await generateDataset({
        ...generation(a),
        out,
        shard,
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
          path: out,
          seed: a.seed,
          referenceDate: a['reference-date'],
          patients: staged.patients,
          ...(a.shard ? { shard: a.shard } : {}),
          resources: staged.resources,
          bytes: staged.bytes,
          countsByType: staged.counts,
          invalidItems: staged.invalidItems,
          workers: staged.workers,
          ...(staged.cover ? { cover: staged.cover } : {}),
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
      if (a.upload) {
        const to = shard ? `${a.upload.replace(/\/+$/, '')}/${shardFolderName(shard.index, shard.count)}` : a.upload
        const sent = await upload(out, to, a, signal)
        ctx.say(`uploaded ${fmt(sent.objects)} files (${(sent.bytes / 1e6).toFixed(1)} MB) → ${to}`)
      }
      const types = Object.entries(staged.counts)
        .sort((x, y) => y[1] - x[1])
        .slice(0, 4)
        .map(([t, n]) => `${t} ${fmt(n)}`)
        .join(', ')
      ctx.say(
        `generated ${fmt(staged.patients)} patients, ${fmt(staged.resources)} resources (${types}, …) in ${staged.seconds.toFixed(1)} s — ` +
          `${fmt(Math.round(staged.resources / staged.seconds))} resources/s, ${(mb / staged.seconds).toFixed(1)} MB/s → ${out}`,
      )
      if (staged.cover) sayCover(staged.cover, staged.patients, ctx)
      if (staged.validation) {
        ctx.say(invalid === 0 ? `validation: all ${fmt(staged.resources)} resources valid` : `validation: ${fmt(invalid)} invalid resources (see ${out}/run.json)`)
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

function sayCover(cover: Cover, patients: number, ctx: CommandContext) {
  const held = RECORD_PROFILES.length - cover.missing.length
  ctx.say(
    cover.picks
      ? `--cover-profiles: ${fmt(patients)} patients taken from the stream's first ${fmt(Math.max(...cover.picks) + 1)}, holding ${held} of the ${RECORD_PROFILES.length} record profiles`
      : `--cover-profiles: the stream's first ${fmt(patients)} patients already hold ${held} of the ${RECORD_PROFILES.length} record profiles`,
  )
  if (cover.missing.length) ctx.note(`--cover-profiles: no patient holds ${cover.missing.join(', ')} (more --patients or --years may)`)
}

const round = (n: number) => Math.round(n * 100) / 100
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6

/** --shard i/n, or --shards n with --completion-index (a Kubernetes pod's 0-based index). */
function shardOf(a: Args): { index: number; count: number } | undefined {
  if (a['completion-index'] === undefined) return a.shard === undefined ? undefined : parseShard(a.shard)
  if (a.shard !== undefined) throw new UsageError('give --shard or --completion-index, not both')
  const i = a['completion-index']
  if (a.shards === undefined) throw new UsageError('--completion-index needs --shards (how many shards the Job has)')
  if (!Number.isInteger(i) || i < 0 || i >= a.shards) throw new UsageError(`--completion-index must be a whole number from 0 to ${a.shards - 1} (--shards ${a.shards}), got ${i}`)
  return parseShard(`${i + 1}/${a.shards}`)
}

function checkUpload(a: Args): void {
  if (!/^s3:\/\/[^/]+/.test(a.upload ?? '')) throw new UsageError(`--upload must be an s3:// URI, got ${JSON.stringify(a.upload)}`)
  checkS3Endpoint(a)
}

async function upload(dir: string, to: string, a: Args, signal: AbortSignal) {
  checkUpload(a)
  const storage = storageFrom(a)
  try {
    return await uploadDataset(dir, to, storage, signal)
  } catch (err) {
    const e = err as Error & { $metadata?: unknown }
    // The dataset is written; only the upload failed (the store's answer, one line).
    if (e.$metadata) throw new TargetUnreachableError(`upload to ${to} failed (${e.name}: ${e.message}); the dataset is in ${dir}`)
    throw err
  } finally {
    storage.close()
  }
}

async function emitJob(a: Args, ctx: Parameters<CommandSpec<Args>['run']>[1]): Promise<number> {
  if (a.shards === undefined) throw new UsageError('--emit k8s-job needs --shards (pods, one shard each)')
  if (!a.image) throw new UsageError('--emit k8s-job needs --image: a container image with `shoreline` on its PATH')
  if (a.shard !== undefined || a['completion-index'] !== undefined) throw new UsageError('--emit k8s-job shards the run itself; leave out --shard and --completion-index')
  const yaml = await k8sJobYaml({
    ...generation(a),
    shards: a.shards,
    parallelism: a.parallelism,
    image: a.image,
    cpu: a.cpu,
    memory: a.memory,
    upload: a.upload,
    s3Endpoint: a['s3-endpoint'],
    s3Region: a['s3-endpoint'] ? a['s3-region'] : undefined,
    volumeClaim: a['volume-claim'],
    name: a['job-name'],
  })
  const path = join(a.out, `${jobName({ name: a['job-name'], seed: a.seed, patients: a.patients })}.k8s-job.yaml`)
  await writeFileAtomic(path, yaml)
  ctx.say(`wrote a Kubernetes Indexed Job (${a.shards} shards of ${fmt(a.patients)} patients) → ${path}`)
  ctx.emitJson({ manifest: path, shards: a.shards })
  return ExitCode.ok
}
