// The dataset folder as it is written: NDJSON sinks per type, the patient index and each
// ground-truth query's ids streamed to work files (a 10k-patient run never holds them in memory),
// counts as chunks arrive in patient order, and the manifest assembled from those files at the end.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { createHash } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import * as hdr from 'hdr-histogram-js'
import { toolVersion } from '../../lib/version.js'
import type { ChunkIssue, ChunkResult } from '../chunk.js'
import type { GroundTruthQuery } from '../ground-truth.js'
import { NdjsonSink, type FileInfo } from './ndjson.js'

export class DatasetOutput {
  readonly counts: Record<string, number> = {}
  resources = 0
  bundleBytes = 0
  invalidResources = 0
  readonly issues: ChunkIssue[] = []
  private readonly sinks = new Map<string, NdjsonSink>()
  /** Serialised size of each resource, per type, and resources per patient: for the manifest's percentiles. */
  private readonly bytesByType = new Map<string, hdr.Histogram>()
  private readonly perPatient = newHistogram()
  private readonly workDir: string
  private readonly indexOut: WriteStream
  /** The clinical notes with their annotated mentions, in patient order. */
  private readonly notesOut: WriteStream
  private notes = { notes: 0, entities: 0, bytes: 0 }
  private readonly notesHash = createHash('sha256')
  /** Per ground-truth query: its ids streamed to a work file, its includes and its count. */
  private readonly truths: Array<{ q: GroundTruthQuery; file: string; out: WriteStream; includes: Set<string>; count: number }>

  private constructor(
    readonly root: string,
    private readonly sinkOptions: { gzip: boolean; maxBytes?: number },
    queries: GroundTruthQuery[],
  ) {
    this.workDir = join(root, '.work')
    this.indexOut = createWriteStream(join(this.workDir, 'patients.ndjson'))
    this.notesOut = createWriteStream(join(root, NOTES_FILE))
    this.truths = queries.map((q, i) => ({
      q,
      file: join(this.workDir, `gt-${i}.txt`),
      out: createWriteStream(join(this.workDir, `gt-${i}.txt`)),
      includes: new Set<string>(),
      count: 0,
    }))
  }

  /** Makes the folders (.work/, and ndjson/ and bundles/ when asked for) and opens the work files. */
  static async open(root: string, o: { ndjson: boolean; bundles: boolean; gzip: boolean; maxBytes?: number }, queries: GroundTruthQuery[]): Promise<DatasetOutput> {
    await mkdir(join(root, '.work'))
    await mkdir(join(root, 'nlp'))
    if (o.ndjson) await mkdir(join(root, 'ndjson'))
    if (o.bundles) await mkdir(join(root, 'bundles'))
    return new DatasetOutput(root, { gzip: o.gzip, maxBytes: o.maxBytes }, queries)
  }

  sink(type: string): NdjsonSink {
    let s = this.sinks.get(type)
    if (!s) this.sinks.set(type, (s = new NdjsonSink(this.root, type, this.sinkOptions)))
    return s
  }

  /** One chunk's output, in patient order. */
  async write(r: ChunkResult): Promise<void> {
    for (const [type, part] of Object.entries(r.ndjson).sort(([a], [b]) => typeOrder(a, b))) {
      let h = this.bytesByType.get(type)
      if (!h) this.bytesByType.set(type, (h = newHistogram()))
      for (let i = 0, from = 0; i < part.ends.length; from = part.ends[i++] ?? 0) h.recordValue((part.ends[i] ?? 0) - from - 1)
      await this.sink(type).write(part.data, part.ends)
    }
    for (const row of r.index) this.perPatient.recordValue((JSON.parse(row) as { resources: number }).resources)
    this.bundleBytes += r.bundleBytes
    if (r.index.length) await writeStream(this.indexOut, r.index.join('\n') + '\n')
    if (r.notes.length) {
      const text = Buffer.from(r.notes.join('\n') + '\n')
      this.notesHash.update(text)
      this.notes.bytes += text.length
      await writeStream(this.notesOut, text)
    }
    this.notes.notes += r.notes.length
    this.notes.entities += r.noteEntities
    for (const t of this.truths) {
      const gt = r.groundTruth[t.q.name]
      if (!gt) continue
      if (gt.match.length) {
        t.count += gt.match.length
        await writeStream(t.out, gt.match.join('\n') + '\n')
      }
      for (const key of gt.include) t.includes.add(key)
    }
    for (const [t, n] of Object.entries(r.counts)) this.counts[t] = (this.counts[t] ?? 0) + n
    this.resources += r.resources
    this.invalidResources += r.invalidResources
    for (const i of r.issues) if (this.issues.length < 200) this.issues.push(i)
  }

