// Vital signs and laboratory results for one patient: baselines drawn once (so a patient's values
// are consistent across visits), shifted by their conditions' effects, ordered by the care tables.
// Every result is written through the ResourceWriter as it is drawn.
import type { Rng } from '../random.js'
import { ANTHROPOMETRY, CHILD_LABS, CHILD_RATES, LAB_PANELS, LABS, STATURE_BY_AGE, VITAL_DISTRIBUTIONS, VITALS, type LabDef, type ObsCode } from '../data/observations.js'
import { bmiAtZ, bmiForAgePercentile, CHILD_BMI_Z, INFANT_BLEND_FROM_MONTHS, INFANT_GROWTH, infantLmsAt, lmsAt, PEDIATRIC_BMI_AGES } from '../data/growth.js'
import {
  headCircumferenceAt,
  headCircumferencePercentile,
  INFANT_MEASURES,
  onWeightForLengthChart,
  weightForLengthLmsAt,
  weightForLengthPercentile,
} from '../data/growth-infant.js'
import { ACUTE_VISIT_LABS, EGFR_RULES, LAB_REPEAT_DAYS, LAB_STATES, PANEL_ORDER, PANEL_REPEATS_AS, PANEL_UPGRADES, VITAL_RULES, WELLNESS_LABS } from '../data/care.js'
import { SYS } from '../data/systems.js'
import { concept, MS, quantity, round } from '../fhir.js'
import type { ChronicState } from './journey.js'
import { childLab, childRate } from './child-values.js'
import { LAB_RESULT_AFTER_MS, labTurnaround, type ResourceWriter, type VisitCtx } from './resources.js'
import type { NoteMeasure } from './note.js'

/** The spread of a patient's own height factor: as a z-score, (factor − 1) / this is where an infant sits on the length chart. */
const HEIGHT_FACTOR_SD = 0.04

/** How far an infant has moved from the infant charts to the child model: 0 before INFANT_BLEND_FROM_MONTHS, 1 at 24 months. */
const infantBlend = (months: number) => Math.max(0, (months - INFANT_BLEND_FROM_MONTHS) / (24 - INFANT_BLEND_FROM_MONTHS))

export class Measurements {
  private readonly labZ: Record<string, number> = {}
  private readonly vitalZ: Record<string, number> = {}
  private readonly heightFactor: number
  /** Body mass: the adult BMI (kg/m²) and the child's z-score against the CDC 2000 reference, each without and with obesity, and when obesity is diagnosed. */
  private readonly bmi = { lean: 0, obese: 0, childZ: 0, childZObese: 0, obesityOnsetMs: undefined as number | undefined }
  /** When each panel was last resulted: repeat orders within LAB_REPEAT_DAYS are skipped. */
  private readonly lastPanel = new Map<string, number>()
  /** A panel is not repeated within this many days (LAB_REPEAT_DAYS; shorter for high utilizers). */
  labRepeatDays: number = LAB_REPEAT_DAYS
  /** The last visit's vital signs, as its note reports them. */
  lastVitals: NoteMeasure[] = []
  /** An infant's head-circumference and weight-for-length z-scores, each drawn when first needed (so no older patient's draws move). */
  private headZ?: number
  private infantWeightZ?: number

  constructor(
    private readonly rng: Rng,
    private readonly write: ResourceWriter,
    private readonly birthMs: number,
    private readonly female: boolean,
    private readonly referenceMs: number,
  ) {
    // Patient-level baselines, drawn in a fixed order (labs, vitals, body) so values stay stable.
    for (const key of Object.keys(LABS)) this.labZ[key] = rng.normal(0, 1, -2.5, 2.5)
    for (const key of ['systolic', 'diastolic', 'heartRate', 'respRate']) this.vitalZ[key] = rng.normal(0, 1, -2, 2)
    this.heightFactor = rng.normal(1, HEIGHT_FACTOR_SD, 0.9, 1.1)
  }

