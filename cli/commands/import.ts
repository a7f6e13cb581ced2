// `shoreline import`: a generated dataset into a target by bulk import — FHIR $import or a
// HealthLake import job — then reconciled like a seed.
import { join } from 'node:path'
import { mkdir } from 'node:fs/promises'
import type { CommandSpec } from '../command.js'
import { defaultSettleSeconds, PROFILES } from '../../profiles/index.js'
import { fmt } from '../progress.js'
import { assertCredentials, assertTargetAnswers, recordFailedRun, maxDurationMs, runControl, targetFrom, targetOptions, type TargetArgs } from '../target-flags.js'
import { TargetClient } from '../../lib/target/client.js'
import { openDataset } from '../../lib/seed/dataset.js'
import { fhirImport, healthlakeImport, importFiles, type ImportFile, type ImportOutcome } from '../../lib/seed/import.js'
import type { TargetConfig } from '../../lib/target/config.js'
import { reconcile } from '../../lib/seed/reconcile.js'
import { RunRecorder, writeResults } from '../../lib/results/writer.js'
import { ExitCode, UsageError } from '../../lib/errors.js'
import { VALIDATION_LEVELS, type ValidationLevel } from '../../lib/validation/levels.js'

interface Args extends TargetArgs {
  data: string
  via: 'fhir-import' | 'healthlake'
  'validation-level': ValidationLevel
  invalid: boolean
  out: string
  sample: number
  settle?: number
  timeout: number
  'files-url'?: string
  'input-s3-uri'?: string
  'output-s3-uri'?: string
  'kms-key-id'?: string
  'role-arn'?: string
  'healthlake-endpoint'?: string
  's3-endpoint'?: string
  'max-file-mb'?: number
  'max-files-per-job'?: number
}

