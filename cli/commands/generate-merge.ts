// `shoreline generate merge`: shards of one population (folders, folders of shard folders, or an
// s3:// prefix the Job's pods uploaded to) into one dataset.
import { mkdtemp, rm } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { CommandSpec } from '../command.js'
import { fmt } from '../progress.js'
import { mergeShards, shardFolders } from '../../generators/scale-out/merge.js'
import { downloadShards } from '../../generators/scale-out/upload.js'
import { checkS3Endpoint, s3Options, storageFrom, type S3Args } from '../s3-flags.js'
import { stageFolder } from '../../lib/atomic-fs.js'
import { RunRecorder, writeResults } from '../../lib/results/writer.js'
import { ExitCode, InputError, InterruptedError, TargetUnreachableError, UsageError } from '../../lib/errors.js'

interface Args extends S3Args {
  sources: string[]
  out: string
  force: boolean
  'max-file-mb'?: number
}

export const mergeCommand: CommandSpec<Args> = {
  command: 'merge <sources..>',
  exits: [0, 2, 3, 70, 130],
  describe: 'Merge the shards of one population (folders, or the s3:// prefix a k8s Job uploaded to) into one dataset',
  builder: (y) =>
    s3Options(y, 's3:// sources')
      .positional('sources', { type: 'string', array: true, describe: 'Shard folders, folders of shard folders, or s3:// prefixes' })
      .option('out', { type: 'string', default: 'data/dataset', describe: 'Dataset folder to write' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace a non-empty --out folder' })
      .option('max-file-mb', { type: 'number', describe: 'Split the merged NDJSON files at this many MB (uncompressed)' })
      .example('$0 generate merge data/pop-1 data/pop-2 data/pop-3 --out data/pop', 'Three shards from three machines')
      .example('$0 generate merge s3://bucket/pop --out data/pop', 'What the pods of `generate --emit k8s-job` uploaded'),
  async run(a, ctx) {
    checkS3Endpoint(a)
    if (a['max-file-mb'] !== undefined && !(a['max-file-mb'] > 0)) throw new UsageError(`--max-file-mb must be a number above 0, got ${a['max-file-mb']}`)
    const recorder = new RunRecorder('generate', ctx.argv)
    const started = performance.now()
    const stage = await stageFolder(a.out, { force: a.force })
    // Downloads go beside the output (same file system: bundles are then linked, not copied).
    const downloads = a.sources.some((s) => s.startsWith('s3://')) ? await mkdtemp(join(dirname(resolve(a.out)), '.shoreline-shards-')) : undefined
    const storage = storageFrom(a)
    try {
      const local: string[] = []
      for (const [i, s] of a.sources.entries()) {
        if (!s.startsWith('s3://')) {
          local.push(...(await shardFolders([s])))
          continue
        }
        const got = await downloadShards(s, join(downloads!, String(i)), storage, ctx.signal).catch((err: Error & { $metadata?: unknown }) => {
          if (err.$metadata) throw new TargetUnreachableError(`reading ${s} failed (${err.name}: ${err.message})`)
          throw err
        })
        if (got.length === 0) throw new InputError('no shard (no manifest.json) under this prefix', s)
        local.push(...got)
      }
      const merged = await mergeShards(local, stage.path, { maxFileMb: a['max-file-mb'], signal: ctx.signal })
      const seconds = (performance.now() - started) / 1000
      const results = recorder.finish({
        verdict: 'pass',
        summary: {
          shards: merged.shards,
          patients: merged.patients,
          resources: merged.resources,
          megabytes: Math.round(merged.bytes / 1e4) / 100,
          seconds: Math.round(seconds * 100) / 100,
        },
      })
      await writeResults(join(stage.path, 'run.json'), results)
      await stage.commit()
      ctx.say(`merged ${merged.shards} shards: ${fmt(merged.patients)} patients, ${fmt(merged.resources)} resources in ${seconds.toFixed(1)} s → ${a.out}`)
      ctx.emitJson(results)
      return ExitCode.ok
    } catch (err) {
      await stage.discard()
      if (ctx.signal.aborted) throw new InterruptedError()
      throw err
    } finally {
      storage.close()
      if (downloads) await rm(downloads, { recursive: true, force: true })
    }
  },
}
