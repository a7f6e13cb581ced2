// One patient's clinical record over the generated window: the visits its conditions, screenings
// and immunizations call for, and the FHIR resources each visit produces. All clinical choices
// come from the tables in data/; this file only interprets them.
import type { Faker } from '@faker-js/faker'
import { deriveSeed, type Rng } from '../random.js'
import type { RngRandomizer } from '../faker-source.js'
import { drawPerson, type Person } from '../population/demographics.js'
import type { Clinician, SharedPool } from '../population/pool.js'
import { ACUTE_CONDITIONS, bandIndex, CHRONIC_CONDITIONS, type AcuteCondition, type ChronicCondition } from '../data/conditions.js'
import { ANTHROPOMETRY, LAB_PANELS, LABS, STATURE_BY_AGE, VITAL_DISTRIBUTIONS, VITALS, type LabDef, type ObsCode } from '../data/observations.js'
import { MEDICATIONS } from '../data/medications.js'
import { VACCINES } from '../data/immunizations.js'
import { ALLERGIES } from '../data/allergies.js'
import { PROCEDURES, SCREENINGS } from '../data/procedures.js'
import { ENCOUNTER_CLASSES, ENCOUNTER_TYPES, INPATIENT, VISIT_MINUTES } from '../data/encounters.js'
import { SYS } from '../data/systems.js'
import { ageAt, coding, concept, isoDate, isoDateTime, isoInstant, MS, quantity, ref, round, sourceIdentifier, type Resource } from '../fhir.js'
import { clinicalNote } from './note.js'

export interface GenContext {
  seed: number
  referenceMs: number
  years: number
  pool: SharedPool
  rng: Rng
  faker: Faker
  randomizer: RngRandomizer
}

export interface PatientRecord {
  index: number
  person: Person
  /** The patient first, then every resource in visit order. */
  resources: Resource[]
}

type VisitKind = 'wellness' | 'followUp' | 'diagnosis' | 'symptom' | 'emergency' | 'inpatient' | 'immunization'

interface Visit {
  ms: number
  kind: VisitKind
  acute?: AcuteCondition
  vaccines: Array<(typeof VACCINES)[number]>
}

interface ChronicState {
  def: ChronicCondition
  onsetMs: number
  conditionId?: string
}

/** A panel is not repeated within this many days (HbA1c every 3–6 months in diabetes: ADA Standards of Care 2024, §6). */
const LAB_REPEAT_DAYS = 150

const KIND_ORDER: Record<VisitKind, number> = { wellness: 0, diagnosis: 1, followUp: 2, symptom: 3, emergency: 4, inpatient: 5, immunization: 6 }

export function generatePatient(ctx: GenContext, index: number): PatientRecord {
  const { rng } = ctx
  rng.reseed(deriveSeed(ctx.seed, index))
  ctx.randomizer.rng = rng
  const person = drawPerson(rng, ctx.faker, index, ctx.referenceMs, (age, r) => primaryCare(ctx.pool, age, r))
  return new RecordBuilder(ctx, index, person).build()
}

function primaryCare(pool: SharedPool, age: number, rng: Rng): Clinician {
  const keys = age < 18 ? ['pediatrics', 'family'] : ['family', 'internal', 'np']
  const options = keys.flatMap((k) => pool.bySpecialty.get(k) ?? [])
  return rng.pick(options)
}

class RecordBuilder {
  private readonly rng: Rng
  private readonly out: Resource[] = []
  private readonly windowStart: number
  private readonly ref: number
  private readonly female: boolean
  private readonly gp: Clinician
  private readonly chronic: ChronicState[] = []
  private readonly labZ: Record<string, number> = {}
  private readonly vitalZ: Record<string, number> = {}
  private readonly heightFactor: number
  private readonly bmiBase: number
  private readonly allergyLines: string[] = []
  private readonly activeMeds = new Map<string, { id: string; display: string }>()
  private readonly screeningsDue = new Map<string, number>()
  /** When each panel was last resulted: repeat orders within LAB_REPEAT_DAYS are skipped. */
  private readonly lastPanel = new Map<string, number>()
  private lastVitals: string[] = []
  private firstVisitDone = false

