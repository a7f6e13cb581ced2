// One patient's clinical record over the generated window: the journey (journey.ts) decides the
// conditions and visits, and each visit here records what it produces — diagnoses, prescriptions,
// measurements (measurements.ts), procedures, immunizations and the note — as FHIR resources
// (resources.ts). All clinical choices come from the tables in data/; this file only interprets them.
import { deriveSeed, Rng } from '../random.js'
import { drawPerson, type Person } from '../population/demographics.js'
import { population, POPULATION_TRIES } from '../data/populations.js'
import { UsageError } from '../../lib/errors.js'
import type { Foreseen, GenContext, PatientRecord } from './context.js'
import type { Clinician, SharedPool } from '../population/pool.js'
import type { AcuteCondition } from '../data/conditions.js'
import { MEDICATIONS, THERAPIES, type MedicationDef } from '../data/medications.js'
import type { VaccineDef } from '../data/immunizations.js'
import { ALLERGIES } from '../data/allergies.js'
import { PROCEDURES, SCREENINGS } from '../data/procedures.js'
import { INPATIENT, VISIT_MINUTES } from '../data/encounters.js'
import { SMOKING } from '../data/observations.js'
import { CAUSE_OF_DEATH, NOTE_TYPES, PRIMARY_CARE, SECOND_MEDICATION_SHARE, SUPPLY_DAYS, UTILIZATION } from '../data/care.js'
import { SYS } from '../data/systems.js'
import { ageAt, concept, isoDate, isoDateTime, MS, ref, type Resource } from '../fhir.js'
import { clinicalNote, noteBackground, type NoteAllergy, type NoteAnnotation, type NoteBackground } from './note.js'
import { activeChronic, decideChronicConditions, decideDeath, decideUtilization, encounterType, planVisits, startMinute, visitEnd } from './journey.js'
import type { ChronicState, DeathPlan, JourneySubject, Utilization, Visit } from './journey.js'
import { Measurements } from './measurements.js'
import { LAB_RESULT_AFTER_MS, ResourceWriter, type VisitCtx } from './resources.js'
import { Billing } from './billing.js'
import { CarePlanner, endCare } from './care-plans.js'
import { HospitalCare, type Order } from './hospital.js'
import { HOSPITAL_IMAGING, HUNGER_VITAL_SIGN, IMAGING } from '../data/hospital.js'

export { ckdEpi2021 } from './measurements.js'
export type { GenContext, PatientRecord } from './context.js'
export type { NoteAnnotation }

/** Stream coordinates: a patient's note wording (its own stream, so wording never moves the record); a population's further candidates for an index. */
const NOTE_STREAM = 0x6e6f7465
const POPULATION_STREAM = 0x706f7075

export function generatePatient(ctx: GenContext, index: number): PatientRecord {
  return builderFor(ctx, index).build()
}

/** What patient `index`'s record will hold, from generatePatient's draws up to the visit plan, nothing built (a tenth of the cost): an operation (and implant), a death in the window, an emergency visit, when the last visit starts. */
export function foresee(ctx: GenContext, index: number): Foreseen {
  return builderFor(ctx, index).foresee()
}

/** Patient `index` is the first candidate who belongs to the run's population (data/populations.ts); candidate 0 is the general population's patient. */
function builderFor(ctx: GenContext, index: number): RecordBuilder {
  const test = population(ctx.population ?? 'primary-care').test
  for (let tries = 0; tries < POPULATION_TRIES; tries++) if (!test || candidate(ctx, index, tries)[test]()) return candidate(ctx, index, tries)
  throw new UsageError(`--population ${ctx.population}: none of ${POPULATION_TRIES} people drawn for patient ${index + 1} belongs to it; give a longer --years`)
}

function candidate(ctx: GenContext, index: number, tries: number): RecordBuilder {
  ctx.rng.reseed(tries === 0 ? deriveSeed(ctx.seed, index) : deriveSeed(ctx.seed, index, POPULATION_STREAM, tries))
  ctx.randomizer.rng = ctx.rng
  return new RecordBuilder(
    ctx,
    index,
    drawPerson(ctx.rng, ctx.faker, index, ctx.referenceMs, (age, r) => primaryCare(ctx.pool, age, r)),
  )
}

