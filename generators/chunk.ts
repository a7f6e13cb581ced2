// Turns a range of patient indices into the text the writers append: NDJSON lines per type, one
// Bundle per patient, the patient-index rows, ground-truth matches and validation findings.
// Runs the same in a worker thread and in-process, so output never depends on --workers.
import { must } from '../lib/must.js'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Rng } from './random.js'
import { makeFaker } from './faker-source.js'
import { buildPool, type SharedPool } from './population/pool.js'
import { generatePatient, type GenContext, type PatientRecord } from './clinical/record.js'
import { anchorFacts, buildQueries, COHORT, isAnchor, type AnchorFacts, type GroundTruthQuery } from './ground-truth.js'
import { collectReferences, resolveReference } from '../lib/validation/closure.js'
import { validateResource } from '../lib/validation/validator.js'
import { RULES } from '../lib/validation/rules.js'
import type { Resource } from './fhir.js'

export type BundleType = 'transaction' | 'batch' | 'collection'

export interface ChunkSettings {
  seed: number
  referenceMs: number
  years: number
  /** Patients in the whole run (not the shard): the pool's size depends on it. */
  totalPatients: number
  bundleType: BundleType
  /** Write each patient's Bundle into this (staging) folder; bundles are independent files,
   * so the thread that makes one writes it, off the thread that orders the NDJSON. */
  bundlesDir?: string
  ndjson: boolean
  validate: boolean
  anchor: AnchorFacts
}

export interface ChunkIssue {
  rule: string
  message: string
  where: string
  path?: string
  resource: string
}

export interface ChunkResult {
  start: number
  end: number
  /** Per type: the chunk's NDJSON as UTF-8, and where each line ends (for splitting files). */
  ndjson: Record<string, { data: Uint8Array; ends: number[] }>
  bundleBytes: number
  index: string[]
  groundTruth: Record<string, { match: string[]; include: string[] }>
  counts: Record<string, number>
  resources: number
  issues: ChunkIssue[]
  invalidResources: number
}

/** Keep at most this many issues per chunk; the count of invalid resources stays exact. */
const ISSUES_PER_CHUNK = 20

export function bundleFileName(index: number, total: number): string {
  return `bundles/patient-${String(index + 1).padStart(Math.max(6, String(total).length), '0')}.json`
}

/** Finds the anchor patient: the first (by index) adult with conditions and medications. */
export function findAnchor(settings: Pick<ChunkSettings, 'seed' | 'referenceMs' | 'years' | 'totalPatients'>, pool: SharedPool): AnchorFacts {
  const ctx = makeContext(settings, pool)
  const limit = Math.min(settings.totalPatients, 500)
  const cohort: PatientRecord[] = []
  let anchor: PatientRecord | undefined
  for (let i = 0; i < limit && (!anchor || cohort.length < Math.min(COHORT, settings.totalPatients)); i++) {
    const rec = generatePatient(ctx, i)
    if (cohort.length < COHORT) cohort.push(rec)
    if (!anchor && isAnchor(rec, settings.referenceMs)) anchor = rec
  }
  const chosen = anchor ?? cohort[0]
  if (!chosen) throw new Error('internal: no patients to anchor the ground truth')
  return anchorFacts(chosen, cohort, pool)
}

function makeContext(settings: Pick<ChunkSettings, 'seed' | 'referenceMs' | 'years'>, pool: SharedPool): GenContext {
  const rng = new Rng(settings.seed)
  const { faker, randomizer } = makeFaker(rng)
  return { seed: settings.seed, referenceMs: settings.referenceMs, years: settings.years, pool, rng, faker, randomizer }
}

export class ChunkProducer {
  readonly pool: SharedPool
  private readonly ctx: GenContext
  private readonly queries: GroundTruthQuery[]
  private readonly sharedKeys: Set<string>
  private readonly bundle = new ByteSink()
  /** Per type, the chunk's NDJSON so far; reused from chunk to chunk. */
  private readonly ndjson = new Map<string, { sink: ByteSink; ends: number[] }>()