  constructor(
    private readonly ctx: GenContext,
    private readonly index: number,
    private readonly person: Person,
  ) {
    this.rng = ctx.rng
    this.ref = ctx.referenceMs
    this.windowStart = ctx.referenceMs - ctx.years * MS.year
    this.female = person.sex === 'female'
    const gpRef = (person.resource.generalPractitioner as Array<{ reference: string }>)[0].reference.slice('Practitioner/'.length)
    this.gp = [...ctx.pool.bySpecialty.values()].flat().find((c) => c.practitioner.id === gpRef)!
    // Patient-level baselines, drawn in a fixed order (labs, vitals, body) so values stay stable.
    for (const key of Object.keys(LABS)) this.labZ[key] = this.rng.normal(0, 1, -2.5, 2.5)
    for (const key of ['systolic', 'diastolic', 'heartRate', 'respRate']) this.vitalZ[key] = this.rng.normal(0, 1, -2, 2)
    this.heightFactor = this.rng.normal(1, 0.04, 0.9, 1.1)
    this.decideChronicConditions()
    const obese = this.chronic.some((c) => c.def.key === 'obesity')
    const b = ageAt(person.birthMs, this.ref) < 18 ? ANTHROPOMETRY.childBmi : obese ? ANTHROPOMETRY.bmiObese : ANTHROPOMETRY.bmi
    this.bmiBase = this.rng.normal(b.mean, b.sd, b.min, b.max)
  }

  build(): PatientRecord {
    this.out.push(this.person.resource)
    const visits = this.planVisits()
    for (const visit of visits) this.visit(visit)
    return { index: this.index, person: this.person, resources: this.out }
  }

  private age(ms: number): number {
    return ageAt(this.person.birthMs, ms)
  }

  // ---- who has what -------------------------------------------------------------------------

  private decideChronicConditions() {
    const age = this.age(this.ref)
    const has = new Set<string>()
    for (const def of CHRONIC_CONDITIONS) {
      if (age < def.minOnsetAge) continue
      if (def.key === 'prediabetes' && has.has('diabetes')) continue
      let p = def.prevalence[bandIndex(age)][this.female ? 0 : 1]
      for (const c of def.comorbidity ?? []) if (has.has(c.with)) p *= c.factor
      if (!this.rng.chance(Math.min(p, 0.9))) continue
      has.add(def.key)
      const onsetAge = this.rng.float(def.minOnsetAge, age + 1)
      const onsetMs = Math.min(this.person.birthMs + onsetAge * MS.year, this.ref - MS.day)
      this.chronic.push({ def, onsetMs: Math.floor(onsetMs) })
    }
  }

  private activeChronic(ms: number): ChronicState[] {
    return this.chronic.filter((c) => c.onsetMs <= ms)
  }

  // ---- when the patient is seen ---------------------------------------------------------------

  private planVisits(): Visit[] {
    const rng = this.rng
    const start = Math.max(this.windowStart, this.person.birthMs)
    const visits: Visit[] = []
    const add = (ms: number, kind: VisitKind, acute?: AcuteCondition) => {
      const v: Visit = { ms: Math.floor(ms), kind, acute, vaccines: [] }
      if (ms >= start && ms < this.ref) visits.push(v)
      return v
    }
    // Yearly wellness on a patient-stable day of the year.
    const dayOffset = rng.float(0, 360) * MS.day
    for (let y = 0; y < this.ctx.years + 1; y++) {
      const ms = this.windowStart + y * MS.year + dayOffset
      if (rng.chance(this.age(ms) < 18 ? 0.92 : 0.82)) add(ms, 'wellness')
    }
    // Chronic conditions diagnosed inside the window get their own visit; follow-ups per year.
    for (const c of this.chronic) if (c.onsetMs >= start) add(c.onsetMs, 'diagnosis')
    for (let y = 0; y < this.ctx.years; y++) {
      const from = this.windowStart + y * MS.year
      const active = this.activeChronic(from + MS.year / 2)
      const n = active.reduce((m, c) => Math.max(m, c.def.followUpsPerYear), 0)
      for (let i = 0; i < n; i++) add(from + rng.float(0, 365) * MS.day, 'followUp')
    }
    // Acute episodes: Poisson per year at the age-band incidence.
    for (let y = 0; y < this.ctx.years; y++) {
      const from = this.windowStart + y * MS.year
      const age = this.age(from)
      if (age < 0) continue
      for (const def of ACUTE_CONDITIONS) {
        const episodes = poisson(rng, def.incidence[bandIndex(age)][this.female ? 0 : 1])
        for (let e = 0; e < episodes; e++) {
          const ms = from + rng.float(0, 365) * MS.day
          const emergency = rng.chance(def.emergencyShare)
          const admit = emergency && this.age(ms) >= 60 && this.chronic.length > 0 && rng.chance(INPATIENT.admitShareOver60)
          add(ms, admit ? 'inpatient' : emergency ? 'emergency' : 'symptom', def)
        }
      }
    }
    visits.sort((a, b) => a.ms - b.ms || KIND_ORDER[a.kind] - KIND_ORDER[b.kind])
    this.attachVaccines(visits, start)
    return visits
  }