  /**
   * The body-mass baselines, once the conditions are known: for a child a z-score below the 95th
   * percentile and one at or above it (data/growth.ts), for an adult a BMI under 30 and one of 30
   * or more. With obesity the patient moves from the first to the second over the years before
   * the diagnosis and is there by the day before it.
   */
  setBmiBaseline(obesityOnsetMs: number | undefined): void {
    const z = CHILD_BMI_Z
    const b = this.bmi
    b.childZ = this.rng.truncatedNormal(z.mean, z.sd, z.lean.lo, z.lean.hi)
    b.childZObese = this.rng.truncatedNormal(z.mean, z.sd, z.obese.lo, z.obese.hi)
    const { bmi: lean, bmiObese: obese } = ANTHROPOMETRY
    b.lean = this.rng.normal(lean.mean, lean.sd, lean.min, lean.max)
    b.obese = this.rng.truncatedNormal(obese.mean, obese.sd, obese.min, obese.max)
    b.obesityOnsetMs = obesityOnsetMs
  }

  /** How far along the way to obesity the patient is at an instant: 0 before the rise, 1 from the day before the diagnosis. */
  private obesityShare(ms: number): number {
    const onset = this.bmi.obesityOnsetMs
    if (onset === undefined) return 0
    const to = onset - MS.day
    const from = to - CHILD_BMI_Z.riseYears * MS.year
    return Math.min(1, Math.max(0, (ms - from) / (to - from)))
  }

  /** The child's z-score at an instant: their own, moving to the obese one over the years before a diagnosis. */
  private childZAt(ms: number): number {
    const b = this.bmi
    return b.childZ + this.obesityShare(ms) * (b.childZObese - b.childZ)
  }

  /** The patient's BMI at an instant, before the visit's own variation: the child curve (under 2 its 2-year values, which weightAt blends in from 21 months), then the adult baseline. */
  private bmiAt(ms: number): number {
    const years = (ms - this.birthMs) / MS.year
    const { adultFrom, adultBy } = CHILD_BMI_Z
    const b = this.bmi
    const share = this.obesityShare(ms)
    const child = (y: number) => bmiAtZ(lmsAt(this.female, Math.max(PEDIATRIC_BMI_AGES.from, y) * 12), this.childZAt(this.birthMs + y * MS.year))
    if (years < adultFrom) return child(years)
    const adult = b.lean + share * (b.obese - b.lean)
    // An adult with obesity diagnosed has a BMI of 30 or more, whatever the child curve left.
    if (years >= adultBy || share === 1) return adult
    const f = (years - adultFrom) / (adultBy - adultFrom)
    return child(adultFrom) + f * (adult - child(adultFrom))
  }

  /** The patient's age in (fractional) months at an instant: the infant charts', the child bands' and the rate lines' age. */
  private monthsAt(ms: number): number {
    return ((ms - this.birthMs) / MS.year) * 12
  }

  private z(table: Record<string, number>, key: string): number {
    return table[key] ?? 0
  }

