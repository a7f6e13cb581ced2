// `shoreline generate merge`: shard folders of one population (`generate --shard i/N`, or the pods
// of `--emit k8s-job`) joined into one dataset that seed, import and conform --data read like any
// other. Shards are slices of one run, so the merge is the unsharded run: NDJSON concatenated in
// shard order (each source file checked against its SHA-256 on the way), bundles linked, ground
// truth and the patient index concatenated, size percentiles recomputed from the lines.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { copyFile, link, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { createGunzip } from 'node:zlib'
import { once } from 'node:events'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { InputError } from '../../lib/errors.js'
import { NdjsonSink, type FileInfo } from '../writers/ndjson.js'
import { newHistogram, NOTES_FILE, percentiles, typeOrder, writeManifest, type ManifestInput, type NlpManifest } from '../writers/dataset.js'

interface ShardManifest {
  format: string
  generator: { name: string; version: string }
  seed: number
  referenceDate: string
  years: number
  /** Absent from datasets made before --population. */
  population?: string
  patients: number
  shard: { index: number; count: number; firstPatient: number; lastPatient: number }
  bundleType: string | null
  resources: number
  counts: Record<string, number>
  files: FileInfo[]
  sharedPool: { bundle: string | null; counts: Record<string, number> } | null
  invalid: { corpus: string; labels: string; items: number } | null
  validation: { validated: boolean; invalidResources?: number }
  anchor: object
  /** Absent from datasets made before notes were annotated. */
  nlp?: NlpManifest | null
  /** Absent from datasets made before --cover-profiles. */
  cover?: { picks: number[] | null; missing: string[] } | null
  groundTruth: Array<{ name: string; description: string; query: string; count: number; match: string[]; include: string[] }>
  patientIndex: Array<{ resources: number; bundle?: string }>
}

export interface MergeSummary {
  shards: number
  patients: number
  resources: number
  files: FileInfo[]
  bytes: number
}

/** Reads and checks one shard's manifest. */
async function readShard(dir: string): Promise<ShardManifest> {
  const path = join(dir, 'manifest.json')
  let m: ShardManifest
  try {
    m = JSON.parse(await readFile(path, 'utf8')) as ShardManifest
  } catch (err) {
    throw new InputError(`not a dataset folder (${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no manifest.json' : (err as Error).message})`, path)
  }
  if (m.format !== 'shoreline-dataset/1' || !m.shard || !Array.isArray(m.files) || !Array.isArray(m.groundTruth)) throw new InputError('not a Shoreline dataset manifest', path)
  return m
}

/** The folders to merge: each argument is a shard folder or a folder of shard folders. */
export async function shardFolders(sources: string[]): Promise<string[]> {
  const out: string[] = []
  for (const s of sources) {
    const info = await stat(s).catch(() => undefined)
    if (!info?.isDirectory()) throw new InputError('no such folder', s)
    if (await stat(join(s, 'manifest.json')).catch(() => undefined)) {
      out.push(s)
      continue
    }
    const subs = (await readdir(s, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => join(s, d.name))
    const shards: string[] = []
    for (const d of subs.sort()) if (await stat(join(d, 'manifest.json')).catch(() => undefined)) shards.push(d)
    if (shards.length === 0) throw new InputError('neither a dataset folder nor a folder of shard folders (no manifest.json)', s)
    out.push(...shards)
  }
  return out
}

/** Same population, every shard once: what makes the shards one run. */
function checkShards(list: Array<{ dir: string; m: ShardManifest }>): void {
  const first = list[0]
  if (!first) throw new InputError('nothing to merge', '(no shard folders)')
  const count = first.m.shard.count
  const same = (k: keyof ShardManifest, show = (v: unknown) => JSON.stringify(v)) => {
    for (const s of list)
      if (JSON.stringify(s.m[k]) !== JSON.stringify(first.m[k]))
        throw new InputError(`shards of different runs: ${k} is ${show(s.m[k])} here but ${show(first.m[k])} in ${first.dir}`, s.dir)
  }
  for (const k of ['seed', 'referenceDate', 'years', 'population', 'patients', 'bundleType', 'generator', 'anchor', 'cover'] as const) same(k)
  const seen = new Map<number, string>()
  for (const s of list) {
    if (s.m.shard.count !== count) throw new InputError(`shards of different runs: this is one of ${s.m.shard.count}, ${first.dir} one of ${count}`, s.dir)
    const twice = seen.get(s.m.shard.index)
    if (twice) throw new InputError(`shard ${s.m.shard.index}/${count} given twice (also ${twice})`, s.dir)
    seen.set(s.m.shard.index, s.dir)
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i))
  if (missing.length) throw new InputError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: a merge needs all ${count}`, first.dir)
}

/** Streams one source file's lines into the sink, checking its SHA-256; `onLine` sees each line's length. */
async function copyLines(path: string, expect: FileInfo, sink: NdjsonSink, onLine: (bytes: number) => void): Promise<void> {
  const hash = createHash('sha256')
  const raw = createReadStream(path)
  const gz = path.endsWith('.gz')
  // The hash is of the stored bytes: the compressed ones for a .gz file.
  if (gz) raw.on('data', (c) => hash.update(c as Buffer))
  const input: Readable = gz ? raw.pipe(createGunzip()) : raw
  // pipe() does not pass a read error on; without this a missing .gz file would never end.
  if (gz) raw.on('error', (err) => input.destroy(err))
  let carry: Buffer = Buffer.alloc(0)
  let lines = 0
  try {
    for await (const chunk of input) {
      if (!gz) hash.update(chunk as Buffer)
      const data: Buffer = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer)
      const ends: number[] = []
      let from = 0
      for (let at = data.indexOf(10); at >= 0; at = data.indexOf(10, at + 1)) {
        ends.push(at + 1)
        onLine(at - from)
        from = at + 1
      }
      lines += ends.length
      if (ends.length) await sink.write(data.subarray(0, from), ends)
      carry = Buffer.from(data.subarray(from))
    }
  } catch (err) {
    if (err instanceof InputError) throw err
    // A cut or corrupt file (a partial upload or download) fails here, in gunzip or the read.
    throw new InputError(`cannot be read whole (${(err as Error).message}): a partial upload or download?`, path)
  }
  if (carry.length) throw new InputError('the last line has no newline (a truncated file?)', path)
  const digest = hash.digest('hex')
  if (digest !== expect.sha256) throw new InputError(`SHA-256 ${digest.slice(0, 12)}… is not the manifest's ${expect.sha256.slice(0, 12)}… (a partial upload or download?)`, path)
  if (lines !== expect.resources) throw new InputError(`${lines} lines, the manifest says ${expect.resources}`, path)
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  await link(from, to).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code === 'EXDEV' || err.code === 'EPERM' || err.code === 'ENOTSUP') await copyFile(from, to)
    else throw err
  })
}

