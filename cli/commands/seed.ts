// `shoreline seed`: a generated dataset into a target over the FHIR API, then reconciled.
import { join } from 'node:path'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { writeFileAtomic } from '../../lib/atomic-fs.js'
import type { CommandSpec } from '../command.js'
import { defaultSettleSeconds, maxBundleEntries } from '../../profiles/index.js'
import { fmt, ProgressBar, progressMode } from '../progress.js'
import { assertCredentials, assertTargetAnswers, recordFailedRun, maxDurationMs, runControl, targetFrom, targetOptions, type TargetArgs } from '../target-flags.js'
import { TargetClient } from '../../lib/target/client.js'
import { openDataset } from '../../lib/seed/dataset.js'
import { seedDataset, type SeedVia } from '../../lib/seed/seed.js'
import { reconcile } from '../../lib/seed/reconcile.js'
import { RunRecorder, writeResults } from '../../lib/results/writer.js'
import { ExitCode, UsageError } from '../../lib/errors.js'

interface Args extends TargetArgs {
  data: string
  via: SeedVia
  concurrency: number
  'bundle-size'?: number
  resume: boolean
  out: string
  sample: number
  settle: number
}

export const seedCommand: CommandSpec<Args> = {
  command: 'seed',
  exits: [0, 1, 2, 3, 4, 70, 130],
  renamedFlags: { profile: 'target-profile' },
  describe: 'Write a generated dataset into a target by stable id (idempotent, resumable), then reconcile every resource',
  builder: (y) =>
    targetOptions(y)
      .option('data', { type: 'string', demandOption: true, describe: 'Dataset folder (from shoreline generate)' })
      .option('via', {
        choices: ['transaction', 'batch', 'put'] as const,
        default: 'batch' as SeedVia,
        describe: 'Bundles of PUT entries (transaction or batch), or one PUT per resource',
      })
      .option('concurrency', { type: 'number', default: 8, describe: 'Requests in flight' })
      .option('bundle-size', { type: 'number', describe: 'Entries per Bundle (default 100; the healthlake profile caps sync bundles at 100)' })
      .option('resume', { type: 'boolean', default: false, describe: "Continue an interrupted run from --out's checkpoint" })
      .option('out', { type: 'string', default: 'results/seed', describe: 'Folder for results.json and the checkpoint' })
      .option('sample', { type: 'number', default: 20, describe: 'Resources per type read back in full and compared by hash' })
      .option('settle', {
        type: 'number',
        describe:
          'Seconds to wait for an eventually consistent search index before calling a resource missing (default: 0 where the profile consistency header is sent; healthlake without it 60)',
      })
      .example('$0 seed --target http://127.0.0.1:8080/datastore/local/r4/ --data data/pop', 'Seed the embedded server'),
  async run(a, ctx) {
    const target = targetFrom(a)
    for (const k of ['concurrency', 'sample'] as const)
      if (!Number.isInteger(a[k]) || a[k] < 0 || (k === 'concurrency' && a[k] < 1))
        throw new UsageError(`--${k} must be a whole number${k === 'concurrency' ? ' ≥ 1' : ''}, got ${a[k]}`)
    const limit = maxBundleEntries(target.profile)
    const bundleSize = a['bundle-size'] ?? 100
    if (!Number.isInteger(bundleSize) || bundleSize < 1 || bundleSize > limit)
      throw new UsageError(`--bundle-size must be 1–${limit} for the ${target.profile} profile, got ${bundleSize}`)
    // --resume continues a run: without its checkpoint there is nothing to continue (a silent full run would hide that).
    if (a.resume && !existsSync(join(a.out, 'seed-checkpoint.json')))
      throw new UsageError(`--resume: no checkpoint in ${a.out} (seed-checkpoint.json); run without --resume to start afresh`)
    if (a.settle !== undefined && !(Number.isFinite(a.settle) && a.settle >= 0 && a.settle <= 3600)) throw new UsageError(`--settle must be 0–3600 seconds, got ${a.settle}`)
    maxDurationMs(a)
    const ds = openDataset(a.data)
    await assertCredentials(target)
    await mkdir(a.out, { recursive: true })
    const stop = runControl(a, ctx)
    const signal = stop.signal
    const client = new TargetClient(target, { connections: a.concurrency * 2, signal })
    try {
      const recorder = new RunRecorder('seed', ctx.argv)
      await assertTargetAnswers(client, 'nothing was sent', a.out, recorder, target)
      const bar = new ProgressBar(progressMode(ctx), 'resources', 'seed')
      let run: Awaited<ReturnType<typeof seedDataset>>
      try {
        run = await seedDataset(client, ds, {
          via: a.via,
          concurrency: a.concurrency,
          bundleSize,
          checkpoint: join(a.out, 'seed-checkpoint.json'),
          resume: a.resume,
          signal,
          onProgress: (d, t, e) => bar.update(d, t, e ? `${fmt(e)} errors` : ''),
        })
      } catch (err) {
        // A run the target stopped (credentials refused, target gone) still leaves its results, with the reason.
        bar.clear()
        await recordFailedRun(a.out, recorder, target, (err as Error).message, 'seed', { resources: ds.total })
        throw err
      }
      bar.clear()
      const rejected = new Map(run.errors.map((e) => [`${e.type}/${e.id}`, `HTTP ${e.status}: ${e.diagnostics}`]))
      // A reconciliation that cannot run (auth refused, target gone) still leaves the seed's results behind.
      let rec: Awaited<ReturnType<typeof reconcile>> | undefined
      // The target stopped the run (credentials refused, no usable answers): what was written and each reason are kept.
      let failure: Error | undefined = run.stoppedBy
      if (!run.interrupted && !failure) {
        try {
          rec = await reconcile(client, ds, { rejected, sample: a.sample, settleMs: (a.settle ?? defaultSettleSeconds(target)) * 1000, idMap: run.idMap })
        } catch (err) {
          failure = err as Error
          if (!failure.message.startsWith('reconciliation')) failure.message = `reconciliation: ${failure.message}`
        }
      }
      const verdict = failure ? 'error' : run.interrupted || !rec || rec.missing > 0 || rec.rejected > 0 || rec.altered > 0 ? 'fail' : 'pass'
      const results = recorder.finish({
        verdict,
        target: { url: target.url, profile: target.profile, auth: target.auth.kind },
        summary: {
          resources: ds.total,
          written: run.written,
          skipped: run.skipped,
          rejected: run.errors.length,
          retries: client.retries,
          requests: run.requests,
          seconds: Math.round(run.seconds * 1000) / 1000,
          resourcesPerSecond: Math.round((run.written / Math.max(run.seconds, 1e-6)) * 10) / 10,
          ...(rec ? { missing: rec.missing, altered: rec.altered, sampled: rec.sampled } : {}),
        },
        ...(rec ? { reconciliation: { byType: rec.byType, items: rec.items } } : {}),
        errors: [
          ...(failure ? [{ message: failure.message, where: run.stoppedBy ? 'seed' : 'reconciliation' }] : []),
          ...run.errors.slice(0, 1000).map((e) => ({ message: `HTTP ${e.status}: ${e.diagnostics}`, where: `${e.type}/${e.id}` })),
        ],
      })
      await writeResults(join(a.out, 'results.json'), results)
      // The target's ids for the generated ones, for whoever reads the target next (conform rebuilds them from identifiers too).
      if (run.idMap) await writeFileAtomic(join(a.out, 'id-map.json'), JSON.stringify(Object.fromEntries(run.idMap)))
      if (failure) throw failure
      if (run.idMap) ctx.say(`the target assigns ids (updateCreate false or PUT by id refused): seeded with transaction POSTs; its ids → ${join(a.out, 'id-map.json')}`)
      ctx.say(
        `seeded ${fmt(run.written)} of ${fmt(ds.total)} resources via ${run.idMap ? 'transaction (server ids)' : a.via} in ${run.seconds.toFixed(1)} s (${fmt(Math.round(run.written / Math.max(run.seconds, 1e-6)))}/s), ${fmt(run.errors.length)} rejected, ${fmt(run.retries)} retries${run.skipped ? `, ${fmt(run.skipped)} already done` : ''}`,
      )
      if (run.interrupted) {
        const why = stop.stopped
        ctx.say(`${why?.why === 'deadline' ? `stopped: ${why.message}` : 'interrupted'}: the checkpoint is in ${a.out}; run again with --resume`)
        return why?.exitCode ?? ExitCode.interrupted
      }
      ctx.say(
        `reconciled: ${fmt(rec!.missing)} missing, ${fmt(rec!.rejected)} rejected, ${fmt(rec!.altered)} altered of ${fmt(ds.total)} (${fmt(rec!.sampled)} read back in full) → ${join(a.out, 'results.json')}`,
      )
      ctx.emitJson(results.summary)
      return verdict === 'pass' ? ExitCode.ok : ExitCode.verdictFailed
    } finally {
      stop.dispose()
      if (stop.signal.aborted) client.destroy()
      else await client.close()
    }
  },
}