  vitals(ctx: VisitCtx, active: readonly ChronicState[]): void {
    const rng = this.rng
    const d = ctx.age < 18 ? VITAL_DISTRIBUTIONS.child : VITAL_DISTRIBUTIONS.adult
    const months = this.monthsAt(ctx.start)
    const rate = (k: 'heartRate' | 'respRate') => (ctx.age < 18 ? childRate(CHILD_RATES[k], CHILD_RATES.spread[k], months) : VITAL_DISTRIBUTIONS.adult[k])
    const effect = (k: 'systolic' | 'diastolic' | 'spo2') => active.reduce((s, c) => s + (c.def.effects?.[k] ?? 0), 0)
    const full = ctx.visit.kind === 'wellness'
    const acute = ctx.visit.acute !== undefined
    const fever = acute && ctx.visit.acute?.fever === true
    const lines: NoteMeasure[] = []
    const push = (code: ObsCode, value: number) => {
      const obs = this.write.observation(ctx, 'vital-signs', code, { valueQuantity: quantity(value, code.unit, code.decimals) })
      this.write.out.push(obs)
      lines.push({ loinc: code.code, value: String(round(value, code.decimals)), unit: code.unit, observationId: obs.id as string })
    }
    if (ctx.age >= VITAL_RULES.bloodPressureFromAge) {
      const sys = rng.normal(d.systolic[0] + d.systolic[1] * 0.6 * this.z(this.vitalZ, 'systolic') + effect('systolic'), d.systolic[1] * 0.6, 80, 200)
      const dia = rng.normal(d.diastolic[0] + d.diastolic[1] * 0.6 * this.z(this.vitalZ, 'diastolic') + effect('diastolic'), d.diastolic[1] * 0.6, 45, Math.min(125, sys - 20))
      const bp = this.write.observation(ctx, 'vital-signs', VITALS.bpPanel, {
        component: [
          { code: concept(SYS.loinc, VITALS.systolic.code, VITALS.systolic.display), valueQuantity: quantity(sys, 'mm[Hg]', 0) },
          { code: concept(SYS.loinc, VITALS.diastolic.code, VITALS.diastolic.display), valueQuantity: quantity(dia, 'mm[Hg]', 0) },
        ],
      })
      this.write.out.push(bp)
      lines.push({ loinc: VITALS.bpPanel.code, value: `${Math.round(sys)}/${Math.round(dia)}`, unit: 'mm[Hg]', observationId: bp.id as string })
    }
    const hr = rate('heartRate')
    push(
      VITALS.heartRate,
      rng.normal(hr[0] + hr[1] * 0.6 * this.z(this.vitalZ, 'heartRate') + (fever ? VITAL_RULES.feverHeartRateDelta : 0), hr[1] * 0.5, 45, Math.max(160, hr[0] + 3 * hr[1])),
    )
    const lungs = active.some((c) => (VITAL_RULES.lungConditions as readonly string[]).includes(c.def.key))
    const rr = rate('respRate')
    if (full || acute || lungs)
      push(
        VITALS.respRate,
        rng.normal(rr[0] + this.z(this.vitalZ, 'respRate') * rr[1] * 0.5 + (acute ? VITAL_RULES.acuteRespRateDelta : 0), rr[1] * 0.5, 10, Math.max(40, rr[0] + 3 * rr[1])),
      )
    if (full || acute) {
      const [m, s] = fever && rng.chance(VITAL_RULES.feverMeasuredShare) ? VITAL_DISTRIBUTIONS.fever : VITAL_DISTRIBUTIONS.temperature
      push(VITALS.temperature, rng.normal(m, s, 35.5, 40.5))
    }
    if (full || acute || lungs) push(VITALS.spo2, rng.normal(VITAL_DISTRIBUTIONS.spo2[0] + effect('spo2'), VITAL_DISTRIBUTIONS.spo2[1], 85, 100))
    if (full || ctx.visit.kind === 'followUp' || ctx.visit.kind === 'diagnosis') {
      const heightCm = this.stature(ctx.start)
      const grown = ctx.age >= CHILD_BMI_Z.adultFrom
      const n = grown ? ANTHROPOMETRY.noise : CHILD_BMI_Z.noise
      const noise = rng.normal(0, n.sd, -n.max, n.max)
      const weight = this.weightAt(ctx.start, heightCm, noise)
      if (full) push(VITALS.height, heightCm)
      push(VITALS.weight, weight)
      if (full) this.infantMeasures(ctx, heightCm, weight)
      if (ctx.age >= VITAL_RULES.bmiFromAge) {
        // The BMI as recorded (from the recorded weight and height), and for a child its percentile.
        const recorded = round(round(weight, VITALS.weight.decimals) / (round(heightCm, VITALS.height.decimals) / 100) ** 2, VITALS.bmi.decimals)
        push(VITALS.bmi, recorded)
        if (ctx.age < PEDIATRIC_BMI_AGES.to) {
          const percentile = bmiForAgePercentile(this.female, months, recorded)
          this.write.out.push(this.write.observation(ctx, 'vital-signs', VITALS.bmiForAge, { valueQuantity: quantity(percentile, '%', VITALS.bmiForAge.decimals) }))
        }
      }
    }
    this.lastVitals = lines
  }

