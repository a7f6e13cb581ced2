// A patient's journey through the window: which chronic conditions they have and since when, and
// the visits those conditions, acute episodes, wellness care and immunizations call for. Pure
// planning: no FHIR here (resources.ts builds them). The rules come from data/ tables.
import type { Rng } from '../random.js'
import { ACUTE_CONDITIONS, bandIndex, CHRONIC_CONDITIONS, type AcuteCondition, type ChronicCondition } from '../data/conditions.js'
import { VACCINES, type VaccineDef } from '../data/immunizations.js'
import { ADMISSION, MORTALITY, PLACE_OF_DEATH, SUPERSEDED_BY, UTILIZATION, WELL_CHILD_SCHEDULE, WELLNESS_ATTENDANCE } from '../data/care.js'
import { JOINT_REPLACEMENTS, type JointReplacement } from '../data/hospital.js'
import { ageAt, MS } from '../fhir.js'
import { EMERGENCY_ARRIVALS, ENCOUNTER_TYPES, OFFICE_HOURS } from '../data/encounters.js'

export type VisitKind = 'wellness' | 'followUp' | 'diagnosis' | 'symptom' | 'emergency' | 'inpatient' | 'immunization'

export interface Visit {
  ms: number
  kind: VisitKind
  acute?: AcuteCondition
  /** An elective admission for this operation (data/hospital.ts). */
  surgery?: JointReplacement
  vaccines: VaccineDef[]
  /** Seasonal vaccines offered at this (wellness) visit and declined (data/immunizations.ts DECLINED). */
  declined?: VaccineDef[]
  /** The patient dies at the end of this (emergency) visit, of this cause (PLACE_OF_DEATH). */
  died?: { code: string; display: string }
}

export interface ChronicState {
  def: ChronicCondition
  onsetMs: number
  conditionId?: string
}

/** Who the journey is planned for. */
export interface JourneySubject {
  birthMs: number
  female: boolean
  /** The reference date (end of the window), ms. */
  refMs: number
  windowStart: number
  years: number
}

const KIND_ORDER: Record<VisitKind, number> = { wellness: 0, diagnosis: 1, followUp: 2, symptom: 3, emergency: 4, inpatient: 5, immunization: 6 }

/** The chronic conditions present by the reference date, each with an onset (prevalence by age band and sex, comorbidity factors). */
export function decideChronicConditions(rng: Rng, p: JourneySubject): ChronicState[] {
  const age = ageAt(p.birthMs, p.refMs)
  const exactAge = (p.refMs - p.birthMs) / MS.year
  const has = new Set<string>()
  const out: ChronicState[] = []
  for (const def of CHRONIC_CONDITIONS) {
    if (age < def.minOnsetAge) continue
    if ((SUPERSEDED_BY[def.key] ?? []).some((k) => has.has(k))) continue
    let chance = calibratedChance(def, age < (def.childRatesUntil ?? 0) ? 0 : bandIndex(age), p.female ? 0 : 1)
    for (const c of def.comorbidity ?? []) if (has.has(c.with)) chance *= c.factor
    if (!rng.chance(Math.min(chance, 0.9))) continue
    has.add(def.key)
    // A hundredth of a year above the minimum keeps second-rounded dates on the right side of it.
    const onsetAge = rng.truncatedNormal(def.onset.mean, def.onset.sd, def.minOnsetAge + 0.01, Math.max(def.minOnsetAge + 0.01, exactAge))
    const onsetMs = Math.min(p.birthMs + onsetAge * MS.year, p.refMs - MS.day)
    out.push({ def, onsetMs: Math.floor(onsetMs) })
  }
  return out
}

const calibrated = new Map<string, number>()

/**
 * The chance to draw a condition with, so that after the comorbidity factors the population still
 * has the table's prevalence: the table rate divided by the expected factor, 1 + p(f − 1) for each
 * comorbid condition at its own table rate (taken as independent), and by the share not excluded
 * by a superseding condition.
 */
export function calibratedChance(def: ChronicCondition, band: number, sex: 0 | 1): number {
  const key = `${def.key}|${band}|${sex}`
  const known = calibrated.get(key)
  if (known !== undefined) return known
  const rate = (d: ChronicCondition) => d.prevalence[band]?.[sex] ?? 0
  const byKey = (k: string) => CHRONIC_CONDITIONS.find((d) => d.key === k)
  let expected = 1
  for (const c of def.comorbidity ?? []) {
    const other = byKey(c.with)
    if (other) expected *= 1 + rate(other) * (c.factor - 1)
  }
  for (const k of SUPERSEDED_BY[def.key] ?? []) {
    const other = byKey(k)
    if (other) expected *= 1 - rate(other)
  }
  const chance = expected > 0 ? rate(def) / expected : 0
  calibrated.set(key, chance)
  return chance
}