  /** Puts each dose that falls in the window on a wellness visit near it, or on a visit of its own. */
  private attachVaccines(visits: Visit[], start: number) {
    const rng = this.rng
    const month = MS.year / 12
    const doses: Array<{ ms: number; vaccine: (typeof VACCINES)[number] }> = []
    for (const v of VACCINES) {
      if (v.every === 12) {
        // Seasonal: each autumn, decided per season.
        for (let y = new Date(start).getUTCFullYear(); y <= new Date(this.ref).getUTCFullYear(); y++) {
          const ms = Date.UTC(y, 8, 15) + rng.float(0, 75) * MS.day
          if (ms - this.person.birthMs >= (v.fromMonths ?? 0) * month && rng.chance(v.uptake)) doses.push({ ms, vaccine: v })
        }
        continue
      }
      if (!rng.chance(v.uptake)) continue
      if (v.doses) for (const m of v.doses) doses.push({ ms: this.person.birthMs + m * month + rng.float(0, 20) * MS.day, vaccine: v })
      if (v.every) {
        const phase = rng.float(0, v.every) * month
        for (let m = (v.fromMonths ?? 0) * month + phase; m <= (v.untilMonths ?? 1200) * month; m += v.every * month) {
          doses.push({ ms: this.person.birthMs + m, vaccine: v })
        }
      }
    }
    for (const d of doses) {
      if (d.ms < start || d.ms >= this.ref) continue
      const near = visits.find((v) => v.kind === 'wellness' && Math.abs(v.ms - d.ms) <= 45 * MS.day)
      if (near) near.vaccines.push(d.vaccine)
      else {
        const own: Visit = { ms: Math.floor(d.ms), kind: 'immunization', vaccines: [d.vaccine] }
        const i = visits.findIndex((v) => v.ms > own.ms)
        visits.splice(i < 0 ? visits.length : i, 0, own)
      }
    }
  }

  // ---- what a visit produces ----------------------------------------------------------------

  private visit(v: Visit) {
    const rng = this.rng
    const clinician = v.kind === 'emergency' || v.kind === 'inpatient' ? rng.pick(this.ctx.pool.bySpecialty.get('emergency')!) : this.gp
    const start = v.ms - (v.ms % MS.day) + rng.int(8 * 60, 17 * 60) * MS.minute
    const minutes = VISIT_MINUTES[v.kind === 'diagnosis' || v.kind === 'followUp' ? 'followUp' : v.kind === 'inpatient' ? 'emergency' : v.kind]
    const end = v.kind === 'inpatient' ? start + rng.int(INPATIENT.stayDays[0], INPATIENT.stayDays[1]) * MS.day : start + rng.int(minutes[0], minutes[1]) * MS.minute
    const age = this.age(start)
    const type =
      v.kind === 'wellness' ? (age < 18 ? ENCOUNTER_TYPES.wellChild : ENCOUNTER_TYPES.wellAdult)
      : v.kind === 'followUp' || v.kind === 'diagnosis' ? ENCOUNTER_TYPES.followUp
      : v.kind === 'symptom' ? ENCOUNTER_TYPES.symptom
      : v.kind === 'immunization' ? ENCOUNTER_TYPES.immunization
      : v.kind === 'emergency' ? ENCOUNTER_TYPES.emergency
      : ENCOUNTER_TYPES.inpatient
    const encounterId = rng.uuid()
    const encounter: Resource = {
      resourceType: 'Encounter',
      id: encounterId,
      identifier: [sourceIdentifier(encounterId)],
      status: 'finished',
      class: coding(SYS.actCode, type.class, ENCOUNTER_CLASSES[type.class]),
      type: [concept(SYS.snomed, type.code, type.display)],
      subject: this.patientRef(),
      participant: [
        {
          type: [concept(SYS.participationType, v.kind === 'inpatient' ? 'ATND' : 'PPRF', v.kind === 'inpatient' ? 'attender' : 'primary performer')],
          period: { start: isoDateTime(start), end: isoDateTime(end) },
          individual: ref('Practitioner', clinician.practitioner.id, clinician.name),
        },
      ],
      period: { start: isoDateTime(start), end: isoDateTime(end) },
      location: [{ location: ref('Location', clinician.location.id, clinician.location.name as string) }],
      serviceProvider: ref('Organization', clinician.organization.id, clinician.organization.name as string),
    }
    if (v.acute) encounter.reasonCode = [concept(SYS.snomed, v.acute.snomed.code, v.acute.snomed.display)]
    if (v.kind === 'inpatient') encounter.hospitalization = { dischargeDisposition: concept('http://terminology.hl7.org/CodeSystem/discharge-disposition', 'home', 'Home') }
    this.out.push(encounter)
    const ctx: VisitCtx = { encounterId, start, end, clinician, age, visit: v, diagnoses: [], newMeds: [], labs: [] }

    if (!this.firstVisitDone) {
      this.firstVisitDone = true
      this.recordAllergies(ctx)
    }
    this.recordChronic(ctx)
    if (v.acute) this.recordAcute(ctx, v.acute)
    if (v.kind !== 'immunization') this.vitals(ctx)
    this.labsFor(ctx)
    this.procedures(ctx)
    for (const vaccine of v.vaccines) this.immunization(ctx, vaccine)
    if (v.kind === 'diagnosis' && ctx.diagnoses.length) {
      encounter.reasonCode = ctx.diagnoses.map((d) => concept(SYS.snomed, d.code, d.display))
    }
    if (v.kind !== 'immunization') this.note(ctx, type.display)
  }

