// Turns a range of patient indices into the text the writers append: NDJSON lines per type, one
// Bundle per patient, the patient-index rows, ground-truth matches and validation findings.
// Runs the same in a worker thread and in-process, so output never depends on --workers.
import { join } from 'node:path'
import { Rng } from './random.js'
import { makeFaker } from './faker-source.js'
import { buildPool, type SharedPool } from './population/pool.js'
import type { Person } from './population/demographics.js'
import { foresee, generatePatient, type GenContext, type PatientRecord } from './clinical/record.js'
import { anchorFacts, buildQueries, COHORT, isAnchor, type AnchorFacts, type GroundTruthQuery } from './ground-truth.js'
import { collectReferences, resolveReference } from '../lib/validation/closure.js'
import { validateResource } from '../lib/validation/validator.js'
import { RULES } from '../lib/validation/rules.js'
import type { Resource } from './fhir.js'
import { BundleEncoder, ByteSink, type BundleType } from './writers/bundle.js'
import { JOINT_REPLACEMENTS } from './data/hospital.js'
import type { PopulationKey } from './data/populations.js'

export type { BundleType }

export interface ChunkSettings {
  seed: number
  referenceMs: number
  years: number
  /** Patients in the whole run (not the shard): the pool's size depends on it. */
  totalPatients: number
  /** Whose records (data/populations.ts); the general population when absent. */
  population?: PopulationKey
  bundleType: BundleType
  /** Write each patient's Bundle into this (staging) folder; bundles are independent files,
   * so the thread that makes one writes it. */
  bundlesDir?: string
  ndjson: boolean
  validate: boolean
  anchor: AnchorFacts
  /** The stream index of each of the run's patients (cover.ts); absent: patient i is the stream's i. */
  picks?: number[]
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
  /** One line per clinical note: its text and annotated mentions (nlp/notes.ndjson). */
  notes: string[]
  noteEntities: number
}

/** Keep at most this many issues per chunk; the count of invalid resources stays exact. */
const ISSUES_PER_CHUNK = 20

export function bundleFileName(index: number, total: number): string {
  return `bundles/patient-${String(index + 1).padStart(Math.max(6, String(total).length), '0')}.json`
}

/**
 * Implants are rare (a knee or hip replacement in about 3 % of patients over ten years), so the
 * Device searches ask for the first patients who hold one: the scan goes on, past the cohort and
 * the anchor, until they hold this many Devices of each type (so a search by type leaves five
 * out) or it has seen RARE_SCAN patients.
 */
const IMPLANTED_DEVICES = 5
/**
 * Deaths are rare too (about 3 % of patients over ten years), so the searches for care that ended
 * (a care team made inactive, a goal cancelled, a plan revoked, a prescription stopped) ask for
 * the first patients who died with a care team, until this many.
 */
const DECEASED_WITH_TEAM = 5
/**
 * The search for emergency visits asks for the first patients who had one, until they had this
 * many: the cohort can have none in a short window (seed 11 over 3 years had none).
 */
const EMERGENCY_VISITS = 5
const RARE_SCAN = 2000

/** A Device's type code (SNOMED CT). */
export const deviceType = (r: Resource) => (r.type as { coding: Array<{ code: string }> }).coding[0]!.code

/** Finds the anchor patient (the first adult, by index, with enough of everything), the cohort, and the first patients with an implant, who died, and seen in the emergency department. */
export function findAnchor(settings: Pick<ChunkSettings, 'seed' | 'referenceMs' | 'years' | 'totalPatients' | 'population' | 'picks'>, pool: SharedPool): AnchorFacts {
  const ctx = makeContext(settings, pool)
  const at = (i: number) => settings.picks?.[i] ?? i
  const limit = Math.min(settings.totalPatients, 500)
  // Only what the queries name is kept of the patients scanned: a record is megabytes of objects.
  const cohort: Person[] = []
  const implanted: string[] = []
  const heldTypes = new Set<string>()
  const short = new Map(JOINT_REPLACEMENTS.map((j) => [j.device.code, IMPLANTED_DEVICES]))
  const holds = (rec: PatientRecord) => {
    const types = rec.resources.filter((r) => r.resourceType === 'Device').map(deviceType)
    if (!types.some((t) => (short.get(t) ?? 0) > 0)) return
    implanted.push(rec.person.id)
    for (const t of types) {
      short.set(t, (short.get(t) ?? 0) - 1)
      heldTypes.add(t)
    }
  }
  const wanting = () => [...short.values()].some((n) => n > 0)
  const deceased: string[] = []
  const died = (rec: PatientRecord) => {
    if (deceased.length >= DECEASED_WITH_TEAM || rec.person.resource.deceasedDateTime === undefined) return
    if (rec.resources.some((r) => r.resourceType === 'CareTeam')) deceased.push(rec.person.id)
  }
  const emergency: string[] = []
  let emergencyVisits = 0
  const seenInEmergency = (rec: PatientRecord) => {
    if (emergencyVisits >= EMERGENCY_VISITS) return
    const visits = rec.resources.filter((r) => r.resourceType === 'Encounter' && (r.class as { code?: string }).code === 'EMER').length
    if (visits > 0) emergency.push(rec.person.id)
    emergencyVisits += visits
  }
  let anchor: PatientRecord | undefined
  let first: PatientRecord | undefined
  let i = 0
  for (; i < limit && (!anchor || cohort.length < Math.min(COHORT, settings.totalPatients)); i++) {
    const rec = generatePatient(ctx, at(i))
    first ??= rec
    if (cohort.length < COHORT) cohort.push(rec.person)
    if (!anchor && isAnchor(rec, settings.referenceMs)) anchor = rec
    holds(rec)
    died(rec)
    seenInEmergency(rec)
  }
  // Past them, a patient is generated only when its visit plan holds an operation, a death or an emergency visit still wanted.
  const wantsDeath = () => deceased.length < DECEASED_WITH_TEAM
  const wantsEmergency = () => emergencyVisits < EMERGENCY_VISITS
  for (const end = Math.min(settings.totalPatients, RARE_SCAN); i < end && (wanting() || wantsDeath() || wantsEmergency()); i++) {
    const will = foresee(ctx, at(i))
    if (!(will.surgery && wanting()) && !(will.dies && wantsDeath()) && !(will.emergency && wantsEmergency())) continue
    const rec = generatePatient(ctx, at(i))
    holds(rec)
    died(rec)
    seenInEmergency(rec)
  }
  const chosen = anchor ?? first
  if (!chosen) throw new Error('internal: no patients to anchor the ground truth')
  const implantTypes = JOINT_REPLACEMENTS.map((j) => j.device.code).filter((c) => heldTypes.has(c))
  return anchorFacts(chosen, cohort, pool, { implanted, implantTypes, deceased, emergency })
}