  /**
   * At an infant's well visit (INFANT_MEASURES): head circumference and its CDC percentile, and
   * the weight-for-length percentile of the weight and length as recorded.
   */
  private infantMeasures(ctx: VisitCtx, lengthCm: number, weightKg: number): void {
    const months = this.monthsAt(ctx.start)
    if (months >= INFANT_MEASURES.headCircumferenceToMonths) return
    const m = INFANT_MEASURES
    this.headZ ??= this.rng.normal(0, 1, m.headZ.lo, m.headZ.hi)
    const noise = this.rng.normal(0, m.headNoiseCm.sd, -m.headNoiseCm.max, m.headNoiseCm.max)
    const head = round(headCircumferenceAt(this.female, months, this.headZ) + noise, VITALS.headCircumference.decimals)
    const vital = (code: ObsCode, value: number) =>
      this.write.out.push(this.write.observation(ctx, 'vital-signs', code, { valueQuantity: quantity(value, code.unit, code.decimals) }))
    vital(VITALS.headCircumference, head)
    vital(VITALS.headCircumferencePercentile, headCircumferencePercentile(this.female, months, head))
    const length = round(lengthCm, VITALS.height.decimals)
    if (months < m.weightForLengthToMonths && onWeightForLengthChart(length))
      vital(VITALS.weightForLength, weightForLengthPercentile(this.female, length, round(weightKg, VITALS.weight.decimals)))
  }

  /**
   * Weight at an instant (kg), with the visit's variation (`noise`, in kg/m²): from 2 years the BMI
   * at that height; under 2, the weight-for-length chart at that length and the infant's own
   * z-score (so a long baby is heavier, as real ones are: drawn from weight-for-age apart from
   * length, a fifth of infants fell below the 5th weight-for-length percentile), moving in a
   * straight line to the BMI's weight from 21 to 24 months.
   */
  private weightAt(ms: number, heightCm: number, noise: number): number {
    const m2 = (heightCm / 100) ** 2
    const byBmi = Math.max(12, this.bmiAt(ms) + noise) * m2
    const months = this.monthsAt(ms)
    if (months >= 24) return byBmi
    const z = INFANT_MEASURES.weightForLengthZ
    this.infantWeightZ ??= this.rng.normal(z.mean, z.sd, z.lo, z.hi)
    const byLength = bmiAtZ(weightForLengthLmsAt(this.female, heightCm), this.infantWeightZ) + noise * m2
    return byLength + infantBlend(months) * (byBmi - byLength)
  }

  /**
   * Height at an age: the stature table interpolated, times the patient's own factor; under 2 the
   * infant length-for-age chart at the z-score that factor stands for, moving in a straight line
   * to the table from 21 to 24 months.
   */
  private stature(ms: number): number {
    const months = this.monthsAt(ms)
    const child = this.tableStature(ms)
    if (months >= 24) return child
    const z = (this.heightFactor - 1) / HEIGHT_FACTOR_SD
    const infant = bmiAtZ(infantLmsAt(this.female ? INFANT_GROWTH.length.female : INFANT_GROWTH.length.male, months), z)
    return infant + infantBlend(months) * (child - infant)
  }

  /** Height from the stature table, interpolated, times the patient's own factor. */
  private tableStature(ms: number): number {
    const years = (ms - this.birthMs) / MS.year
    const col = this.female ? 1 : 2
    const at = (i: number) => STATURE_BY_AGE[i] ?? [0, 0, 0]
    let h = at(STATURE_BY_AGE.length - 1)[col] ?? 0
    for (let i = 1; i < STATURE_BY_AGE.length; i++) {
      const [a1 = 0] = at(i)
      if (years <= a1) {
        const [a0 = 0] = at(i - 1)
        const t = (years - a0) / (a1 - a0)
        const h0 = at(i - 1)[col] ?? 0
        h = h0 + t * ((at(i)[col] ?? 0) - h0)
        break
      }
    }
    return h * this.heightFactor
  }