  private patientRef() {
    return ref('Patient', this.person.id)
  }

  private encounterRef(ctx: VisitCtx) {
    return ref('Encounter', ctx.encounterId)
  }

  private recordAllergies(ctx: VisitCtx) {
    for (const a of ALLERGIES) {
      if (!this.rng.chance(a.prevalence)) continue
      const id = this.rng.uuid()
      const reaction = this.rng.pick(a.reactions)
      const onset = this.person.birthMs + this.rng.float(1, Math.max(1.5, this.age(ctx.start))) * MS.year
      this.out.push({
        resourceType: 'AllergyIntolerance',
        id,
        identifier: [sourceIdentifier(id)],
        clinicalStatus: concept(SYS.allergyClinical, 'active', 'Active'),
        verificationStatus: concept(SYS.allergyVerification, 'confirmed', 'Confirmed'),
        type: 'allergy',
        category: [a.category],
        criticality: a.criticality,
        code: concept(a.system === 'snomed' ? SYS.snomed : SYS.rxnorm, a.code, a.display),
        patient: this.patientRef(),
        encounter: this.encounterRef(ctx),
        onsetDateTime: isoDate(Math.min(onset, ctx.start)),
        recordedDate: isoDateTime(ctx.start),
        recorder: ref('Practitioner', ctx.clinician.practitioner.id, ctx.clinician.name),
        reaction: [{ manifestation: [concept(SYS.snomed, reaction.code, reaction.display)], severity: reaction.severity }],
      })
      this.allergyLines.push(`${a.display} (${reaction.display.replace(/ \(.*\)$/, '').toLowerCase()})`)
    }
  }

  private recordChronic(ctx: VisitCtx) {
    for (const c of this.chronic) {
      if (c.conditionId || c.onsetMs > ctx.start) continue
      if (ctx.visit.kind === 'immunization') continue
      const id = this.rng.uuid()
      c.conditionId = id
      this.out.push(this.condition(ctx, id, c.def, 'problem-list-item', c.onsetMs))
      ctx.diagnoses.push(c.def.snomed)
      const meds = c.def.medications
      if (meds.length === 0) continue
      const count = c.def.key === 'hypertension' && this.rng.chance(0.35) ? 2 : 1
      const chosen = new Set<string>()
      while (chosen.size < Math.min(count, meds.length)) chosen.add(this.rng.pick(meds))
      for (const key of chosen) this.medication(ctx, key, id, 'active')
    }
  }

  private recordAcute(ctx: VisitCtx, def: AcuteCondition) {
    const id = this.rng.uuid()
    const abatement = ctx.start + this.rng.int(def.durationDays[0], def.durationDays[1]) * MS.day
    const resolved = abatement < this.ref
    const condition = this.condition(ctx, id, def, 'encounter-diagnosis', ctx.start - this.rng.int(1, 4) * MS.day)
    if (resolved) {
      condition.clinicalStatus = concept(SYS.conditionClinical, 'resolved', 'Resolved')
      condition.abatementDateTime = isoDateTime(abatement)
    }
    this.out.push(condition)
    ctx.diagnoses.push(def.snomed)
    for (const key of def.medications) this.medication(ctx, key, id, resolved ? 'completed' : 'active')
  }

