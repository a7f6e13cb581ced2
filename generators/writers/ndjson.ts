// Appends NDJSON for one resource type: optional gzip, optional splitting at --max-file-mb (on
// uncompressed bytes, at line boundaries), with a SHA-256 and counts per file for the manifest.
import { createWriteStream, type WriteStream } from 'node:fs'
import { createHash, type Hash } from 'node:crypto'
import { createGzip, type Gzip } from 'node:zlib'
import { once } from 'node:events'
import { join } from 'node:path'

export interface FileInfo {
  path: string
  resourceType: string
  resources: number
  bytes: number
  sha256: string
}

interface Part {
  rel: string
  file: WriteStream
  gzip?: Gzip
  hash: Hash
  bytes: number
  rawBytes: number
  lines: number
}

export class NdjsonSink {
  private part?: Part
  private partNo = 0
  private failure?: Error
  private readonly done: FileInfo[] = []

  constructor(
    private readonly root: string,
    readonly resourceType: string,
    private readonly opts: { gzip: boolean; maxBytes?: number },
  ) {}

  async write(lines: string[]): Promise<void> {
    if (lines.length === 0) return
    if (!this.opts.maxBytes) return this.append(lines.join('\n') + '\n', lines.length)
    let batch: string[] = []
    let batchBytes = 0
    for (const line of lines) {
      const size = Buffer.byteLength(line) + 1
      const current = (this.part?.rawBytes ?? 0) + batchBytes
      if (current > 0 && current + size > this.opts.maxBytes) {
        if (batch.length) await this.append(batch.join('\n') + '\n', batch.length)
        batch = []
        batchBytes = 0
        await this.rotate()
      }
      batch.push(line)
      batchBytes += size
    }
    if (batch.length) await this.append(batch.join('\n') + '\n', batch.length)
  }

  async close(): Promise<FileInfo[]> {
    await this.rotate()
    return this.done
  }

  private open(): Part {
    this.partNo++
    const ext = this.opts.gzip ? '.ndjson.gz' : '.ndjson'
    const name = this.opts.maxBytes ? `${this.resourceType}-${String(this.partNo).padStart(3, '0')}${ext}` : `${this.resourceType}${ext}`
    const rel = `ndjson/${name}`
    const file = createWriteStream(join(this.root, rel))
    file.on('error', (err) => (this.failure ??= err))
    const hash = createHash('sha256')
    const part: Part = { rel, file, hash, bytes: 0, rawBytes: 0, lines: 0 }
    if (this.opts.gzip) {
      part.gzip = createGzip({ level: 6 })
      part.gzip.on('data', (chunk: Buffer) => {
        hash.update(chunk)
        part.bytes += chunk.length
      })
      part.gzip.pipe(file)
    }
    return part
  }

  private async append(text: string, lines: number) {
    if (this.failure) throw this.failure
    const part = (this.part ??= this.open())
    const buf = Buffer.from(text)
    part.rawBytes += buf.length
    part.lines += lines
    if (part.gzip) {
      if (!part.gzip.write(buf)) await once(part.gzip, 'drain')
    } else {
      part.hash.update(buf)
      part.bytes += buf.length
      if (!part.file.write(buf)) await once(part.file, 'drain')
    }
  }

  private async rotate() {
    const part = this.part
    if (!part) return
    this.part = undefined
    const finished = once(part.file, 'close')
    if (part.gzip) part.gzip.end()
    else part.file.end()
    await finished
    if (this.failure) throw this.failure
    this.done.push({ path: part.rel, resourceType: this.resourceType, resources: part.lines, bytes: part.bytes, sha256: part.hash.digest('hex') })
  }
}