async function put(s: WriteStream, text: string | Uint8Array): Promise<void> {
  if (!s.write(text)) await once(s, 'drain')
}

async function end(s: WriteStream): Promise<void> {
  const closed = once(s, 'close')
  s.end()
  await closed
}

/** Merges `dirs` (shard folders) into `root` (an empty staging folder). */
export async function mergeShards(dirs: string[], root: string, o: { maxFileMb?: number; signal?: AbortSignal } = {}): Promise<MergeSummary> {
  const list: Array<{ dir: string; m: ShardManifest }> = []
  for (const dir of dirs) list.push({ dir, m: await readShard(dir) })
  checkShards(list)
  list.sort((a, b) => a.m.shard.index - b.m.shard.index)
  const head = list[0]!.m
  const work = join(root, '.work')
  await mkdir(work, { recursive: true })

  // NDJSON: per type, in type order, every shard's files in shard order through one sink.
  const gzip = list.some((s) => s.m.files.some((f) => f.path.endsWith('.gz')))
  const types = [...new Set(list.flatMap((s) => s.m.files.map((f) => f.resourceType)))].sort(typeOrder)
  if (types.length) await mkdir(join(root, 'ndjson'))
  const files: FileInfo[] = []
  const bytesByType = new Map<string, ReturnType<typeof newHistogram>>()
  for (const type of types) {
    const sink = new NdjsonSink(root, type, { gzip, maxBytes: o.maxFileMb ? o.maxFileMb * 1024 * 1024 : undefined })
    for (const { dir, m } of list) {
      // The shared pool's lines (first shard only) are not sized, as in a single run.
      let skip = m.sharedPool?.counts[type] ?? 0
      for (const f of m.files.filter((x) => x.resourceType === type)) {
        o.signal?.throwIfAborted()
        await copyLines(join(dir, f.path), f, sink, (n) => {
          if (skip > 0) return void skip--
          let h = bytesByType.get(type)
          if (!h) bytesByType.set(type, (h = newHistogram()))
          h.recordValue(n)
        })
      }
    }
    files.push(...(await sink.close()))
  }

  // Bundles (linked when on one file system), the shared pool's, and the invalid corpus.
  if (head.bundleType) {
    await mkdir(join(root, 'bundles'))
    for (const { dir, m } of list) {
      const names = [...(m.sharedPool?.bundle ? [m.sharedPool.bundle] : []), ...m.patientIndex.flatMap((p) => (p.bundle ? [p.bundle] : []))]
      for (const name of names) await linkOrCopy(join(dir, name), join(root, name))
    }
  }
  const firstShard = list[0]!.m
  if (firstShard.invalid) {
    await mkdir(join(root, 'invalid'))
    for (const rel of [firstShard.invalid.corpus, firstShard.invalid.labels]) await copyFile(join(list[0]!.dir, rel), join(root, rel))
  }

  // Clinical notes and their mentions, concatenated in shard order (patient order).
  const nlp = list.every((s) => s.m.nlp) ? await mergeNotes(list, root) : undefined

  // Ground truth and the patient index through work files, as a single run writes them.
  const queries: ManifestInput['queries'] = []
  for (const [qi, q] of head.groundTruth.entries()) {
    const file = join(work, `gt-${qi}.txt`)
    const out = createWriteStream(file)
    let count = 0
    const includes = new Set<string>()
    for (const { dir, m } of list) {
      const mine = m.groundTruth[qi]
      if (!mine || mine.name !== q.name)
        throw new InputError(`ground-truth query ${qi + 1} is ${JSON.stringify(mine?.name)} here, ${JSON.stringify(q.name)} in the first shard`, dir)
      count += mine.count
      if (mine.match.length) await put(out, mine.match.join('\n') + '\n')
      for (const k of mine.include) includes.add(k)
    }
    await end(out)
    queries.push({ name: q.name, description: q.description, query: q.query, count, includes: [...includes].sort(), file })
  }
  const patientsFile = join(work, 'patients.ndjson')
  const index = createWriteStream(patientsFile)
  const perPatient = newHistogram()
  for (const { m } of list) {
    for (const row of m.patientIndex) {
      perPatient.recordValue(row.resources)
      await put(index, JSON.stringify(row) + '\n')
    }
  }
  await end(index)

  const counts: Record<string, number> = {}
  for (const { m } of list) for (const [t, n] of Object.entries(m.counts)) counts[t] = (counts[t] ?? 0) + n
  const resources = list.reduce((n, s) => n + s.m.resources, 0)
  const validated = list.every((s) => s.m.validation.validated)
  const sized = [...bytesByType].sort(([a], [b]) => typeOrder(a, b))
  await writeManifest(join(root, 'manifest.json'), {
    o: {
      seed: head.seed,
      referenceDate: head.referenceDate,
      years: head.years,
      population: head.population,
      patients: head.patients,
      bundles: head.bundleType !== null,
      bundleType: head.bundleType ?? 'transaction',
    },
    shard: { index: 1, count: 1 },
    first: 0,
    last: head.patients,
    counts,
    resources,
    files,
    withShared: firstShard.sharedPool !== null,
    pool: firstShard.sharedPool?.counts ?? {},
    invalidItems: firstShard.invalid?.items ?? 0,
    anchor: head.anchor,
    queries,
    patientsFile,
    validated,
    invalidResources: list.reduce((n, s) => n + (s.m.validation.invalidResources ?? 0), 0),
    sizes: { resourceBytes: Object.fromEntries(sized.map(([t, h]) => [t, percentiles(h)])), resourcesPerPatient: percentiles(perPatient) },
    nlp,
    cover: head.cover ? { picks: head.cover.picks ?? undefined, missing: head.cover.missing } : undefined,
  })
  await rm(work, { recursive: true, force: true })
  return { shards: list.length, patients: head.patients, resources, files, bytes: files.reduce((n, f) => n + f.bytes, 0) }
}