function primaryCare(pool: SharedPool, age: number, rng: Rng): Clinician {
  const keys = PRIMARY_CARE.find((p) => age >= p.fromAge && age <= p.toAge)?.specialties ?? []
  return rng.pick(keys.flatMap((k) => pool.bySpecialty.get(k) ?? []))
}

class RecordBuilder {
  private readonly rng: Rng
  private readonly out: Resource[] = []
  private readonly write: ResourceWriter
  private readonly measure: Measurements
  private readonly subject: JourneySubject
  private readonly gp: Clinician
  private readonly chronic: ChronicState[]
  private readonly use: Utilization
  /** Tobacco use (SMOKING), one status for the whole record. */
  private readonly smoking: keyof typeof SMOKING.answers
  private readonly billing: Billing
  /** When and where the patient dies in the window, if they do. */
  private readonly dies?: DeathPlan
  private readonly plans: CarePlanner
  private readonly allergies: NoteAllergy[] = []
  /** Acute conditions recorded so far, with when each ends (after the reference date for one still active then): past history and what a note may not deny. */
  private readonly acuteSeen: Array<{ key: string; icd10: { code: string; display: string }; conditionId: string; abatementMs: number }> = []
  /** The acute condition recorded at the current visit. */
  private visitAcuteId?: string
  /** How long before the visit it began (the Condition's onset), for the note's history. */
  private visitAcuteSinceMs = 0
  /** When the last visit ended (none yet: the first visit records allergies); the day of the last visit outside hospital, and the days of the plan's emergency visits and stays. */
  private readonly last = { end: -Infinity, otherDay: -Infinity, hospitalDays: [] as number[] }
  private readonly notes: PatientRecord['notes'] = []
  /** Family and social history, drawn once from the note stream. */
  private readonly background: NoteBackground
  /** Drug classes the recorded allergies rule out. */
  private readonly avoidClasses = new Set<string>()
  private readonly activeMeds = new Map<string, { id: string; display: string; conditionId: string }>()
  private readonly screeningsDue = new Map<string, number>()
  private readonly hospital: HospitalCare
  /** Household food insecurity (HUNGER_VITAL_SIGN), decided at the first screening. */
  private foodInsecure?: boolean

  constructor(
    private readonly ctx: GenContext,
    private readonly index: number,
    private readonly person: Person,
  ) {
    this.rng = ctx.rng
    const female = person.sex === 'female'
    this.subject = { birthMs: person.birthMs, female, refMs: ctx.referenceMs, windowStart: ctx.referenceMs - ctx.years * MS.year, years: ctx.years }
    const gpRef = (person.resource.generalPractitioner as Array<{ reference: string }>)[0]?.reference.slice('Practitioner/'.length)
    const gp = [...ctx.pool.bySpecialty.values()].flat().find((c) => c.practitioner.id === gpRef)
    if (!gp) throw new Error(`patient ${index}: general practitioner ${gpRef} is not in the pool`)
    this.gp = gp
    this.write = new ResourceWriter(this.rng, this.out, person.id)
    // Draw order is part of the output: baselines, then conditions, then the body-mass baseline.
    this.measure = new Measurements(this.rng, this.write, person.birthMs, female, ctx.referenceMs)
    this.chronic = decideChronicConditions(this.rng, this.subject)
    this.use = decideUtilization(this.rng, this.chronic)
    const shares = this.chronic.some((c) => c.def.key === 'copd') ? SMOKING.withCopd : SMOKING.adults
    const draw = this.rng.next()
    this.smoking = draw < shares.current ? 'current' : draw < shares.current + shares.former ? 'former' : 'never'
    if (this.use.high) this.measure.labRepeatDays = UTILIZATION.highLabRepeatDays
    this.plans = new CarePlanner(this.rng, this.out, person.id)
    this.hospital = new HospitalCare(this.rng, this.write)
    this.dies = decideDeath(this.rng, this.subject)
    this.billing = new Billing(this.rng, ctx.pool, person.id, person.birthMs, this.subject.windowStart, ctx.referenceMs, this.dies?.ms)
    this.measure.setBmiBaseline(this.chronic.find((c) => c.def.key === 'obesity')?.onsetMs)
    this.background = noteBackground(new Rng(deriveSeed(ctx.seed, index, NOTE_STREAM)))
  }