export const importCommand: CommandSpec<Args> = {
  command: 'import',
  exits: [0, 1, 2, 3, 4, 70, 130],
  renamedFlags: { profile: 'target-profile' },
  describe: 'Bulk-import a generated dataset ($import or a HealthLake import job), map every failure back, and reconcile',
  builder: (y) =>
    targetOptions(y)
      .option('data', { type: 'string', demandOption: true, describe: 'Dataset folder (from shoreline generate)' })
      .option('via', {
        choices: ['fhir-import', 'healthlake'] as const,
        default: 'fhir-import' as const,
        describe: 'FHIR $import (ping and pull) or a HealthLake StartFHIRImportJob',
      })
      .option('validation-level', { choices: VALIDATION_LEVELS, default: 'strict' as ValidationLevel, describe: "The job's validation level" })
      .option('invalid', { type: 'boolean', default: false, describe: "Also import the dataset's labelled invalid corpus and check each item's outcome against its label" })
      .option('out', { type: 'string', default: 'results/import', describe: 'Folder for results.json' })
      .option('sample', { type: 'number', default: 20, describe: 'Resources per type read back in full and compared by hash' })
      .option('settle', {
        type: 'number',
        describe: 'Seconds to wait for an eventually consistent search index (default: 0 where the profile consistency header is sent; healthlake without it 60)',
      })
      .option('timeout', { type: 'number', default: 1800, describe: 'Seconds to wait for the job' })
      .option('files-url', { type: 'string', describe: '$import: the NDJSON is already hosted here (manifest.json + files); default: a loopback file server' })
      .option('input-s3-uri', { type: 'string', describe: 'healthlake: where to upload the NDJSON (s3://bucket/prefix/)' })
      .option('output-s3-uri', { type: 'string', describe: 'healthlake: JobOutputDataConfig S3 URI' })
      .option('kms-key-id', { type: 'string', describe: 'healthlake: KMS key for input and output' })
      .option('role-arn', { type: 'string', describe: 'healthlake: DataAccessRoleArn' })
      .option('healthlake-endpoint', { type: 'string', describe: 'healthlake: control-plane endpoint override (the embedded server: its origin)' })
      .option('s3-endpoint', { type: 'string', describe: 'healthlake: S3-compatible endpoint (MinIO, s3rver)' })
      .option('max-file-mb', { type: 'number', describe: "healthlake: split NDJSON files larger than this (default: the profile's file quota, 50 MB for healthlake)" })
      .option('max-files-per-job', { type: 'number', describe: "healthlake: start several jobs when there are more files (default: the profile's quota, 10,000 for healthlake)" }),
  async run(a, ctx) {
    if (!(Number.isFinite(a.timeout) && a.timeout > 0 && a.timeout <= 7 * 86_400))
      throw new UsageError(`--timeout must be seconds from 1 to 604800, got ${JSON.stringify(String(a.timeout))}`)
    const target = targetFrom(a)
    maxDurationMs(a)
    if (!(Number.isInteger(a.sample) && a.sample >= 0)) throw new UsageError(`--sample must be a whole number, got ${a.sample}`)
    if (a.settle !== undefined && !(Number.isFinite(a.settle) && a.settle >= 0 && a.settle <= 3600)) throw new UsageError(`--settle must be 0–3600 seconds, got ${a.settle}`)
    // Every flag is checked before a folder is made or a request sent.
    let datastoreId: string | undefined
    if (a.via === 'healthlake') {
      for (const k of ['input-s3-uri', 'output-s3-uri', 'kms-key-id', 'role-arn'] as const) if (!a[k]) throw new UsageError(`--via healthlake needs --${k}`)
      for (const k of ['max-file-mb', 'max-files-per-job'] as const)
        if (a[k] !== undefined && !(a[k] > 0 && (k === 'max-file-mb' || Number.isInteger(a[k])))) throw new UsageError(`--${k} must be a positive number, got ${a[k]}`)
      datastoreId = /\/datastore\/([^/]+)\/r4\/?$/.exec(new URL(target.url).pathname)?.[1]
      if (!datastoreId) throw new UsageError(`--target ${target.url} is not a HealthLake data store endpoint (…/datastore/<id>/r4/)`)
    }
    const ds = openDataset(a.data)
    const files = importFiles(ds, a.invalid)
    await assertCredentials(target)
    await mkdir(a.out, { recursive: true })
    const stop = runControl(a, ctx)
    const client = new TargetClient(target, { signal: stop.signal })
    try {
      const recorder = new RunRecorder('import', ctx.argv)
      await assertTargetAnswers(client, 'no import job was started', a.out, recorder, target)
      let outcome: ImportOutcome
      try {
        outcome = await runJob(a, target, files, client, stop.signal, datastoreId)
      } catch (err) {
        // The job did not end well (the target failed it, --timeout, Ctrl-C, --max-duration): the reason is still written.
        await recordFailedRun(a.out, recorder, target, (err as Error).message, 'import', { resources: ds.total })
        throw err
      }
      const rejected = new Map(outcome.failures.filter((f) => f.type && f.id && !f.label).map((f) => [`${f.type}/${f.id}`, `line ${f.lineId} of ${f.file}: ${f.diagnostics}`]))
      let rec: Awaited<ReturnType<typeof reconcile>>
      try {
        rec = await reconcile(client, ds, { rejected, sample: a.sample, settleMs: (a.settle ?? defaultSettleSeconds(target)) * 1000 })
      } catch (err) {
        // The job's outcome is still worth keeping when the reconciliation cannot run.
        const { scanned, imported, customerErrors, serverErrors } = outcome
        await recordFailedRun(a.out, recorder, target, (err as Error).message, 'reconciliation', { scanned, imported, customerErrors, serverErrors })
        throw err
      }
      const addsUp = outcome.scanned === outcome.imported + outcome.customerErrors + outcome.serverErrors
      const verdict = rec.missing > 0 || rec.altered > 0 || rec.rejected > 0 || !addsUp || outcome.corpusUnexpected.length > 0 ? 'fail' : 'pass'
      const results = recorder.finish({
        verdict,
        target: { url: target.url, profile: target.profile, auth: target.auth.kind },
        summary: {
          scanned: outcome.scanned,
          imported: outcome.imported,
          customerErrors: outcome.customerErrors,
          serverErrors: outcome.serverErrors,
          seconds: Math.round(outcome.seconds * 1000) / 1000,
          resourcesPerSecond: Math.round((outcome.scanned / Math.max(outcome.seconds, 1e-6)) * 10) / 10,
          missing: rec.missing,
          rejected: rec.rejected,
          altered: rec.altered,
          corpusChecked: outcome.corpusChecked,
          corpusUnexpected: outcome.corpusUnexpected.length,
        },
        reconciliation: {
          byType: rec.byType,
          items: [
            ...rec.items,
            ...outcome.failures
              .filter((f) => f.label)
              .map((f) => ({ type: f.type ?? 'unknown', id: f.id ?? `line-${f.lineId}`, status: 'rejected', reason: `${f.label}: ${f.diagnostics}` })),
          ],
        },
        errors: [
          ...(addsUp
            ? []
            : [
                {
                  message: `the job's counters do not add up: scanned ${outcome.scanned} ≠ imported ${outcome.imported} + customer errors ${outcome.customerErrors} + server errors ${outcome.serverErrors}`,
                },
              ]),
          ...outcome.corpusUnexpected.map((u) => ({
            message: `invalid corpus item ${u.label}: expected ${u.expected} at ${a['validation-level']}, got ${u.got}`,
            where: 'invalid-corpus.ndjson',
          })),
        ],
      })
      await writeResults(join(a.out, 'results.json'), results)
      ctx.say(
        `import job ${outcome.jobId} ${outcome.status}: ${fmt(outcome.scanned)} scanned, ${fmt(outcome.imported)} imported, ${fmt(outcome.customerErrors)} customer errors, ${fmt(outcome.serverErrors)} server errors in ${outcome.seconds.toFixed(1)} s${addsUp ? '' : ' — the counters do not add up'}`,
      )
      if (a.invalid) ctx.say(`invalid corpus at ${a['validation-level']}: ${outcome.corpusChecked - outcome.corpusUnexpected.length} of ${outcome.corpusChecked} items as labelled`)
      ctx.say(`reconciled: ${fmt(rec.missing)} missing, ${fmt(rec.rejected)} rejected, ${fmt(rec.altered)} altered of ${fmt(ds.total)} → ${join(a.out, 'results.json')}`)
      ctx.emitJson(results.summary)
      return verdict === 'pass' ? ExitCode.ok : ExitCode.verdictFailed
    } finally {
      stop.dispose()
      if (stop.signal.aborted) client.destroy()
      else await client.close()
    }
  },
}