/** How much care this patient uses (UTILIZATION): a rate factor with mean 1, and whether they are a high utilizer. */
export interface Utilization {
  factor: number
  high: boolean
}

export function decideUtilization(rng: Rng, chronic: readonly ChronicState[]): Utilization {
  const s = UTILIZATION.sigma
  const factor = Math.exp(rng.normal(-(s * s) / 2, s))
  const high = chronic.length >= UTILIZATION.highMinChronic && rng.chance(UTILIZATION.highShare)
  return { factor, high }
}

/** A death in the window: its day's late evening (ms; a death in hospital comes earlier that day, at the end of the visit), and whether in hospital (PLACE_OF_DEATH). */
export interface DeathPlan {
  ms: number
  inHospital: boolean
}

/** When the patient dies inside the window, if they do (MORTALITY, year by year), and where. */
export function decideDeath(rng: Rng, p: JourneySubject): DeathPlan | undefined {
  const start = Math.max(p.windowStart, p.birthMs)
  for (let from = start; from < p.refMs; from += MS.year) {
    const q = MORTALITY.find((m) => ageAt(p.birthMs, from) <= m.toAge)?.q ?? 0
    if (!rng.chance(q)) continue
    const day = Math.floor((from + rng.float(0, 365) * MS.day) / MS.day) * MS.day
    // Not before the first day of the window nor on the reference date itself.
    if (day + MS.day >= p.refMs || day < start) return undefined
    return { ms: day + 23 * MS.hour + 30 * MS.minute, inHospital: rng.chance(PLACE_OF_DEATH.hospital) }
  }
  return undefined
}

export function activeChronic(chronic: readonly ChronicState[], ms: number): ChronicState[] {
  return chronic.filter((c) => c.onsetMs <= ms)
}

/** Episodes of an acute condition per person-year at an age (whole years): its band's incidence, times its factor under 2, or an illness of infancy's own rate. */
function acuteRate(def: AcuteCondition, age: number, female: boolean): number {
  if (def.firstYears) return def.firstYears[age]?.[female ? 0 : 1] ?? 0
  return def.incidence[bandIndex(age)]![female ? 0 : 1] * (age < 2 ? (def.underTwoFactor ?? 1) : 1)
}