  build(): PatientRecord {
    this.out.push(this.person.resource, ...this.billing.coverages)
    const plan = this.plan()
    this.last.hospitalDays = plan.filter((v) => v.kind === 'emergency' || v.kind === 'inpatient').map((v) => v.ms - (v.ms % MS.day))
    for (const visit of plan) this.visit(visit)
    if (this.dies) this.death(this.dies)
    return { index: this.index, person: this.person, resources: this.out, notes: this.notes }
  }

  foresee(): Foreseen {
    const plan = this.plan()
    const emergency = this.dies?.inHospital === true || plan.some((v) => v.kind === 'emergency')
    return { surgery: plan.some((v) => v.surgery !== undefined), dies: this.dies !== undefined, emergency, lastVisitMs: plan.reduce((m, v) => Math.max(m, v.ms), -Infinity) }
  }

  /** Comes to the hospital in the window: an emergency visit or a stay planned, or a death there (in the emergency department). */
  comesToHospital(): boolean {
    return this.dies?.inHospital === true || this.plan().some((v) => v.kind === 'emergency' || v.kind === 'inpatient')
  }

  /** A member of one of the pool's health plans at the end of the window. */
  insured(): boolean {
    return this.billing.coveredAtEnd
  }

  /** The visits, up to the day before death. */
  private plan(): Visit[] {
    return planVisits(this.rng, this.subject, this.chronic, this.use).filter((v) => this.dies === undefined || v.ms < this.dies.ms - MS.day)
  }

  /** The death and its cause, in the emergency department at the end of a visit that day or elsewhere late that evening (PLACE_OF_DEATH); care ends. */
  private death(dies: DeathPlan) {
    const cause = CAUSE_OF_DEATH.order.map((k) => this.chronic.find((c) => c.def.key === k && c.onsetMs < dies.ms)).find(Boolean)?.def.snomed ?? CAUSE_OF_DEATH.default
    const ms = dies.inHospital ? this.visit({ ms: dies.ms - 12 * MS.hour, kind: 'emergency', vaccines: [], died: cause }) : dies.ms
    this.person.resource.deceasedDateTime = isoDateTime(ms)
    this.write.causeOfDeath(ms, this.rng.uuid(), cause)
    endCare(this.out, ms)
  }

  /** Records the visit; returns when it ended (visitEnd). */
  private visit(v: Visit): number {
    const rng = this.rng
    const hospital = v.kind === 'emergency' || v.kind === 'inpatient'
    const clinician = hospital ? rng.pick(this.ctx.pool.bySpecialty.get(v.surgery ? 'orthopedics' : 'emergency') ?? []) : this.gp
    const day = v.ms - (v.ms % MS.day)
    const start = day + startMinute(rng, v, day + MS.day >= this.ctx.referenceMs) * MS.minute
    const minutes = VISIT_MINUTES[v.kind === 'diagnosis' || v.kind === 'followUp' ? 'followUp' : v.kind === 'inpatient' ? 'emergency' : v.kind]
    const stay = v.surgery ? v.surgery.stayDays : INPATIENT.stayDays
    const drawn = v.kind === 'inpatient' ? start + rng.int(stay[0], stay[1]) * MS.day : start + rng.int(minutes[0], minutes[1]) * MS.minute
    const { end, inProgress } = visitEnd(v, drawn, this.dies?.ms, this.ctx.referenceMs)
    const age = ageAt(this.person.birthMs, start)
    const type = encounterType(v, age)
    const encounterId = rng.uuid()
    const first = this.out.length
    const encounter = this.write.encounter(encounterId, v, type, clinician, start, end, inProgress)
    const ctx: VisitCtx = { encounterId, start, end, clinician, age, visit: v, diagnoses: [], labs: [], orders: [], procedures: [] }
    this.visitAcuteId = undefined
    if (this.last.end === -Infinity) this.recordAllergies(ctx)
    this.recordChronic(ctx)
    if (v.acute) this.recordAcute(ctx, v.acute)
    const active = activeChronic(this.chronic, ctx.start)
    if (v.kind !== 'immunization') this.measure.vitals(ctx, active)
    if (v.kind === 'wellness' && age >= SMOKING.fromAge) {
      const answer = SMOKING.answers[this.smoking]
      this.out.push(this.write.observation(ctx, 'social-history', SMOKING.code, { valueCodeableConcept: concept(SYS.snomed, answer.code, answer.display) }))
    }
    if (v.kind === 'wellness' && age >= HUNGER_VITAL_SIGN.fromAge) this.hospital.hungerVitalSign(ctx, (this.foodInsecure ??= rng.chance(HUNGER_VITAL_SIGN.insecureShare)))
    // Labs reflect what holds when the specimen is taken: a condition whose onset falls between
    // the visit's start and then (CKD, say) shows in its results (CLIN-07).
    this.measure.labs(ctx, activeChronic(this.chronic, ctx.start + LAB_RESULT_AFTER_MS))
    this.procedures(ctx)
    this.surgery(ctx, encounter)
    if (hospital) this.hospital.administer(ctx, this.onTheWard(ctx))
    for (const vaccine of [...v.vaccines, ...(v.declined ?? [])]) this.immunization(ctx, vaccine, v.declined?.includes(vaccine))
    if (v.kind === 'diagnosis' && ctx.diagnoses.length) encounter.reasonCode = ctx.diagnoses.map((d) => concept(SYS.snomed, d.code, d.display))
    if (v.kind !== 'immunization') this.note(ctx, type.display)
    if (!hospital) this.last.otherDay = day
    const recorded = this.out.slice(first)
    this.write.provenance(ctx, rng.uuid(), recorded)
    this.out.push(...this.billing.bill(ctx, recorded))
    this.last.end = end
    return end
  }