  private condition(ctx: VisitCtx, id: string, def: ChronicCondition | AcuteCondition, category: 'problem-list-item' | 'encounter-diagnosis', onsetMs: number): Resource {
    return {
      resourceType: 'Condition',
      id,
      identifier: [sourceIdentifier(id)],
      clinicalStatus: concept(SYS.conditionClinical, 'active', 'Active'),
      verificationStatus: concept(SYS.conditionVerification, 'confirmed', 'Confirmed'),
      category: [concept(category === 'problem-list-item' ? SYS.usCoreConditionCategory : SYS.conditionCategory, category, category === 'problem-list-item' ? 'Problem List Item' : 'Encounter Diagnosis')],
      code: {
        coding: [coding(SYS.snomed, def.snomed.code, def.snomed.display), coding(SYS.icd10cm, def.icd10.code, def.icd10.display)],
        text: def.snomed.display.replace(/ \((disorder|finding)\)$/, ''),
      },
      subject: this.patientRef(),
      encounter: this.encounterRef(ctx),
      onsetDateTime: isoDateTime(Math.max(onsetMs, this.person.birthMs)),
      recordedDate: isoDateTime(ctx.start),
      recorder: ref('Practitioner', ctx.clinician.practitioner.id, ctx.clinician.name),
    }
  }

  private medication(ctx: VisitCtx, key: string, conditionId: string, status: 'active' | 'completed') {
    const med = MEDICATIONS[key]
    const id = this.rng.uuid()
    const days = status === 'active' ? 90 : 10
    this.out.push({
      resourceType: 'MedicationRequest',
      id,
      identifier: [sourceIdentifier(id)],
      status,
      intent: 'order',
      category: [concept(SYS.medreqCategory, 'community', 'Community')],
      medicationCodeableConcept: concept(SYS.rxnorm, med.rxnorm, med.display),
      subject: this.patientRef(),
      encounter: this.encounterRef(ctx),
      authoredOn: isoDateTime(ctx.start),
      requester: ref('Practitioner', ctx.clinician.practitioner.id, ctx.clinician.name),
      reasonReference: [ref('Condition', conditionId)],
      dosageInstruction: [
        {
          sequence: 1,
          text: med.dosage,
          timing: { repeat: { frequency: med.timesPerDay, period: 1, periodUnit: 'd' } },
          asNeededBoolean: Boolean(med.asNeeded),
        },
      ],
      dispenseRequest: {
        numberOfRepeatsAllowed: status === 'active' ? 3 : 0,
        expectedSupplyDuration: { value: days, unit: 'days', system: SYS.ucum, code: 'd' },
      },
    })
    if (status === 'active') this.activeMeds.set(key, { id, display: med.display })
    ctx.newMeds.push(med.display)
  }

  // ---- observations -------------------------------------------------------------------------

  private observation(ctx: VisitCtx, category: 'vital-signs' | 'laboratory', code: ObsCode, extra: Record<string, unknown>): Resource {
    const id = this.rng.uuid()
    const effective = category === 'laboratory' ? ctx.start + 10 * MS.minute : ctx.start + 5 * MS.minute
    const obs: Resource = {
      resourceType: 'Observation',
      id,
      identifier: [sourceIdentifier(id)],
      status: 'final',
      category: [concept(SYS.obsCategory, category, category === 'vital-signs' ? 'Vital Signs' : 'Laboratory')],
      code: concept(SYS.loinc, code.code, code.display),
      subject: this.patientRef(),
      encounter: this.encounterRef(ctx),
      effectiveDateTime: isoDateTime(effective),
      // issued is an instant: labs are resulted the next day, vitals when taken.
      issued: isoInstant(category === 'laboratory' ? effective + 26 * MS.hour : effective),
      ...extra,
    }
    return obs
  }

