// The one way Shoreline reads and writes objects: S3 (any S3-compatible endpoint, e.g. s3rver on
// loopback in the tests) for `s3://bucket/prefix`, the file system for `file://`. The embedded
// server's import input and job output go through it, and so do generated shards.
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createGunzip, gunzipSync } from 'node:zlib'
import type { S3Client } from '@aws-sdk/client-s3'

// The AWS SDK is loaded the first time an s3:// object is touched, not when this module is: most
// runs (file:// job output, generate without --upload) never need it.
type Sdk = typeof import('@aws-sdk/client-s3')
let sdk: Promise<Sdk> | undefined
const loadSdk = () => (sdk ??= import('@aws-sdk/client-s3'))

export interface S3Config {
  endpoint?: string
  region?: string
  accessKeyId?: string
  secretAccessKey?: string
  forcePathStyle?: boolean
}

export interface StoredObject {
  uri: string
  size: number
}

export class StorageError extends Error {}

const PART_SIZE = 16 * 1024 * 1024

export class ObjectStorage {
  private client?: S3Client

  constructor(private readonly s3Config: S3Config = {}) {}

  private async s3(): Promise<{ client: S3Client; sdk: Sdk }> {
    const aws = await loadSdk()
    this.client ??= new aws.S3Client({
      region: this.s3Config.region ?? 'us-east-1',
      ...(this.s3Config.endpoint ? { endpoint: this.s3Config.endpoint, forcePathStyle: this.s3Config.forcePathStyle ?? true } : {}),
      ...(this.s3Config.accessKeyId && this.s3Config.secretAccessKey
        ? { credentials: { accessKeyId: this.s3Config.accessKeyId, secretAccessKey: this.s3Config.secretAccessKey } }
        : {}),
      // Bounded whatever the store does: a connection that never opens, or goes silent mid-transfer,
      // fails after these (the SDK's own retries still apply) instead of hanging the run.
      requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000, throwOnRequestTimeout: true },
      // S3-compatible stores (s3rver, MinIO) do not all speak the newer default checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    })
    return { client: this.client, sdk: aws }
  }

  /** Every object under a prefix (or the one object named), in key order. */
  async list(uri: string): Promise<StoredObject[]> {
    const u = parse(uri)
    if (u.kind === 'file') {
      const info = await stat(u.path).catch(() => undefined)
      if (!info) throw new StorageError(`${uri} does not exist`)
      if (info.isFile()) return [{ uri, size: info.size }]
      const names = (await readdir(u.path, { recursive: true, withFileTypes: true })).filter((d) => d.isFile())
      const out = await Promise.all(
        names.map(async (d) => {
          const path = join(d.parentPath, d.name)
          return { uri: `file://${path}`, size: (await stat(path)).size }
        }),
      )
      return out.sort((a, b) => (a.uri < b.uri ? -1 : 1))
    }
    const out: StoredObject[] = []
    const { client, sdk: aws } = await this.s3()
    let token: string | undefined
    do {
      const page = await client.send(new aws.ListObjectsV2Command({ Bucket: u.bucket, Prefix: u.key, ContinuationToken: token }))
      for (const o of page.Contents ?? []) if (o.Key && !o.Key.endsWith('/')) out.push({ uri: `s3://${u.bucket}/${o.Key}`, size: o.Size ?? 0 })
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return out
  }

  /** An object's bytes, gunzipped when its name ends in .gz. */
  async read(uri: string): Promise<Buffer> {
    const u = parse(uri)
    let bytes: Buffer
    if (u.kind === 'file') bytes = await readFile(u.path)
    else {
      const { client, sdk: aws } = await this.s3()
      const res = await client.send(new aws.GetObjectCommand({ Bucket: u.bucket, Key: u.key }))
      bytes = Buffer.from(await res.Body!.transformToByteArray())
    }
    if (uri.endsWith('.gz')) {
      try {
        return gunzipSync(bytes)
      } catch (err) {
        throw new StorageError(`${uri} is not valid gzip: ${(err as Error).message}`)
      }
    }
    return bytes
  }

  /** An object's bytes as a stream, gunzipped when its name ends in .gz: objects of any size, flat memory. */
  async stream(uri: string): Promise<Readable> {
    const u = parse(uri)
    let raw: Readable
    if (u.kind === 'file') {
      raw = createReadStream(u.path)
      // Opening fails here rather than on the first read, as S3's GetObject does.
      await new Promise<void>((resolve, reject) => raw.once('open', () => resolve()).once('error', reject))
    } else {
      const { client, sdk: aws } = await this.s3()
      raw = (await client.send(new aws.GetObjectCommand({ Bucket: u.bucket, Key: u.key }))).Body as Readable
    }
    if (!uri.endsWith('.gz')) return raw
    const gunzip = createGunzip()
    raw.on('error', (err) => gunzip.destroy(err))
    gunzip.on('error', () => raw.destroy())
    return raw.pipe(gunzip)
  }

  async write(uri: string, body: string | Buffer, kmsKeyId?: string): Promise<void> {
    const u = parse(uri)
    if (u.kind === 'file') {
      await mkdir(dirname(u.path), { recursive: true })
      await writeFile(u.path, body)
      return
    }
    const { client, sdk: aws } = await this.s3()
    await client.send(
      new aws.PutObjectCommand({
        Bucket: u.bucket,
        Key: u.key,
        Body: body,
        ...this.sse(kmsKeyId),
      }),
    )
  }

  /** Server-side encryption with the job's KMS key, on AWS (S3-compatible test stores do not all take it). */
  private sse(kmsKeyId: string | undefined) {
    return kmsKeyId && this.s3Config.endpoint === undefined ? ({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyId } as const) : {}
  }

  /** A local file to an object, streamed (multipart above 16 MiB): files of any size, flat memory. */
  async upload(uri: string, path: string, kmsKeyId?: string): Promise<void> {
    const u = parse(uri)
    if (u.kind === 'file') {
      await mkdir(dirname(u.path), { recursive: true })
      await pipeline(createReadStream(path), createWriteStream(u.path))
      return
    }
    // Under one part, a plain PutObject of the bytes: the SDK warns about a stream of unknown length.
    const size = (await stat(path)).size
    if (size < PART_SIZE) return this.write(uri, await readFile(path), kmsKeyId)
    const { Upload } = await import('@aws-sdk/lib-storage')
    await new Upload({
      client: (await this.s3()).client,
      params: { Bucket: u.bucket, Key: u.key, Body: createReadStream(path), ...this.sse(kmsKeyId) },
      partSize: PART_SIZE,
      queueSize: 4,
    }).done()
  }

  /** An object to a local file, streamed, bytes as stored (no gunzip). */
  async download(uri: string, path: string): Promise<void> {
    const u = parse(uri)
    await mkdir(dirname(path), { recursive: true })
    if (u.kind === 'file') {
      await pipeline(createReadStream(u.path), createWriteStream(path))
      return
    }
    const { client, sdk: aws } = await this.s3()
    const res = await client.send(new aws.GetObjectCommand({ Bucket: u.bucket, Key: u.key }))
    await pipeline(res.Body as Readable, createWriteStream(path))
  }

  close() {
    this.client?.destroy()
  }
}

type Parsed = { kind: 'file'; path: string } | { kind: 's3'; bucket: string; key: string }

export function parse(uri: string): Parsed {
  if (uri.startsWith('file://')) return { kind: 'file', path: fileURLToPath(uri) }
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri)
  if (!m) throw new StorageError(`${uri} is neither an s3:// nor a file:// URI`)
  return { kind: 's3', bucket: m[1] ?? '', key: m[2] ?? '' }
}

/** `base` + `/` + `name`, whatever the base ends with. */
export function joinUri(base: string, ...names: string[]): string {
  return [base.replace(/\/+$/, ''), ...names].join('/')
}