  /** An elective operation: the reason on the encounter, the implant and the procedure. */
  private surgery(ctx: VisitCtx, encounter: Resource) {
    const op = ctx.visit.surgery
    const joint = op && this.chronic.find((c) => c.def.key === op.condition)
    if (!op || !joint?.conditionId) return
    encounter.reasonCode = [concept(SYS.snomed, joint.def.snomed.code, joint.def.snomed.display)]
    encounter.reasonReference = [ref('Condition', joint.conditionId)]
    this.hospital.jointReplacement(ctx, op, joint.conditionId)
  }

  /** What is given during the visit: its new orders, and on the ward the home medicines too. */
  private onTheWard(ctx: VisitCtx): Order[] {
    const orders: Order[] = [...ctx.orders]
    if (ctx.visit.kind === 'inpatient') for (const [key, m] of this.activeMeds) if (!orders.some((o) => o.id === m.id)) orders.push({ id: m.id, med: this.med(key) })
    return orders
  }

  private recordAllergies(ctx: VisitCtx) {
    for (const a of ALLERGIES) {
      if (!this.rng.chance(a.prevalence)) continue
      const id = this.rng.uuid()
      const reaction = this.rng.pick(a.reactions)
      const onset = this.person.birthMs + this.rng.float(1, Math.max(1.5, ctx.age)) * MS.year
      this.write.allergy(ctx, id, a, reaction, Math.min(onset, ctx.start))
      for (const c of a.avoid ?? []) this.avoidClasses.add(c)
      const substance = { system: a.system === 'rxnorm' ? SYS.rxnorm : SYS.snomed, code: a.code, display: a.display }
      this.allergies.push({ key: a.key, substance, reaction: { code: reaction.code, display: reaction.display }, allergyId: id })
    }
  }

  /** A chronic condition enters the problem list at the first visit after its onset, with its first prescription(s). */
  private recordChronic(ctx: VisitCtx) {
    for (const c of this.chronic) {
      if (c.conditionId || c.onsetMs > ctx.start) continue
      if (ctx.visit.kind === 'immunization') continue
      const id = this.rng.uuid()
      c.conditionId = id
      this.out.push(this.write.condition(ctx, id, c.def, 'problem-list-item', Math.max(c.onsetMs, this.person.birthMs)))
      ctx.diagnoses.push(c.def.snomed)
      this.plans.plan(ctx, c.def, id)
      const meds = c.def.medications.filter((key) => this.allowed(ctx, this.med(key)))
      if (meds.length === 0) continue
      const second = SECOND_MEDICATION_SHARE[c.def.key]
      const count = second !== undefined && this.rng.chance(second) ? 2 : 1
      const chosen = new Set<string>()
      while (chosen.size < Math.min(count, meds.length)) chosen.add(this.rng.pick(meds))
      for (const key of chosen) this.medication(ctx, key, id, 'active')
    }
  }