  constructor(
    private readonly settings: ChunkSettings,
    pool?: SharedPool,
  ) {
    this.pool = pool ?? buildPool(settings.seed, settings.totalPatients)
    this.ctx = makeContext(settings, this.pool)
    this.queries = buildQueries(settings.anchor, settings.referenceMs)
    this.sharedKeys = new Set(sharedResources(this.pool).map((r) => `${r.resourceType}/${r.id}`))
  }

  produce(start: number, end: number): ChunkResult {
    const out: ChunkResult = { start, end, ndjson: {}, bundleBytes: 0, index: [], groundTruth: {}, counts: {}, resources: 0, issues: [], invalidResources: 0 }
    for (const q of this.queries) out.groundTruth[q.name] = { match: [], include: [] }
    for (let i = start; i < end; i++) this.patient(i, out)
    // Encoded here, in the worker, and transferred: the ordering thread only writes bytes.
    for (const [type, t] of this.ndjson) {
      if (t.ends.length === 0) continue
      // allocUnsafeSlow gives the chunk its own ArrayBuffer (a small Buffer may share Node's
      // pool, which must never be transferred).
      const data = Buffer.allocUnsafeSlow(t.sink.length)
      t.sink.bytes().copy(data)
      out.ndjson[type] = { data, ends: t.ends }
      t.sink.reset()
      t.ends = []
    }
    return out
  }

  private patient(index: number, out: ChunkResult) {
    const s = this.settings
    const record = generatePatient(this.ctx, index)
    const lines: string[] = []
    const counts: Record<string, number> = {}
    const localKeys = new Set<string>()
    if (s.validate) for (const r of record.resources) localKeys.add(`${r.resourceType}/${r.id}`)
    for (const r of record.resources) {
      const line = JSON.stringify(r)
      lines.push(line)
      counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1
      if (s.ndjson) {
        // Each line goes to its type's bytes at once: strings held until the chunk ends would
        // outlive the young generation and be copied by every scavenge.
        let t = this.ndjson.get(r.resourceType)
        if (!t) this.ndjson.set(r.resourceType, (t = { sink: new ByteSink(), ends: [] }))
        t.sink.put(line)
        t.sink.putByte(10)
        t.ends.push(t.sink.length)
      }
      if (s.validate) this.validate(r, localKeys, out)
    }
    for (const [t, n] of Object.entries(counts)) out.counts[t] = (out.counts[t] ?? 0) + n
    out.resources += record.resources.length
    const bundle = bundleFileName(index, s.totalPatients)
    if (s.bundlesDir) {
      writePatientBundle(this.bundle, s.bundleType, record.resources, lines)
      writeFileSync(join(s.bundlesDir, bundle), this.bundle.bytes())
      out.bundleBytes += this.bundle.length
    }
    const p = record.person
    out.index.push(
      JSON.stringify({
        index,
        id: p.id,
        mrn: p.mrn,
        family: p.family,
        given: p.given,
        gender: p.sex,
        birthDate: p.resource.birthDate,
        resources: record.resources.length,
        ...(s.bundlesDir ? { bundle } : {}),
        counts,
      }),
    )
    for (const q of this.queries) {
      const gt = (out.groundTruth[q.name] ??= { match: [], include: [] })
      for (const id of q.match(record)) gt.match.push(id)
      if (q.include) for (const key of q.include(record)) gt.include.push(key)
    }
  }

  /** The shared pool's validation, done by a worker so the ordering thread never loads the schema. */
  validateShared(): { invalid: number; issues: ChunkIssue[] } {
    const result = { invalid: 0, issues: [] as ChunkIssue[] }
    for (const r of sharedResources(this.pool)) {
      const found = validateResource(r, { requireId: true })
      if (found.length) result.invalid++
      for (const f of found.slice(0, 5)) result.issues.push({ ...f, where: 'shared pool', resource: `${r.resourceType}/${r.id}` })
    }
    return result
  }

