// A generated dataset as seeding and import read it: the manifest, and the NDJSON files in
// dependency order (shared Organizations, Locations, Practitioners first, then Patients, then
// Encounters, then everything else), cut into fixed chunks so a run can be resumed by chunk index.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { InputError, describeSystemError } from '../errors.js'
import { ndjsonLines } from '../ndjson-lines.js'

export interface DatasetFile {
  path: string
  resourceType: string
  resources: number
}

export interface Dataset {
  dir: string
  seed: number
  counts: Record<string, number>
  files: DatasetFile[]
  total: number
}

export interface DatasetResource {
  type: string
  id: string
  /** The resource exactly as generated (one NDJSON line). */
  text: string
}

export interface Chunk {
  index: number
  /** Resources of one tier never share a chunk with a later tier. */
  tier: number
  resources: DatasetResource[]
}

const TIERS: Array<string[]> = [['Organization', 'Location', 'Practitioner', 'PractitionerRole', 'Medication'], ['Patient'], ['Encounter']]

export function tierOf(type: string): number {
  const i = TIERS.findIndex((t) => t.includes(type))
  return i < 0 ? TIERS.length : i
}

export function openDataset(dir: string): Dataset {
  const path = join(dir, 'manifest.json')
  let manifest: { seed?: number; counts?: Record<string, number>; files?: DatasetFile[] }
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new InputError(describeSystemError(err, path) ?? `not a dataset manifest: ${(err as Error).message}`, path)
  }
  if (!manifest.counts || !Array.isArray(manifest.files)) throw new InputError('not a Shoreline dataset manifest (no counts or files)', path)
  const files = manifest.files.filter((f) => /\.ndjson(\.gz)?$/.test(f.path))
  if (files.length === 0) throw new InputError('the dataset has no NDJSON (generate it without --no-ndjson)', path)
  files.sort((a, b) => tierOf(a.resourceType) - tierOf(b.resourceType) || (a.path < b.path ? -1 : 1))
  return { dir, seed: manifest.seed ?? 0, counts: manifest.counts, files, total: files.reduce((n, f) => n + f.resources, 0) }
}

/** Every resource, in dependency order, in chunks of `size` (a chunk holds one tier only). */
export async function* chunks(ds: Dataset, size: number): AsyncGenerator<Chunk> {
  let index = 0
  let current: DatasetResource[] = []
  let tier = -1
  for (const f of ds.files) {
    const t = tierOf(f.resourceType)
    if (t !== tier && current.length) {
      yield { index: index++, tier, resources: current }
      current = []
    }
    tier = t
    for await (const { line, lineNo } of ndjsonLines(join(ds.dir, f.path), f.path)) {
      // Generated lines start with resourceType and id; anything else is parsed in full.
      const head = /^\{"resourceType":"([A-Za-z]+)","id":"([A-Za-z0-9\-.]{1,64})"/.exec(line)
      let r: { resourceType?: unknown; id?: unknown }
      if (head) r = { resourceType: head[1], id: head[2] }
      else {
        try {
          r = JSON.parse(line)
        } catch {
          throw new InputError('not JSON', `${f.path}:${lineNo}`)
        }
      }
      if (typeof r.resourceType !== 'string' || typeof r.id !== 'string') throw new InputError('a resource needs resourceType and id', `${f.path}:${lineNo}`)
      current.push({ type: r.resourceType, id: r.id, text: line })
      if (current.length >= size) {
        yield { index: index++, tier, resources: current }
        current = []
      }
    }
  }
  if (current.length) yield { index: index++, tier, resources: current }
}