  private med(key: string): MedicationDef {
    const med = MEDICATIONS[key]
    if (!med) throw new Error(`no medication ${key} in data/medications.ts`)
    return med
  }

  /** A drug may be prescribed when it is on the market, the patient's age is within its range, and no recorded allergy rules out its class. */
  private allowed(ctx: VisitCtx, med: MedicationDef): boolean {
    // The age as the record will show it: authoredOn is written to the second.
    const at = Date.parse(isoDateTime(ctx.start))
    const age = (at - this.person.birthMs) / MS.year
    if (age < med.minAge || (med.maxAge !== undefined && age > med.maxAge)) return false
    if (at < Date.parse(`${med.availableFrom}T00:00:00Z`)) return false
    return !med.classes.some((c) => this.avoidClasses.has(c))
  }

  /** The first option of a therapy the patient may take (THERAPIES), or a plain medication key. */
  private therapy(ctx: VisitCtx, key: string): string | undefined {
    const options = THERAPIES[key] ?? [{ med: key }]
    return options.find((o) => (!o.sex || o.sex === this.person.sex) && this.allowed(ctx, this.med(o.med)))?.med
  }

  private recordAcute(ctx: VisitCtx, def: AcuteCondition) {
    const id = this.rng.uuid()
    const abatement = ctx.start + this.rng.int(def.durationDays[0], def.durationDays[1]) * MS.day
    const resolved = abatement < this.ctx.referenceMs
    // It began after the last visit ended (that visit's note did not hear of it).
    const since = Math.max(0, Math.min(def.sudden ? this.rng.int(1, 6) * MS.hour : this.rng.int(1, 4) * MS.day, ctx.start - this.last.end - MS.minute))
    const condition = this.write.condition(ctx, id, def, 'encounter-diagnosis', Math.max(ctx.start - since, this.person.birthMs))
    if (resolved) Object.assign(condition, { clinicalStatus: concept(SYS.conditionClinical, 'resolved', 'Resolved'), abatementDateTime: isoDateTime(abatement) })
    this.acuteSeen.push({ key: def.key, icd10: def.icd10, conditionId: id, abatementMs: abatement })
    this.visitAcuteId = id
    this.visitAcuteSinceMs = since
    this.out.push(condition)
    ctx.diagnoses.push(def.snomed)
    for (const therapy of def.medications) {
      const key = this.therapy(ctx, therapy)
      if (key) this.medication(ctx, key, id, resolved ? 'completed' : 'active')
    }
  }

  private medication(ctx: VisitCtx, key: string, conditionId: string, status: 'active' | 'completed') {
    const med = this.med(key)
    const id = this.rng.uuid()
    // A course (antibiotics) is dispensed as its sig says, even while it is still being taken;
    // anything else for the usual supply.
    const days = med.course ? med.course.days : SUPPLY_DAYS[status]
    const quantity = med.course ? med.course.quantity : med.dose.value * med.timesPerDay * days
    this.write.medicationRequest(ctx, id, med, conditionId, status, { days, quantity }, status === 'active' ? this.ctx.pool.medications.get(key) : undefined)
    if (status === 'active') this.activeMeds.set(key, { id, display: med.display, conditionId })
    ctx.orders.push({ id, med, conditionId })
  }

  /** Screenings due at wellness visits, conditions' procedures at follow-ups, acute conditions' own. */
  private procedures(ctx: VisitCtx) {
    const keys: string[] = []
    const kind = ctx.visit.kind
    if (kind === 'wellness') {
      for (const s of SCREENINGS) {
        if (ctx.age < s.fromAge || ctx.age > s.toAge || (s.sex && s.sex !== this.person.sex)) continue
        const last = this.screeningsDue.get(s.procedure)
        const due = last === undefined ? this.rng.chance(1 / s.everyYears) : ctx.start - last >= (s.everyYears - 0.1) * MS.year
        if (due) {
          keys.push(s.procedure)
          this.screeningsDue.set(s.procedure, ctx.start)
        } else if (last === undefined) this.screeningsDue.set(s.procedure, ctx.start - this.rng.float(0, s.everyYears - 1) * MS.year)
      }
    }
    if (kind === 'followUp' || kind === 'diagnosis') {
      for (const c of activeChronic(this.chronic, ctx.start)) for (const p of c.def.procedures ?? []) if (!keys.includes(p)) keys.push(p)
      if (this.activeMeds.size > 0) keys.push('medicationReconciliation')
    }
    if (ctx.visit.acute) for (const p of ctx.visit.acute.procedures ?? []) keys.push(p)
    const imaging = ctx.visit.acute && (kind === 'emergency' || kind === 'inpatient') ? HOSPITAL_IMAGING[ctx.visit.acute.key] : undefined
    if (imaging) keys.push(imaging)
    for (const key of keys) {
      const p = PROCEDURES[key]
      if (!p) throw new Error(`no procedure ${key} in data/procedures.ts`)
      const id = this.rng.uuid()
      this.write.procedure(ctx, id, p)
      if (IMAGING[key]) this.hospital.image(ctx, key, id)
    }
  }