  /** A query's matches in the shared pool (first shard only, before any patient's). */
  async poolTruth(name: string, found: { match: string[]; include: string[] }): Promise<void> {
    const t = this.truths.find((x) => x.q.name === name)
    if (!t) return
    t.count += found.match.length
    if (found.match.length) await writeStream(t.out, found.match.join('\n') + '\n')
    for (const k of found.include) t.includes.add(k)
  }

  /** Closes the work files and the NDJSON sinks; the files written, in type order. */
  async finish(): Promise<FileInfo[]> {
    await Promise.all([this.indexOut, this.notesOut, ...this.truths.map((t) => t.out)].map((s) => endStream(s)))
    const files: FileInfo[] = []
    for (const [, sink] of [...this.sinks].sort(([a], [b]) => typeOrder(a, b))) files.push(...(await sink.close()))
    return files
  }

  /** What the notes file holds, for the manifest. */
  get nlp(): NlpManifest {
    const { notes: count, entities, bytes } = this.notes
    return { notes: NOTES_FILE, format: NOTES_FORMAT, count, entities, bytes, sha256: this.notesHash.copy().digest('hex') }
  }

  /** Best effort after a failure: every open sink closed. */
  async abandon(): Promise<void> {
    this.notesOut.destroy()
    for (const s of this.sinks.values()) await s.close().catch(() => {})
  }

  /** The ground-truth queries with their counts, includes and id files, for the manifest. */
  queries(): ManifestInput['queries'] {
    return this.truths.map(({ q, count, includes, file }) => ({ name: q.name, description: q.description, query: q.query, count, includes: [...includes].sort(), file }))
  }

  /** Size percentiles: bytes per resource by type (as NDJSON), resources per patient. */
  sizes(): ManifestInput['sizes'] {
    const types = [...this.bytesByType].sort(([a], [b]) => typeOrder(a, b))
    return { resourceBytes: Object.fromEntries(types.map(([t, h]) => [t, percentiles(h)])), resourcesPerPatient: percentiles(this.perPatient) }
  }

  get patientsFile(): string {
    return join(this.workDir, 'patients.ndjson')
  }

  get workFolder(): string {
    return this.workDir
  }
}

/** The clinical notes and their mentions: one JSON line per note, in patient order. */
export const NOTES_FILE = 'nlp/notes.ndjson'
/** Offsets are Unicode code points into `text`, end exclusive; categories, types and traits as Amazon Comprehend Medical's DetectEntitiesV2 names them. */
export const NOTES_FORMAT = 'shoreline-note-entities/1'
export interface NlpManifest {
  notes: string
  format: string
  count: number
  entities: number
  bytes: number
  sha256: string
}

type Percentiles = { p50: number; p90: number; p99: number; max: number; mean: number }

export function newHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 1 << 30, numberOfSignificantValueDigits: 3, autoResize: true })
}

export function percentiles(h: hdr.Histogram): Percentiles {
  const max = h.totalCount ? h.maxValue : 0
  // A percentile is the top of its bucket (three significant digits), which can lie above the largest value seen.
  const q = (p: number) => (h.totalCount ? Math.min(h.getValueAtPercentile(p), max) : 0)
  return { p50: q(50), p90: q(90), p99: q(99), max, mean: Math.round(h.totalCount ? h.mean : 0) }
}

