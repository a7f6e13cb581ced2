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

  /** Appends whole lines: `data` is UTF-8 NDJSON and `ends[i]` the offset just past line i. */
  async write(data: Uint8Array, ends: number[]): Promise<void> {
    if (ends.length === 0) return
    const max = this.opts.maxBytes
    if (!max) return this.append(data, ends.length)
    let from = 0
    let line = 0
    while (line < ends.length) {
      const room = max - (this.part?.rawBytes ?? 0)
      // Take as many whole lines as fit; a part always gets at least one line.
      let last = line
      while (last < ends.length && (ends[last] ?? from) - from <= room) last++
      if (last === line) {
        if ((this.part?.rawBytes ?? 0) > 0) {
          await this.rotate()
          continue
        }
        last = line + 1
      }
      const to = ends[last - 1] ?? data.length
      await this.append(data.subarray(from, to), last - line)
      from = to
      line = last
      if (line < ends.length) await this.rotate()
    }
  }

  /** Convenience for callers holding strings (the shared pool). */
  async writeLines(lines: string[]): Promise<void> {
    const ends: number[] = []
    let at = 0
    for (const l of lines) ends.push((at += Buffer.byteLength(l) + 1))
    await this.write(Buffer.from(lines.join('\n') + '\n'), ends)
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

  private async append(buf: Uint8Array, lines: number) {
    if (this.failure) throw this.failure
    const part = (this.part ??= this.open())
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