/** The shards' notes files joined in shard order, each checked against its manifest's SHA-256. */
async function mergeNotes(list: Array<{ dir: string; m: ShardManifest }>, root: string): Promise<NlpManifest> {
  await mkdir(join(root, 'nlp'))
  const out = createWriteStream(join(root, NOTES_FILE))
  const whole = createHash('sha256')
  for (const { dir, m } of list) {
    const path = join(dir, m.nlp!.notes)
    const hash = createHash('sha256')
    try {
      for await (const chunk of createReadStream(path)) {
        hash.update(chunk as Buffer)
        whole.update(chunk as Buffer)
        await put(out, chunk as Buffer)
      }
    } catch (err) {
      throw new InputError(`cannot be read whole (${(err as Error).message}): a partial upload or download?`, path)
    }
    const digest = hash.digest('hex')
    if (digest !== m.nlp!.sha256) throw new InputError(`SHA-256 ${digest.slice(0, 12)}… is not the manifest's ${m.nlp!.sha256.slice(0, 12)}… (a partial upload or download?)`, path)
  }
  await end(out)
  const sum = (k: 'count' | 'entities' | 'bytes') => list.reduce((n, s) => n + s.m.nlp![k], 0)
  return { notes: NOTES_FILE, format: list[0]!.m.nlp!.format, count: sum('count'), entities: sum('entities'), bytes: sum('bytes'), sha256: whole.digest('hex') }
}