  private vitals(ctx: VisitCtx) {
    const rng = this.rng
    const child = ctx.age < 18
    const d = child ? VITAL_DISTRIBUTIONS.child : VITAL_DISTRIBUTIONS.adult
    const active = this.activeChronic(ctx.start)
    const effect = (k: 'systolic' | 'diastolic') => active.reduce((s, c) => s + (c.def.effects?.[k] ?? 0), 0)
    const full = ctx.visit.kind === 'wellness'
    const acute = ctx.visit.acute !== undefined
    const lines: string[] = []
    const push = (code: ObsCode, value: number, text: string) => {
      this.out.push(this.observation(ctx, 'vital-signs', code, { valueQuantity: quantity(value, code.unit, code.decimals) }))
      lines.push(`${text} ${round(value, code.decimals)} ${code.unit}`)
    }
    if (ctx.age >= 3) {
      const sys = rng.normal(d.systolic[0] + d.systolic[1] * 0.6 * this.vitalZ.systolic + effect('systolic'), d.systolic[1] * 0.6, 80, 200)
      const dia = rng.normal(d.diastolic[0] + d.diastolic[1] * 0.6 * this.vitalZ.diastolic + effect('diastolic'), d.diastolic[1] * 0.6, 45, Math.min(125, sys - 20))
      this.out.push(
        this.observation(ctx, 'vital-signs', VITALS.bpPanel, {
          component: [
            { code: concept(SYS.loinc, VITALS.systolic.code, VITALS.systolic.display), valueQuantity: quantity(sys, 'mm[Hg]', 0) },
            { code: concept(SYS.loinc, VITALS.diastolic.code, VITALS.diastolic.display), valueQuantity: quantity(dia, 'mm[Hg]', 0) },
          ],
        }),
      )
      lines.push(`BP ${Math.round(sys)}/${Math.round(dia)} mm[Hg]`)
    }
    push(VITALS.heartRate, rng.normal(d.heartRate[0] + d.heartRate[1] * 0.6 * this.vitalZ.heartRate + (acute && ctx.visit.acute?.fever ? 12 : 0), d.heartRate[1] * 0.5, 45, 160), 'HR')
    const lungs = active.some((c) => c.def.key === 'copd' || c.def.key === 'asthma')
    if (full || acute || lungs) push(VITALS.respRate, rng.normal(d.respRate[0] + this.vitalZ.respRate * d.respRate[1] * 0.5 + (acute ? 2 : 0), d.respRate[1] * 0.5, 10, 40), 'RR')
    if (full || acute) {
      const [m, s] = acute && ctx.visit.acute?.fever && rng.chance(0.7) ? VITAL_DISTRIBUTIONS.fever : VITAL_DISTRIBUTIONS.temperature
      push(VITALS.temperature, rng.normal(m, s, 35.5, 40.5), 'Temp')
    }
    if (full || acute || lungs) {
      const drop = active.reduce((s, c) => s + (c.def.effects?.spo2 ?? 0), 0)
      push(VITALS.spo2, rng.normal(VITAL_DISTRIBUTIONS.spo2[0] + drop, VITAL_DISTRIBUTIONS.spo2[1], 85, 100), 'SpO2')
    }
    if (full || ctx.visit.kind === 'followUp' || ctx.visit.kind === 'diagnosis') {
      const heightCm = this.stature(ctx.start)
      const bmi = Math.max(12, this.bmiBase + rng.normal(0, 0.4))
      const weight = bmi * (heightCm / 100) ** 2
      if (full) push(VITALS.height, heightCm, 'Height')
      push(VITALS.weight, weight, 'Weight')
      if (ctx.age >= 2) push(VITALS.bmi, weight / (round(heightCm, 1) / 100) ** 2, 'BMI')
    }
    this.lastVitals = lines
  }

  private stature(ms: number): number {
    const years = (ms - this.person.birthMs) / MS.year
    const col = this.female ? 1 : 2
    let h = STATURE_BY_AGE[STATURE_BY_AGE.length - 1][col]
    for (let i = 1; i < STATURE_BY_AGE.length; i++) {
      const [a1] = STATURE_BY_AGE[i]
      if (years <= a1) {
        const [a0] = STATURE_BY_AGE[i - 1]
        const t = (years - a0) / (a1 - a0)
        h = STATURE_BY_AGE[i - 1][col] + t * (STATURE_BY_AGE[i][col] - STATURE_BY_AGE[i - 1][col])
        break
      }
    }
    return h * this.heightFactor
  }

  /** Which panels this visit orders: conditions' follow-up labs, and age-based wellness labs. */
  private labsFor(ctx: VisitCtx) {
    const rng = this.rng
    const active = this.activeChronic(ctx.start)
    const has = (key: string) => active.some((c) => c.def.key === key)
    const panels = new Set<string>()
    if (ctx.visit.kind === 'followUp' || ctx.visit.kind === 'diagnosis') for (const c of active) for (const p of c.def.followUpLabs) panels.add(p)
    if (ctx.visit.kind === 'wellness' && ctx.age >= 18) {
      if (ctx.age >= 20 && (has('hyperlipidemia') || has('diabetes') || rng.chance(0.25))) panels.add('lipid')
      if (has('diabetes') || has('hypertension') || has('ckd') || rng.chance(0.25)) panels.add('bmp')
      if (has('ckd') || has('copd') || rng.chance(0.15)) panels.add('cbc')
      if (has('diabetes') || has('prediabetes') || (ctx.age >= 35 && has('obesity')) || (ctx.age >= 45 && rng.chance(0.2))) panels.add('hba1c')
    }
    if (ctx.visit.kind === 'inpatient' || (ctx.visit.kind === 'emergency' && rng.chance(0.5))) {
      panels.add('cbc')
      panels.add('bmp')
    }
    if (panels.has('bmp') && ctx.age >= 50) {
      panels.delete('bmp')
      panels.add('cmp')
    }
    for (const key of ['hba1c', 'lipid', 'bmp', 'cmp', 'cbc']) {
      if (!panels.has(key)) continue
      const last = this.lastPanel.get(key === 'cmp' ? 'bmp' : key)
      if (last !== undefined && ctx.start - last < LAB_REPEAT_DAYS * MS.day) continue
      this.lastPanel.set(key === 'cmp' ? 'bmp' : key, ctx.start)
      this.panel(ctx, key, has)
    }
  }

