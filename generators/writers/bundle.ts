// One patient's Bundle, encoded entry by entry as each resource is serialised for its NDJSON
// line, so no line outlives its resource's turn (lines kept for the whole patient were copied by
// every scavenge that ran meanwhile).
// transaction: POST entries, urn:uuid fullUrls, in-bundle references rewritten to the urn:uuid
// (R4 http §3.1.0.11.2); references to the shared pool stay `Type/id` (loaded first, by PUT).
// batch: PUT entries by id (batch entries must not depend on each other, R4 http §3.1.0.11.1).
// collection: fullUrl + resource, no request.
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

export class BundleEncoder {
  readonly out = new ByteSink()
  private entries = 0

  constructor(private readonly type: BundleType) {}

  /** Starts a new Bundle (the previous one's bytes are dropped). */
  begin(): void {
    this.out.reset()
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
      return
    }
    const rewritten = line.replace(LOCAL_REF, '"reference":"urn:uuid:')
    if (this.type === 'collection') {
      out.put(`{"fullUrl":"urn:uuid:${r.id}","resource":`)
      out.put(rewritten)
      out.put('}')
      return
    }
    // Drop the id: a server ignores it on create, and the fullUrl carries identity in the bundle.
    const prefix = `{"resourceType":"${r.resourceType}","id":"${r.id}",`
    if (rewritten.startsWith(prefix)) {
      out.put(`{"fullUrl":"urn:uuid:${r.id}","resource":{"resourceType":"${r.resourceType}",`)
      out.put(rewritten.slice(prefix.length))
    } else {
      out.put(`{"fullUrl":"urn:uuid:${r.id}","resource":`)
      out.put(rewritten)
    }
    out.put(`,"request":{"method":"POST","url":"${r.resourceType}"}}`)
  }

  /** Ends the Bundle; its bytes (valid until the next begin). */
  end(): Buffer {
    if (this.entries > 0) this.out.putByte(10)
    this.out.put(']}\n')
    return this.out.bytes()
  }
}

/** The shared pool as one Bundle: PUT by stable id (idempotent reload) unless a collection. */
export function sharedBundle(type: BundleType, resources: Resource[]): string {
  const entries = resources.map((r) => {
    const line = JSON.stringify(r)
    return type === 'collection' ? `{"fullUrl":"urn:uuid:${r.id}","resource":${line}}` : `{"resource":${line},"request":{"method":"PUT","url":"${r.resourceType}/${r.id}"}}`
  })
  return `{"resourceType":"Bundle","type":"${type}","entry":[\n${entries.join(',\n')}\n]}\n`
}
