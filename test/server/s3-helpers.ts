// s3rver on loopback for the HealthLake import/export tests, with an S3 client that talks to it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import type { S3Config } from '../../lib/object-storage.js'

export const BUCKET = 'shoreline-test'

export interface LocalS3 {
  config: S3Config
  client: S3Client
  put(key: string, body: string): Promise<void>
  get(key: string): Promise<string>
  keys(prefix: string): Promise<string[]>
  close(): Promise<void>
}

export async function localS3(): Promise<LocalS3> {
  const dir = mkdtempSync(join(tmpdir(), 'shoreline-s3-'))
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: BUCKET }] })
  const { port } = await server.run()
  const config: S3Config = { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true }
  const client = new S3Client({
    endpoint: config.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
  return {
    config,
    client,
    async put(key, body) {
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }))
    },
    async get(key) {
      const r = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
      return r.Body!.transformToString()
    },
    async keys(prefix) {
      const r = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))
      return (r.Contents ?? []).map((o) => o.Key!).sort()
    },
    async close() {
      client.destroy()
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