  private panel(ctx: VisitCtx, key: string, has: (k: string) => boolean) {
    const panel = LAB_PANELS[key]
    const results: string[] = []
    let creatinine = 1
    const texts: string[] = []
    for (const labKey of panel.labs) {
      const def = LABS[labKey]
      const value = labKey === 'egfr' ? ckdEpi2021(creatinine, ctx.age, this.female) : this.labValue(def, has)
      if (labKey === 'creatinine') creatinine = value
      const obs = this.observation(ctx, 'laboratory', def, {
        valueQuantity: quantity(value, def.unit, def.decimals),
        interpretation: [interpretation(value, def)],
        referenceRange: [referenceRange(def)],
      })
      this.out.push(obs)
      results.push(obs.id)
      texts.push(`${def.short} ${round(value, def.decimals)} ${def.unit}`)
    }
    const id = this.rng.uuid()
    this.out.push({
      resourceType: 'DiagnosticReport',
      id,
      identifier: [sourceIdentifier(id)],
      status: 'final',
      category: [concept(SYS.diagnosticServiceSection, 'LAB', 'Laboratory')],
      code: concept(SYS.loinc, panel.code, panel.display),
      subject: this.patientRef(),
      encounter: this.encounterRef(ctx),
      effectiveDateTime: isoDateTime(ctx.start + 10 * MS.minute),
      issued: isoInstant(ctx.start + 26 * MS.hour + 10 * MS.minute),
      performer: [ref('Organization', ctx.clinician.organization.id, ctx.clinician.organization.name as string)],
      result: results.map((r) => ref('Observation', r)),
    })
    ctx.labs.push(`${panel.display}: ${texts.join(', ')}`)
  }