/** Every visit in the window, in order: wellness, diagnoses, follow-ups, acute episodes, vaccine doses. */
export function planVisits(rng: Rng, p: JourneySubject, chronic: readonly ChronicState[], use: Utilization): Visit[] {
  const age = (ms: number) => ageAt(p.birthMs, ms)
  const start = Math.max(p.windowStart, p.birthMs)
  const visits: Visit[] = []
  const add = (ms: number, kind: VisitKind, acute?: AcuteCondition) => {
    const v: Visit = { ms: Math.floor(ms), kind, acute, vaccines: [] }
    if (ms >= start && ms < p.refMs) visits.push(v)
    return v
  }
  // Yearly wellness on a patient-stable day of the year.
  const dayOffset = rng.float(0, 360) * MS.day
  const yearlyFrom = p.birthMs + (WELL_CHILD_SCHEDULE.yearlyFromMonths * MS.year) / 12
  for (let y = 0; y < p.years + 1; y++) {
    const ms = p.windowStart + y * MS.year + dayOffset
    if (rng.chance(age(ms) < 18 ? WELLNESS_ATTENDANCE.child : WELLNESS_ATTENDANCE.adult) && ms >= yearlyFrom) add(ms, 'wellness')
  }
  // Before that, the well-child schedule by age (drawn only for visits in the window, so older patients' draws stay as they were).
  for (const months of WELL_CHILD_SCHEDULE.months) {
    const ms = p.birthMs + (months * MS.year) / 12
    if (ms >= start && ms < p.refMs && rng.chance(WELLNESS_ATTENDANCE.child)) add(ms, 'wellness')
  }
  // Chronic conditions diagnosed inside the window get their own visit; follow-ups per year.
  for (const c of chronic) if (c.onsetMs >= start) add(c.onsetMs, 'diagnosis')
  for (let y = 0; y < p.years; y++) {
    const from = p.windowStart + y * MS.year
    const active = activeChronic(chronic, from + MS.year / 2)
    const base = active.reduce((m, c) => Math.max(m, c.def.followUpsPerYear), 0)
    const n = use.high && active.length > 0 ? UTILIZATION.highFollowUpsPerYear : poisson(rng, base * use.factor)
    for (let i = 0; i < n; i++) add(from + rng.float(0, 365) * MS.day, 'followUp')
  }
  // Acute episodes: Poisson per year at the age-band incidence (times the condition's factor
  // before the second birthday), over the part of the year lived: a baby born in the window falls
  // ill from its birth year on.
  for (let y = 0; y < p.years; y++) {
    const from = p.windowStart + y * MS.year
    const lived = Math.max(from, p.birthMs)
    const share = (from + MS.year - lived) / MS.year
    if (share <= 0) continue
    const a = age(lived)
    for (const def of ACUTE_CONDITIONS) {
      const infancy = def.firstYears !== undefined
      const lambda = infancy ? (a < 2 ? acuteRate(def, 0, p.female) : 0) : acuteRate(def, a, p.female)
      const episodes = poisson(rng, lambda * share * use.factor)
      for (let e = 0; e < episodes; e++) {
        const ms = lived + rng.float(0, 365 * share) * MS.day
        // An illness of infancy, drawn at its first year's rate, is kept at the rate of the age it falls at: none from the second birthday.
        if (infancy && !rng.chance(acuteRate(def, age(ms), p.female) / lambda)) continue
        const emergency = rng.chance(def.emergencyShare)
        const admit = emergency && rng.chance(admissionShare(age(ms), chronic.length) * (def.admissionFactor ?? 1))
        add(ms, admit ? 'inpatient' : emergency ? 'emergency' : 'symptom', def)
      }
    }
  }
  // Knee and hip osteoarthritis: a joint replacement, at most one each, at the yearly rate from its age.
  for (const op of JOINT_REPLACEMENTS) {
    const joint = chronic.find((c) => c.def.key === op.condition)
    for (let y = 0; joint && y < p.years; y++) {
      const ms = p.windowStart + y * MS.year + rng.float(0, 365) * MS.day
      if (ms <= joint.onsetMs + MS.year || age(ms) < op.fromAge || !rng.chance(op.perYear)) continue
      add(ms, 'inpatient').surgery = op
      break
    }
  }
  visits.sort((a, b) => a.ms - b.ms || KIND_ORDER[a.kind] - KIND_ORDER[b.kind])
  attachVaccines(rng, p, visits, start)
  return visits
}

/** The first moment a vaccine may be given to a patient: the earliest licensure row whose date and minimum age (in days) have both passed. */
export function firstEligible(v: VaccineDef, birthMs: number): number {
  let first = Infinity
  for (const row of v.eligible) first = Math.min(first, Math.max(Date.parse(`${row.from}T00:00:00Z`), birthMs + Math.ceil((row.minMonths * MS.year) / 12 / MS.day) * MS.day))
  return first
}

/**
 * Puts each dose that falls in the window on a wellness visit near it, or on a visit of its own.
 * No dose is given before the vaccine was licensed for the patient's age: a scheduled dose before
 * that is dropped, or moved after it when the vaccine is given as catch-up.
 */