  /** The panels this visit orders (conditions' follow-up labs, age-based wellness labs, acute-visit labs), each resulted. */
  labs(ctx: VisitCtx, active: readonly ChronicState[]): void {
    const rng = this.rng
    const has = (key: string) => active.some((c) => c.def.key === key)
    const panels = new Set<string>()
    const kind = ctx.visit.kind
    if (kind === 'followUp' || kind === 'diagnosis') for (const c of active) for (const p of c.def.followUpLabs) panels.add(p)
    if (kind === 'wellness' && ctx.age >= 18) {
      for (const rule of WELLNESS_LABS) {
        if (ctx.age < rule.fromAge) continue
        const indicated = rule.conditions.some((c) => ctx.age >= (c.fromAge ?? 0) && has(c.key))
        if (indicated || (rule.chance && ctx.age >= (rule.chance.fromAge ?? 0) && rng.chance(rule.chance.p))) panels.add(rule.panel)
      }
    }
    const acuteRule = ACUTE_VISIT_LABS.find((r) => r.kind === kind)
    if (acuteRule && (acuteRule.share >= 1 || rng.chance(acuteRule.share))) for (const p of acuteRule.panels) panels.add(p)
    for (const u of PANEL_UPGRADES) {
      if (panels.has(u.panel) && ctx.age >= u.fromAge) {
        panels.delete(u.panel)
        panels.add(u.to)
      }
    }
    for (const key of PANEL_ORDER) {
      if (!panels.has(key)) continue
      const repeatKey = PANEL_REPEATS_AS[key] ?? key
      const last = this.lastPanel.get(repeatKey)
      if (last !== undefined && ctx.start - last < this.labRepeatDays * MS.day) continue
      this.lastPanel.set(repeatKey, ctx.start)
      this.panel(ctx, key, has)
    }
  }

  private panel(ctx: VisitCtx, key: string, has: (k: string) => boolean): void {
    const panel = LAB_PANELS[key]
    if (!panel) throw new Error(`no lab panel ${key} in data/observations.ts`)
    const results: string[] = []
    const orderId = this.rng.uuid()
    // The record is as of the reference date (CLIN-20): a panel drawn on its eve, whose results
    // come the next day, is an order still awaiting them, with no report and nothing for the note.
    if (ctx.start + LAB_RESULT_AFTER_MS + labTurnaround(ctx.visit) > this.referenceMs) {
      this.write.serviceRequest(ctx, orderId, 'lab', panel, ctx.start + LAB_RESULT_AFTER_MS, 'active')
      return
    }
    this.write.serviceRequest(ctx, orderId, 'lab', panel, ctx.start + LAB_RESULT_AFTER_MS)
    // eGFR is reported for adults only (CKD-EPI is an adult equation); where it is, creatinine is
    // drawn from the kidney function the patient has, so the two agree with the CKD stage.
    const egfr = ctx.age >= EGFR_RULES.fromAge && panel.labs.includes('egfr') ? this.egfrTarget(ctx.age, has('ckd')) : undefined
    let creatinine = 1
    const texts: NoteMeasure[] = []
    for (const labKey of panel.labs) {
      const def = LABS[labKey]
      if (!def) throw new Error(`no lab ${labKey} in data/observations.ts`)
      if (labKey === 'egfr' && egfr === undefined) continue
      let value: number
      let range = def.range
      if (labKey === 'egfr') value = ckdEpi2021(creatinine, ctx.age, this.female)
      else if (labKey === 'creatinine' && egfr !== undefined) value = creatinineFor(egfr, ctx.age, this.female)
      else if (ctx.age < EGFR_RULES.fromAge && (labKey === 'creatinine' || CHILD_LABS[labKey]))
        ({ value, range } = childLab(labKey, ctx.age, this.monthsAt(ctx.start), this.female, this.z(this.labZ, labKey), this.rng))
      else value = this.labValue(def, has)
      if (labKey === 'creatinine') creatinine = round(value, def.decimals)
      const obs = this.write.observation(ctx, 'laboratory', def, {
        valueQuantity: quantity(value, def.unit, def.decimals),
        interpretation: [interpretation(value, def, range)],
        referenceRange: [referenceRange(def, range)],
      })
      this.write.out.push(obs)
      results.push(obs.id as string)
      texts.push({ loinc: def.code, name: def.short, value: String(round(value, def.decimals)), unit: def.unit, observationId: obs.id as string })
    }
    const reportId = this.rng.uuid()
    this.write.diagnosticReport(ctx, reportId, panel, results, orderId)
    ctx.labs.push({ loinc: panel.code, display: panel.display, reportId, results: texts })
  }