/** Patients first, then the rest alphabetically: a stable order for files and chunks. */
export function typeOrder(a: string, b: string): number {
  if (a === b) return 0
  if (a === 'Patient') return -1
  if (b === 'Patient') return 1
  return a < b ? -1 : 1
}

async function writeStream(s: WriteStream, text: string | Uint8Array) {
  if (!s.write(text)) await once(s, 'drain')
}

async function endStream(s: WriteStream) {
  const closed = once(s, 'close')
  s.end()
  await closed
}

export interface ManifestInput {
  o: { seed: number; referenceDate: string; years: number; population?: string; patients: number; bundles: boolean; bundleType: string }
  shard: { index: number; count: number }
  first: number
  last: number
  counts: Record<string, number>
  resources: number
  files: FileInfo[]
  withShared: boolean
  pool: Record<string, number>
  invalidItems: number
  anchor: object
  queries: Array<{ name: string; description: string; query: string; count: number; includes: string[]; file: string }>
  patientsFile: string
  validated: boolean
  invalidResources: number
  nlp?: NlpManifest
  /** With --cover-profiles (generators/cover.ts): the stream index of each patient when they are not the first N, and the profiles still missing. */
  cover?: { picks?: number[]; missing: string[] }
  /** Only what the NDJSON carries is sized (none with --no-ndjson). */
  sizes?: { resourceBytes: Record<string, Percentiles>; resourcesPerPatient: Percentiles }
}

/** Streams manifest.json: the id lists and the patient index come from files, not memory. */
export async function writeManifest(path: string, m: ManifestInput) {
  const out = createWriteStream(path)
  const put = (text: string) => writeStream(out, text)
  const sortedCounts = Object.fromEntries(Object.entries(m.counts).sort(([a], [b]) => typeOrder(a, b)))
  const head = {
    format: 'shoreline-dataset/1',
    generator: { name: 'shoreline', version: toolVersion() },
    seed: m.o.seed,
    referenceDate: m.o.referenceDate,
    years: m.o.years,
    population: m.o.population ?? 'primary-care',
    patients: m.o.patients,
    shard: { index: m.shard.index, count: m.shard.count, firstPatient: m.first, lastPatient: m.last - 1 },
    bundleType: m.o.bundles ? m.o.bundleType : null,
    resources: m.resources,
    counts: sortedCounts,
    files: m.files,
    sharedPool: m.withShared ? { bundle: m.o.bundles ? 'bundles/shared.json' : null, counts: m.pool } : null,
    invalid: m.invalidItems ? { corpus: 'invalid/corpus.ndjson', labels: 'invalid/labels.json', items: m.invalidItems } : null,
    validation: m.validated ? { validated: true, invalidResources: m.invalidResources } : { validated: false },
    anchor: m.anchor,
    sizes: m.sizes ?? null,
    nlp: m.nlp ?? null,
    cover: m.cover ? { picks: m.cover.picks ?? null, missing: m.cover.missing } : null,
  }
  const headText = JSON.stringify(head, null, 2)
  await put(headText.slice(0, -2) + ',\n  "groundTruth": [\n')
  for (const [i, q] of m.queries.entries()) {
    await put(`    {"name":${JSON.stringify(q.name)},"description":${JSON.stringify(q.description)},"query":${JSON.stringify(q.query)},"count":${q.count},\n     "match":[`)
    let firstId = true
    for await (const line of createInterface({ input: createReadStream(q.file), crlfDelay: Infinity })) {
      if (!line) continue
      await put((firstId ? '' : ',') + JSON.stringify(line))
      firstId = false
    }
    await put(`],\n     "include":${JSON.stringify(q.includes)}}${i < m.queries.length - 1 ? ',' : ''}\n`)
  }
  await put('  ],\n  "patientIndex": [\n')
  let firstRow = true
  for await (const line of createInterface({ input: createReadStream(m.patientsFile), crlfDelay: Infinity })) {
    if (!line) continue
    await put((firstRow ? '    ' : ',\n    ') + line)
    firstRow = false
  }
  await put('\n  ]\n}\n')
  await endStream(out)
}
