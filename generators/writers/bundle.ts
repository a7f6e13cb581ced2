// One patient's Bundle, encoded entry by entry as each resource is serialised for its NDJSON
// line, so no line outlives its resource's turn (lines kept for the whole patient were copied by
// every scavenge that ran meanwhile), and written to its file once it passes 1 MB, so a
// thread's memory does not grow with its largest patient.
// transaction: POST entries, urn:uuid fullUrls, in-bundle references rewritten to the urn:uuid
// (R4 http §3.1.0.11.2); references to the shared pool stay `Type/id` (loaded first, by PUT).
// batch: PUT entries by id (batch entries must not depend on each other, R4 http §3.1.0.11.1).
// collection: fullUrl + resource, no request.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs'
import type { Resource } from '../fhir.js'

export type BundleType = 'transaction' | 'batch' | 'collection'

/**
 * A growable byte buffer, reused from one patient to the next: a Bundle is encoded into it piece
 * by piece and written to its file from there, never joined into one string first (a joined
 * Bundle is copied twice more, as a string and as its UTF-8 bytes, and its garbage dominated GC).
 */
export class ByteSink {
  // Starts small: a worker holds one per resource type, and most types are a few KB a chunk.
  private buf = Buffer.allocUnsafeSlow(16 * 1024)
  length = 0

  put(s: string): void {
    // One UTF-16 code unit never needs more than 3 bytes of UTF-8.
    const need = this.length + s.length * 3
    if (need > this.buf.length) this.grow(need)
    this.length += this.buf.write(s, this.length)
  }

  private grow(need: number) {
    const bigger = Buffer.allocUnsafeSlow(Math.max(need, this.buf.length * 2))
    this.buf.copy(bigger, 0, 0, this.length)
    this.buf = bigger
  }

  /** One byte (a newline between NDJSON lines): cheaper than a one-character string. */
  putByte(b: number): void {
    if (this.length + 1 > this.buf.length) this.grow(this.length + 1)
    this.buf[this.length++] = b
  }

  /** Drops `count` bytes at `at`, moving what follows over them. */
  remove(at: number, count: number): void {
    this.buf.copyWithin(at, at + count, this.length)
    this.length -= count
  }

  /** The bytes written since the last reset (a view, valid until the next put or reset). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.length)
  }

  /**
   * Starts again. A buffer four times bigger than what was last written, and over 4 MB, is let go:
   * the long tail's patients write ten times the median's bytes, and a sink that kept their
   * buffer would hold it for the rest of the run.
   */
  reset(): void {
    if (this.buf.length > 4 * 1024 * 1024 && this.buf.length > 4 * this.length) this.buf = Buffer.allocUnsafeSlow(Math.max(16 * 1024, 2 * this.length))
    this.length = 0
  }
}

/**
 * A reference to one of the patient's own resources: anything but the shared pool's types
 * (Organization, incl. payers, Location, Practitioner, PractitionerRole, Medication). V8's regular
 * expression replace measured faster than scanning with indexOf and copying the pieces.
 */
const LOCAL_REF = /"reference":"(?!(?:Organization|Location|Practitioner|PractitionerRole|Medication)\/)(?:[A-Z][A-Za-z]+)\//g

/**
 * A Bundle held past this many bytes is written to its file as it grows. The long tail's Bundles
 * are the largest (3.4 MB at 10,000 patients, 10 years; the median is 0.27 MB), and grow
 * with the population and --years.
 */
const FLUSH_BYTES = 1024 * 1024

export class BundleEncoder {
  readonly out = new ByteSink()
  private entries = 0
  private path = ''
  private fd?: number
  private written = 0

  constructor(private readonly type: BundleType) {}

  /** Starts a new Bundle, to be written to `path` (the previous one's bytes are dropped). */
  begin(path: string): void {
    this.out.reset()
    this.path = path
    this.fd = undefined
    this.written = 0
    this.out.put(`{"resourceType":"Bundle","type":"${this.type}","entry":[\n`)
    this.entries = 0
  }

  /** One resource's entry, from its NDJSON line. */
  add(r: Resource, line: string): void {
    const out = this.out
    if (this.entries++ > 0) out.put(',\n')
    if (this.type === 'batch') {
      out.put('{"resource":')
      out.put(line)
      out.put(`,"request":{"method":"PUT","url":"${r.resourceType}/${r.id}"}}`)
    } else {
      const rewritten = line.replace(LOCAL_REF, '"reference":"urn:uuid:')
      out.put(`{"fullUrl":"urn:uuid:${r.id}","resource":`)
      const at = out.length
      out.put(rewritten)
      if (this.type === 'collection') out.put('}')
      else {
        // Drop the id: a server ignores it on create, and the fullUrl carries identity in the
        // bundle. The line starts {"resourceType":"T","id":"…", (ASCII, and no reference, so the
        // same in the rewritten line), and the bytes after the id are moved over it in place:
        // slicing the string first cost more than the move.
        const head = `{"resourceType":"${r.resourceType}",`
        const id = `"id":"${r.id}",`
        if (line.startsWith(head) && line.startsWith(id, head.length)) out.remove(at + head.length, id.length)
        out.put(`,"request":{"method":"POST","url":"${r.resourceType}"}}`)
      }
    }
    if (out.length >= FLUSH_BYTES) this.flush()
  }

  private flush(): void {
    const fd = (this.fd ??= openSync(this.path, 'w'))
    const bytes = this.out.bytes()
    try {
      writeAll(fd, bytes)
    } catch (err) {
      closeSync(fd)
      this.fd = undefined
      throw err
    }
    this.written += bytes.length
    this.out.length = 0
  }

  /** Ends the Bundle and writes what is left (all of it, in one write, if it stayed under FLUSH_BYTES); returns its size in bytes. */
  end(): number {
    if (this.entries > 0) this.out.putByte(10)
    this.out.put(']}\n')
    const bytes = this.out.bytes()
    if (this.fd === undefined) writeFileSync(this.path, bytes)
    else {
      try {
        writeAll(this.fd, bytes)
      } finally {
        closeSync(this.fd)
        this.fd = undefined
      }
    }
    return this.written + bytes.length
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off)
}

/** The shared pool as one Bundle: PUT by stable id (idempotent reload) unless a collection. */
export function sharedBundle(type: BundleType, resources: Resource[]): string {
  const entries = resources.map((r) => {
    const line = JSON.stringify(r)
    return type === 'collection' ? `{"fullUrl":"urn:uuid:${r.id}","resource":${line}}` : `{"resource":${line},"request":{"method":"PUT","url":"${r.resourceType}/${r.id}"}}`
  })
  return `{"resourceType":"Bundle","type":"${type}","entry":[\n${entries.join(',\n')}\n]}\n`
}