  private labValue(def: LabDef, has: (k: string) => boolean): number {
    const z = this.labZ[def.key]
    const baseMean = this.female && def.normal.female !== undefined ? def.normal.female : def.normal.mean
    const state =
      has('diabetes') && def.when?.diabetes ? def.when.diabetes
      : has('prediabetes') && def.when?.prediabetes ? def.when.prediabetes
      : has('hyperlipidemia') && def.when?.lipidsHigh ? def.when.lipidsHigh
      : has('ckd') && def.when?.ckd3 ? def.when.ckd3
      : undefined
    if (state) return Math.max(0.1, this.rng.normal(state.mean + 0.5 * state.sd * z, 0.7 * state.sd, state.mean - 3 * state.sd, state.mean + 3 * state.sd))
    return this.rng.normal(baseMean + 0.5 * def.normal.sd * z, 0.6 * def.normal.sd, def.normal.min, def.normal.max)
  }

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
      for (const c of this.activeChronic(ctx.start)) for (const p of c.def.procedures ?? []) if (!keys.includes(p)) keys.push(p)
      if (this.activeMeds.size > 0) keys.push('medicationReconciliation')
    }
    if (ctx.visit.acute) for (const p of ctx.visit.acute.procedures ?? []) keys.push(p)
    for (const key of keys) {
      const p = PROCEDURES[key]
      const id = this.rng.uuid()
      const start = ctx.start + 15 * MS.minute
      this.out.push({
        resourceType: 'Procedure',
        id,
        identifier: [sourceIdentifier(id)],
        status: 'completed',
        code: concept(SYS.snomed, p.code, p.display),
        subject: this.patientRef(),
        encounter: this.encounterRef(ctx),
        performedPeriod: { start: isoDateTime(start), end: isoDateTime(start + 15 * MS.minute) },
        performer: [{ actor: ref('Practitioner', ctx.clinician.practitioner.id, ctx.clinician.name) }],
        location: ref('Location', ctx.clinician.location.id, ctx.clinician.location.name as string),
      })
    }
  }

  private immunization(ctx: VisitCtx, vaccine: (typeof VACCINES)[number]) {
    const id = this.rng.uuid()
    this.out.push({
      resourceType: 'Immunization',
      id,
      identifier: [sourceIdentifier(id)],
      status: 'completed',
      vaccineCode: concept(SYS.cvx, vaccine.cvx, vaccine.display),
      patient: this.patientRef(),
      encounter: this.encounterRef(ctx),
      occurrenceDateTime: isoDateTime(ctx.start + 20 * MS.minute),
      primarySource: true,
      location: ref('Location', ctx.clinician.location.id, ctx.clinician.location.name as string),
      lotNumber: `${this.rng.digits(2)}${String.fromCharCode(65 + this.rng.int(0, 25))}${this.rng.digits(4)}`,
      performer: [{ actor: ref('Practitioner', ctx.clinician.practitioner.id, ctx.clinician.name) }],
    })
  }

  private note(ctx: VisitCtx, visitType: string) {
    const id = this.rng.uuid()
    const active = this.chronic.filter((c) => c.conditionId && c.onsetMs <= ctx.start).map((c) => c.def.snomed.display.replace(/ \((disorder|finding)\)$/, ''))
    const text = clinicalNote({
      visitType: visitType.replace(/ \(procedure\)$/, ''),
      date: isoDate(ctx.start),
      patientName: `${this.person.given} ${this.person.family}`,
      age: ctx.age,
      sex: this.person.sex,
      clinician: ctx.clinician.name,
      problems: active,
      acute: ctx.visit.acute ? ctx.visit.acute.snomed.display.replace(/ \((disorder|finding)\)$/, '') : undefined,
      medications: [...this.activeMeds.values()].map((m) => m.display),
      newMedications: ctx.newMeds,
      allergies: this.allergyLines,
      vitals: this.lastVitals,
      labs: ctx.labs,
    })
    this.out.push({
      resourceType: 'DocumentReference',
      id,
      identifier: [sourceIdentifier(id)],
      status: 'current',
      type: concept(SYS.loinc, ctx.visit.kind === 'wellness' ? '34117-2' : '11506-3', ctx.visit.kind === 'wellness' ? 'History and physical note' : 'Progress note'),
      category: [concept(SYS.usCoreDocumentReferenceCategory, 'clinical-note', 'Clinical Note')],
      subject: this.patientRef(),
      date: isoInstant(ctx.end),
      author: [ref('Practitioner', ctx.clinician.practitioner.id, ctx.clinician.name)],
      custodian: ref('Organization', ctx.clinician.organization.id, ctx.clinician.organization.name as string),
      content: [
        {
          attachment: {
            contentType: 'text/plain; charset=utf-8',
            language: 'en-US',
            data: Buffer.from(text, 'utf8').toString('base64'),
            title: `${visitType.replace(/ \(procedure\)$/, '')} — ${isoDate(ctx.start)}`,
            creation: isoDateTime(ctx.end),
          },
          format: coding('http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode', 'urn:ihe:iti:xds:2017:mimeTypeSufficient', 'mimeType Sufficient'),
        },
      ],
      context: { encounter: [this.encounterRef(ctx)], period: { start: isoDateTime(ctx.start), end: isoDateTime(ctx.end) } },
    })
  }
}

interface VisitCtx {
  encounterId: string
  start: number
  end: number
  clinician: Clinician
  age: number
  visit: Visit
  diagnoses: Array<{ code: string; display: string }>
  newMeds: string[]
  labs: string[]
}

function poisson(rng: Rng, lambda: number): number {
  const l = Math.exp(-lambda)
  let k = 0
  let p = rng.next()
  while (p > l) {
    k++
    p *= rng.next()
  }
  return k
}

/** CKD-EPI 2021 creatinine equation (Inker et al., N Engl J Med 2021;385:1737), adults. */
export function ckdEpi2021(creatinine: number, age: number, female: boolean): number {
  const k = female ? 0.7 : 0.9
  const a = female ? -0.241 : -0.302
  const r = creatinine / k
  return 142 * Math.min(r, 1) ** a * Math.max(r, 1) ** -1.2 * 0.9938 ** Math.max(age, 18) * (female ? 1.012 : 1)
}

function interpretation(value: number, def: LabDef) {
  const v = round(value, def.decimals)
  const code = def.range.low !== undefined && v < def.range.low ? 'L' : def.range.high !== undefined && v > def.range.high ? 'H' : 'N'
  return concept('http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code, code === 'L' ? 'Low' : code === 'H' ? 'High' : 'Normal')
}

function referenceRange(def: LabDef) {
  const q = (v: number) => ({ value: v, unit: def.unit, system: SYS.ucum, code: def.unit })
  const r: Record<string, unknown> = {}
  if (def.range.low !== undefined) r.low = q(def.range.low)
  if (def.range.high !== undefined) r.high = q(def.range.high)
  return r
}