  /** The eGFR a patient's creatinine is drawn to give: within stage 3 (30–59) with CKD, at least 60 without (EGFR_RULES), lower with age. */
  private egfrTarget(age: number, ckd: boolean): number {
    const z = this.z(this.labZ, 'creatinine')
    const r = ckd ? EGFR_RULES.ckd3 : EGFR_RULES.normal
    const mean = r.mean - r.perYearOver40 * Math.max(0, age - 40) - 0.5 * r.sd * z
    return this.rng.normal(mean, r.sd, r.min, r.max)
  }

  /** A result: from the condition's state when one applies (LAB_STATES), else the patient's normal. */
  private labValue(def: LabDef, has: (k: string) => boolean): number {
    const z = this.z(this.labZ, def.key)
    const baseMean = this.female && def.normal.female !== undefined ? def.normal.female : def.normal.mean
    const state = LAB_STATES.map((s) => (has(s.condition) ? def.when?.[s.state] : undefined)).find((s) => s !== undefined)
    if (state) return Math.max(0.1, this.rng.normal(state.mean + 0.5 * state.sd * z, 0.7 * state.sd, state.mean - 3 * state.sd, state.mean + 3 * state.sd))
    return this.rng.normal(baseMean + 0.5 * def.normal.sd * z, 0.6 * def.normal.sd, def.normal.min, def.normal.max)
  }
}

/** CKD-EPI 2021 creatinine equation (Inker et al., N Engl J Med 2021;385:1737), adults. */
export function ckdEpi2021(creatinine: number, age: number, female: boolean): number {
  const k = female ? 0.7 : 0.9
  const a = female ? -0.241 : -0.302
  const r = creatinine / k
  return 142 * Math.min(r, 1) ** a * Math.max(r, 1) ** -1.2 * 0.9938 ** Math.max(age, 18) * (female ? 1.012 : 1)
}

/** The serum creatinine (mg/dL) that gives an eGFR under CKD-EPI 2021: the equation solved for creatinine. */
export function creatinineFor(egfr: number, age: number, female: boolean): number {
  const k = female ? 0.7 : 0.9
  const a = female ? -0.241 : -0.302
  const scale = 142 * 0.9938 ** Math.max(age, 18) * (female ? 1.012 : 1)
  const r = egfr >= scale ? (egfr / scale) ** (1 / a) : (egfr / scale) ** (-1 / 1.2)
  return r * k
}

function interpretation(value: number, def: LabDef, range: LabDef['range']) {
  const v = round(value, def.decimals)
  const code = range.low !== undefined && v < range.low ? 'L' : range.high !== undefined && v > range.high ? 'H' : 'N'
  return concept('http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code, code === 'L' ? 'Low' : code === 'H' ? 'High' : 'Normal')
}

function referenceRange(def: LabDef, range: LabDef['range']) {
  const q = (v: number) => ({ value: v, unit: def.unit, system: SYS.ucum, code: def.unit })
  const r: Record<string, unknown> = {}
  if (range.low !== undefined) r.low = q(range.low)
  if (range.high !== undefined) r.high = q(range.high)
  return r
}