  private validate(r: Resource, localKeys: Set<string>, out: ChunkResult) {
    const issues = validateResource(r, { requireId: true })
    const known = { has: (k: string) => localKeys.has(k) || this.sharedKeys.has(k) }
    for (const ref of collectReferences(r, r.resourceType)) {
      if (resolveReference(ref.reference, known) === 'unresolved') {
        issues.push({ rule: RULES.referenceUnresolved, path: ref.path, message: `reference \`${ref.reference}\` does not resolve in the dataset` })
      }
    }
    if (issues.length === 0) return
    out.invalidResources++
    for (const i of issues) {
      if (out.issues.length >= ISSUES_PER_CHUNK) break
      out.issues.push({ rule: i.rule, message: i.message, where: `patient index ${out.start}…`, path: i.path, resource: `${r.resourceType}/${r.id}` })
    }
  }
}

/** The pool in dependency order: organizations before the resources that point at them. */
export function sharedResources(pool: SharedPool): Resource[] {
  return [...pool.organizations, ...pool.payers.values(), ...pool.locations, ...pool.practitioners, ...pool.roles, ...pool.medications.values()]
}

/**
 * A reference to one of the patient's own resources: anything but the shared pool's types
 * (Organization, incl. payers, Location, Practitioner, PractitionerRole, Medication). `shoreline validate`
 * checks a bundle's closure, and the self-tests run it on generated bundles.
 */
const LOCAL_REF = /"reference":"(?!(?:Organization|Location|Practitioner|PractitionerRole|Medication)\/)(?:[A-Z][A-Za-z]+)\//g

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

  reset(): void {
    this.length = 0
  }
}

/**
 * One patient's Bundle, built from the NDJSON lines so each resource is serialised once.
 * transaction: POST entries, urn:uuid fullUrls, in-bundle references rewritten to the urn:uuid
 * (R4 http §3.1.0.11.2); references to the shared pool stay `Type/id` (loaded first, by PUT).
 * batch: PUT entries by id (batch entries must not depend on each other, R4 http §3.1.0.11.1).
 * collection: fullUrl + resource, no request.
 */
export function writePatientBundle(out: ByteSink, type: BundleType, resources: Resource[], lines: string[]): void {
  out.reset()
  out.put(`{"resourceType":"Bundle","type":"${type}","entry":[\n`)
  for (let i = 0; i < resources.length; i++) {
    const r = must(resources[i], `resource ${i}`)
    const line = must(lines[i], `line ${i}`)
    const sep = i + 1 < resources.length ? ',\n' : '\n'
    if (type === 'batch') {
      out.put('{"resource":')
      out.put(line)
      out.put(`,"request":{"method":"PUT","url":"${r.resourceType}/${r.id}"}}${sep}`)
      continue
    }
    const rewritten = line.replace(LOCAL_REF, '"reference":"urn:uuid:')
    if (type === 'collection') {
      out.put(`{"fullUrl":"urn:uuid:${r.id}","resource":`)
      out.put(rewritten)
      out.put(`}${sep}`)
      continue
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
    out.put(`,"request":{"method":"POST","url":"${r.resourceType}"}}${sep}`)
  }
  out.put(']}\n')
}

/** The shared pool as one Bundle: PUT by stable id (idempotent reload) unless a collection. */
export function sharedBundle(type: BundleType, resources: Resource[]): string {
  const entries = resources.map((r) => {
    const line = JSON.stringify(r)
    return type === 'collection' ? `{"fullUrl":"urn:uuid:${r.id}","resource":${line}}` : `{"resource":${line},"request":{"method":"PUT","url":"${r.resourceType}/${r.id}"}}`
  })
  return `{"resourceType":"Bundle","type":"${type}","entry":[\n${entries.join(',\n')}\n]}\n`
}