export function makeContext(settings: Pick<ChunkSettings, 'seed' | 'referenceMs' | 'years' | 'population'>, pool: SharedPool): GenContext {
  const rng = new Rng(settings.seed)
  const { faker, randomizer } = makeFaker(rng)
  return { seed: settings.seed, referenceMs: settings.referenceMs, years: settings.years, pool, rng, faker, randomizer, population: settings.population }
}

export class ChunkProducer {
  readonly pool: SharedPool
  private readonly ctx: GenContext
  private readonly queries: GroundTruthQuery[]
  private readonly sharedKeys: Set<string>
  private readonly bundle: BundleEncoder
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
    this.bundle = new BundleEncoder(settings.bundleType)
  }

  produce(start: number, end: number): ChunkResult {
    const out: ChunkResult = {
      start,
      end,
      ndjson: {},
      bundleBytes: 0,
      index: [],
      groundTruth: {},
      counts: {},
      resources: 0,
      issues: [],
      invalidResources: 0,
      notes: [],
      noteEntities: 0,
    }
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
    const record = generatePatient(this.ctx, s.picks?.[index] ?? index)
    const counts: Record<string, number> = {}
    const localKeys = new Set<string>()
    if (s.validate) for (const r of record.resources) localKeys.add(`${r.resourceType}/${r.id}`)
    const file = bundleFileName(index, s.totalPatients)
    const bundle = s.bundlesDir ? this.bundle : undefined
    if (s.bundlesDir) this.bundle.begin(join(s.bundlesDir, file))
    for (const r of record.resources) {
      // Each line goes to its type's bytes and its Bundle entry at once, then dies: strings
      // held until the patient or the chunk ends would be copied by every scavenge.
      const line = JSON.stringify(r)
      counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1
      if (s.ndjson) {
        let t = this.ndjson.get(r.resourceType)
        if (!t) this.ndjson.set(r.resourceType, (t = { sink: new ByteSink(), ends: [] }))
        t.sink.put(line)
        t.sink.putByte(10)
        t.ends.push(t.sink.length)
      }
      bundle?.add(r, line)
      if (s.validate) this.validate(r, localKeys, out)
    }
    for (const [t, n] of Object.entries(counts)) out.counts[t] = (out.counts[t] ?? 0) + n
    out.resources += record.resources.length
    if (bundle) out.bundleBytes += bundle.end()
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
        ...(s.bundlesDir ? { bundle: file } : {}),
        counts,
      }),
    )
    for (const n of record.notes) {
      out.notes.push(JSON.stringify({ note: n.note, patient: `Patient/${p.id}`, encounter: n.encounter, date: n.date, text: n.text, entities: n.entities }))
      out.noteEntities += n.entities.length
    }
    for (const q of this.queries) {
      const gt = (out.groundTruth[q.name] ??= { match: [], include: [] })
      for (const id of q.match(record)) gt.match.push(id)
      if (q.include) for (const key of q.include(record)) gt.include.push(key)
    }
  }

  /** The shared pool's validation (with the first shard only). */
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
    const unresolved = (ref: string) => resolveReference(ref, known) === 'unresolved'
    for (const ref of collectReferences(r, r.resourceType, [], unresolved)) {
      issues.push({ rule: RULES.referenceUnresolved, path: ref.path, message: `reference \`${ref.reference}\` does not resolve in the dataset` })
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