function attachVaccines(rng: Rng, p: JourneySubject, visits: Visit[], start: number) {
  const month = MS.year / 12
  const doses: Array<{ ms: number; vaccine: VaccineDef }> = []
  const declined: Array<{ ms: number; vaccine: VaccineDef }> = []
  for (const v of VACCINES) {
    const eligibleFrom = firstEligible(v, p.birthMs)
    const planned: number[] = []
    if (v.every === 12) {
      // Seasonal: each autumn, decided per season.
      for (let y = new Date(start).getUTCFullYear(); y <= new Date(p.refMs).getUTCFullYear(); y++) {
        const ms = Date.UTC(y, 8, 15) + rng.float(0, 75) * MS.day
        if (ms - p.birthMs < (v.fromMonths ?? 0) * month) continue
        if (rng.chance(v.uptake)) planned.push(ms)
        else if (ms >= eligibleFrom) declined.push({ ms, vaccine: v })
      }
    } else {
      if (!rng.chance(v.uptake)) continue
      if (v.doses) for (const m of v.doses) planned.push(p.birthMs + m * month + rng.float(0, 20) * MS.day)
      if (v.every) {
        const phase = rng.float(0, v.every) * month
        for (let m = (v.fromMonths ?? 0) * month + phase; m <= (v.untilMonths ?? 1200) * month; m += v.every * month) planned.push(p.birthMs + m)
      }
      const first = planned[0]
      if (v.catchUpUntilMonths !== undefined && first !== undefined && first < eligibleFrom) {
        const shift = eligibleFrom - first + rng.float(0, 730) * MS.day
        for (let i = 0; i < planned.length; i++) planned[i] = (planned[i] ?? 0) + shift
        const limit = p.birthMs + v.catchUpUntilMonths * month
        for (let i = planned.length - 1; i >= 0; i--) if ((planned[i] ?? 0) >= limit) planned.splice(i, 1)
      }
    }
    for (const ms of planned) if (ms >= eligibleFrom) doses.push({ ms, vaccine: v })
  }
  for (const d of doses) {
    if (d.ms < start || d.ms >= p.refMs) continue
    const from = firstEligible(d.vaccine, p.birthMs)
    const near = visits.find((v) => v.kind === 'wellness' && Math.abs(v.ms - d.ms) <= 45 * MS.day && v.ms >= from)
    if (near) near.vaccines.push(d.vaccine)
    else {
      const own: Visit = { ms: Math.floor(d.ms), kind: 'immunization', vaccines: [d.vaccine] }
      const i = visits.findIndex((v) => v.ms > own.ms)
      visits.splice(i < 0 ? visits.length : i, 0, own)
    }
  }
  // A season without the vaccine: declined where a wellness visit near it, once the season's
  // vaccine is out (September), offered it.
  for (const d of declined) {
    if (d.ms < start || d.ms >= p.refMs) continue
    const from = Math.max(firstEligible(d.vaccine, p.birthMs), Date.UTC(new Date(d.ms).getUTCFullYear(), 8, 1))
    const near = visits.find((v) => v.kind === 'wellness' && Math.abs(v.ms - d.ms) <= 45 * MS.day && v.ms >= from)
    if (near) (near.declined ??= []).push(d.vaccine)
  }
}

/** The chance an emergency visit ends in admission (ADMISSION). */
function admissionShare(age: number, chronicCount: number): number {
  const base = ADMISSION.byAge.find((b) => age <= b.toAge)?.share ?? 0
  return Math.min(1, base * (chronicCount >= 2 ? ADMISSION.multimorbidFactor : 1))
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

/**
 * When on its day a visit begins, in minutes: an emergency visit or an admission through the
 * department at any hour (EMERGENCY_ARRIVALS), except on the reference date's eve, when it keeps
 * to office hours so that it and what follows it (a report three hours after an image) are over by
 * midnight; everything else, and a visit a death ends, in office hours.
 */
export function startMinute(rng: Rng, v: Visit, eve: boolean): number {
  const urgent = (v.kind === 'emergency' && !v.died) || (v.kind === 'inpatient' && !v.surgery)
  if (!urgent || eve) return rng.int(OFFICE_HOURS[0], OFFICE_HOURS[1])
  const shift = rng.weighted(EMERGENCY_ARRIVALS, (s) => s.share)
  return (shift.from + rng.int(0, shift.minutes - 1)) % (24 * 60)
}

/**
 * When a visit planned to end at `drawn` ends in the record: a stay ends by the day before a death
 * (deaths on the ward are not modelled), and one still going on at the reference date is in
 * progress, recorded up to the minute before it.
 */
export function visitEnd(v: Visit, drawn: number, deathMs: number | undefined, refMs: number): { end: number; inProgress: boolean } {
  const end = Math.min(drawn, deathMs !== undefined && v.kind === 'inpatient' ? deathMs - MS.day : Infinity, refMs - MS.minute)
  return { end, inProgress: drawn > refMs }
}

/** The encounter type each kind of visit is recorded as. */
export function encounterType(v: Visit, age: number) {
  switch (v.kind) {
    case 'wellness':
      return age < 18 ? ENCOUNTER_TYPES.wellChild : ENCOUNTER_TYPES.wellAdult
    case 'followUp':
    case 'diagnosis':
      return ENCOUNTER_TYPES.followUp
    default:
      return ENCOUNTER_TYPES[v.kind]
  }
}
