// --s3-endpoint and --s3-region, as `generate --upload` and `generate merge s3://…` take them: the
// endpoint checked before any work, the client (lib/object-storage.ts) built from both.
import type { Argv } from 'yargs'
import { ObjectStorage } from '../lib/object-storage.js'
import { UsageError } from '../lib/errors.js'

export interface S3Args {
  's3-endpoint'?: string
  's3-region': string
}

export function s3Options<T>(y: Argv<T>, purpose: string): Argv<T> {
  return y
    .option('s3-endpoint', { type: 'string', describe: `S3-compatible endpoint for ${purpose} (MinIO, s3rver); credentials from the AWS environment` })
    .option('s3-region', { type: 'string', default: 'us-east-1', describe: `Region for ${purpose}` }) as unknown as Argv<T>
}

export function checkS3Endpoint(a: S3Args): void {
  const e = a['s3-endpoint']
  if (e !== undefined && !/^https?:\/\//.test(e)) throw new UsageError(`--s3-endpoint must be an http(s) URL, got ${JSON.stringify(e)}`)
}

export function storageFrom(a: S3Args): ObjectStorage {
  checkS3Endpoint(a)
  return new ObjectStorage({ endpoint: a['s3-endpoint'], region: a['s3-region'], forcePathStyle: a['s3-endpoint'] ? true : undefined })
}