/** The import job, by FHIR $import or HealthLake's StartFHIRImportJob, waited for. */
async function runJob(a: Args, target: TargetConfig, files: ImportFile[], client: TargetClient, signal: AbortSignal, datastoreId?: string): Promise<ImportOutcome> {
  if (a.via !== 'healthlake') return fhirImport(client, files, a['validation-level'], { filesUrl: a['files-url'], timeoutMs: a.timeout * 1000, signal })
  const region = a.region ?? /healthlake\.([a-z0-9-]+)\.amazonaws\.com/.exec(new URL(target.url).hostname)?.[1] ?? process.env.AWS_REGION ?? 'us-east-1'
  return healthlakeImport(files, a['validation-level'], {
    datastoreId: datastoreId!,
    endpoint: a['healthlake-endpoint'],
    region,
    inputS3Uri: a['input-s3-uri']!,
    outputS3Uri: a['output-s3-uri']!,
    kmsKeyId: a['kms-key-id']!,
    roleArn: a['role-arn']!,
    s3Endpoint: a['s3-endpoint'],
    timeoutMs: a.timeout * 1000,
    signal,
    ...(target.ca ? { ca: target.ca } : {}),
    // The target profile's import quotas (files per job, MB per file), overridable: files are split and jobs batched to fit.
    quotas: {
      fileMB: a['max-file-mb'] ?? PROFILES[target.profile].limits?.importFileMB?.value,
      filesPerJob: a['max-files-per-job'] ?? PROFILES[target.profile].limits?.importFilesPerJob?.value,
    },
  })
}