  private immunization(ctx: VisitCtx, vaccine: VaccineDef, declined = false) {
    const id = this.rng.uuid()
    const lot = declined ? undefined : `${this.rng.digits(2)}${String.fromCharCode(65 + this.rng.int(0, 25))}${this.rng.digits(4)}`
    this.write.immunization(ctx, id, vaccine, lot)
  }

  private note(ctx: VisitCtx, visitType: string) {
    const id = this.rng.uuid()
    const title = visitType.replace(/ \(procedure\)$/, '')
    const kind = ctx.visit.kind
    if (kind === 'immunization') return
    const ordered = new Set(ctx.orders.map((o) => o.id))
    const acute = ctx.visit.acute
    const note = clinicalNote(
      {
        kind,
        title,
        date: isoDate(ctx.start),
        patientName: `${this.person.given} ${this.person.family}`,
        age: ctx.age,
        ageDays: Math.floor((ctx.start - this.person.birthMs) / MS.day),
        sex: this.person.sex,
        clinician: ctx.clinician.name,
        problems: this.chronic.filter((c) => c.conditionId && c.onsetMs <= ctx.start).map((c) => ({ key: c.def.key, icd10: c.def.icd10, conditionId: c.conditionId as string })),
        diagnosedToday: this.chronic.filter((c) => ctx.diagnoses.includes(c.def.snomed)).map((c) => c.def.key),
        history: this.acuteSeen.filter((h) => isoDate(h.abatementMs) < isoDate(ctx.start)).map((h) => ({ ...h, year: Number(isoDate(h.abatementMs).slice(0, 4)) })),
        ongoing: this.acuteSeen.filter((h) => isoDate(h.abatementMs) >= isoDate(ctx.start)).map((h) => h.icd10.code),
        acute: acute && this.visitAcuteId ? { key: acute.key, icd10: acute.icd10, conditionId: this.visitAcuteId, fever: acute.fever, sinceMs: this.visitAcuteSinceMs } : undefined,
        medications: [...this.activeMeds]
          .filter(([, m]) => !ordered.has(m.id))
          .map(([key, m]) => ({ rxnorm: this.med(key).rxnorm, dosage: this.med(key).dosage, requestId: m.id, conditionId: m.conditionId })),
        newMedications: ctx.orders.map((o) => ({ rxnorm: o.med.rxnorm, dosage: o.med.dosage, requestId: o.id, conditionId: o.conditionId })),
        allergies: this.allergies,
        vitals: this.measure.lastVitals,
        labs: ctx.labs,
        procedures: ctx.procedures,
        family: this.background.family,
        social: this.background.social(ctx.age, ctx.age >= SMOKING.fromAge ? this.smoking : undefined),
        day: this.background.day(ctx.age),
        // By day: visits are made in plan order, and an emergency visit that night may come before a clinic visit that morning.
        hospitalCareSinceLastVisit: this.last.hospitalDays.some((d) => d >= this.last.otherDay && d <= ctx.start - (ctx.start % MS.day)),
      },
      this.background.rng,
    )
    this.write.clinicalNote(ctx, id, kind === 'wellness' ? NOTE_TYPES.wellness : NOTE_TYPES.other, `${title}, ${isoDate(ctx.start)}`, note.text)
    this.notes.push({ note: `DocumentReference/${id}`, encounter: `Encounter/${ctx.encounterId}`, date: isoDate(ctx.start), text: note.text, entities: note.entities })
  }
}
