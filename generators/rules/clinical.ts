// The clinical rules a generated record must keep, checked on its FHIR resources (not on the
// generator's plans), from the same data tables the generator draws from. A test runs them over a
// 10-year, 2,000-patient population; each rule also has a table test with a record that breaks it.
import { ALLERGIES } from '../data/allergies.js'
import { ACUTE_CONDITIONS, CHRONIC_CONDITIONS } from '../data/conditions.js'
import { MARITAL_MIN_AGE } from '../data/demographics.js'
import { VACCINES } from '../data/immunizations.js'
import { MEDICATIONS, type MedicationDef } from '../data/medications.js'
import { EGFR_RULES } from '../data/care.js'
import { bmiForAgePercentile, PEDIATRIC_BMI_AGES } from '../data/growth.js'
import { headCircumferencePercentile, INFANT_MEASURES, onWeightForLengthChart, weightForLengthPercentile } from '../data/growth-infant.js'
import { SYS } from '../data/systems.js'
import { JOINT_REPLACEMENTS, LATERALITY, TARGET_BODY_STRUCTURE } from '../data/hospital.js'
import { PROCEDURES } from '../data/procedures.js'
import { ageAt, MS, type Resource } from '../fhir.js'
import { checkDeath, DEATH_RULES } from './death.js'

export const CLINICAL_RULES = {
  vaccineLicensed: { id: 'CLIN-01', text: 'no immunization before the vaccine was licensed for the patient’s age (data/immunizations.ts eligible)' },
  drugOnMarket: { id: 'CLIN-02', text: 'no prescription before the drug reached the US market (data/medications.ts availableFrom)' },
  drugAge: { id: 'CLIN-03', text: 'no prescription outside the drug’s age range (data/medications.ts minAge, maxAge)' },
  drugAllergy: { id: 'CLIN-04', text: 'no prescription of a drug class a recorded allergy rules out (data/allergies.ts avoid)' },
  onsetAge: { id: 'CLIN-05', text: 'no condition begins before its minimum onset age (data/conditions.ts minOnsetAge) nor, of infancy, from age 2 (firstYears)' },
  maritalAge: { id: 'CLIN-06', text: `nobody under ${MARITAL_MIN_AGE} recorded as ever married (data/demographics.ts MARITAL_MIN_AGE)` },
  egfrStage: { id: 'CLIN-07', text: 'eGFR only for adults, 30–59 with CKD stage 3 and 60 or more without (data/care.ts EGFR_RULES)' },
  afterDeath: {
    id: 'CLIN-09',
    text: 'no care after death: nothing is recorded as happening after Patient.deceasedDateTime, and no visit ends after it (claims and payments may follow)',
  },
  knownCode: { id: 'CLIN-08', text: 'every vaccine and drug is one the rule tables know, so no rule is skipped' },
  withinEncounter: { id: 'CLIN-10', text: 'a dose given, an image taken or a procedure done during an encounter happens within its period' },
  bmiForAge: {
    id: 'CLIN-11',
    text: 'a BMI-for-age percentile is recorded only from 2 to 19 years, beside a BMI of the same encounter, and is the CDC 2000 percentile of that BMI for the age and sex (data/growth.ts)',
  },
  childObesity: { id: 'CLIN-12', text: 'a child with an active obesity diagnosis has a BMI-for-age at or above the 95th percentile (CDC’s definition of obesity in children)' },
  adultObesity: { id: 'CLIN-13', text: 'an adult (20 or over) with an active obesity diagnosis has a BMI of 30 or more (CDC’s definition of obesity in adults)' },
  headCircumference: {
    id: 'CLIN-14',
    text: 'a head circumference percentile is recorded only at the well visits up to 24 months, beside a head circumference of the same encounter, and is the CDC 2000 percentile of it for the age and sex (data/growth-infant.ts)',
  },
  weightForLength: {
    id: 'CLIN-15',
    text: 'a weight-for-length percentile is recorded only at the well visits up to 18 months, beside a weight and a length of the same encounter, and is the CDC 2000 percentile of that weight at that length for the sex (data/growth-infant.ts)',
  },
  jointSide: {
    id: 'CLIN-16',
    text: 'a joint replacement names the joint it replaces (bodySite) and targets one of the patient’s BodyStructures at that joint with one side, right or left, and every claim line for it carries that side’s HCPCS modifier (RT, LT); no side of a joint is replaced twice (data/hospital.ts JOINT_REPLACEMENTS, LATERALITY)',
  },
  orderFirst: {
    id: 'CLIN-17',
    text: 'a report or imaging study follows its order: it is based on one ServiceRequest of the record, of the same encounter, authored no later than the specimen or images were taken; a lab report’s code is its order’s',
  },
  ...DEATH_RULES,
  beforeReference: {
    id: 'CLIN-20',
    text: 'the record is as of the reference date: nothing in it happened after (a visit’s end, a dose, a procedure, a result issued, a note, a claim, a payer’s processing); a claim the payer would process later is still pending, with no ExplanationOfBenefit, and an order whose results would come later is still active, with no report',
  },
} as const

export interface RuleViolation {
  rule: string
  resource: string
  message: string
}

const CKD3 = '433144002'
/** The illnesses of the first two years (bronchiolitis), by SNOMED code. */
const OF_INFANCY = new Map(ACUTE_CONDITIONS.filter((c) => c.firstYears).map((c) => [c.snomed.code, c.key]))
const EGFR = '98979-8'
const OBESITY = '414916001'
const BMI = '39156-5'
const BMI_FOR_AGE = '59576-9'
const HEAD = '9843-4'
const HEAD_PERCENTILE = '8289-1'
const WEIGHT = '29463-7'
const LENGTH = '8302-2'
const WEIGHT_FOR_LENGTH = '77606-2'
/** How far a recorded percentile may sit from the one recomputed (it is rounded to 0.1, and taken minutes into the visit). */
const PERCENTILE_SLACK = 0.2
const DAYS_PER_MONTH = MS.year / 12 / MS.day

type Codings = { coding?: Array<{ system?: string; code?: string }> }
const codeIn = (cc: unknown, system: string): string | undefined => (cc as Codings | undefined)?.coding?.find((c) => c.system === system)?.code
const at = (s: unknown): number => Date.parse(String(s))
const dayOf = (ms: number) => Math.floor(ms / MS.day) * MS.day

/** Checks one patient's record (the Patient and its resources); `referenceMs` is the dataset's reference date, `shared` the shared pool (Medications prescriptions reference). */
export function checkRecord(resources: readonly Resource[], referenceMs: number, shared: readonly Resource[] = []): RuleViolation[] {
  const out: RuleViolation[] = []
  const patient = resources.find((r) => r.resourceType === 'Patient')
  if (!patient) return out
  const birth = at(`${String(patient.birthDate)}T00:00:00Z`)
  const years = (ms: number) => (ms - birth) / MS.year
  const flag = (rule: { id: string }, r: Resource, message: string) => out.push({ rule: rule.id, resource: `${r.resourceType}/${r.id}`, message })

  const marital = codeIn(patient.maritalStatus, SYS.maritalStatus)
  if (years(referenceMs) < MARITAL_MIN_AGE && marital !== undefined && marital !== 'S')
    flag(CLINICAL_RULES.maritalAge, patient, `aged ${Math.floor(years(referenceMs))} and marital status ${marital}`)

  const deceased = patient.deceasedDateTime === undefined ? undefined : at(patient.deceasedDateTime)
  if (deceased !== undefined) {
    for (const r of resources) {
      // A visit is care until it ends: a stay may not outlast the patient.
      const when = r.resourceType === 'Encounter' ? recordedAt(r) : careDate(r)
      if (when !== undefined && when > deceased) flag(CLINICAL_RULES.afterDeath, r, `on ${new Date(when).toISOString()}, after the death on ${String(patient.deceasedDateTime)}`)
    }
  }

  for (const r of resources) {
    const when = recordedAt(r)
    if (when !== undefined && when > referenceMs)
      flag(CLINICAL_RULES.beforeReference, r, `on ${new Date(when).toISOString()}, after the reference date ${new Date(referenceMs).toISOString()}`)
  }

  const periods = new Map<string, { start: number; end: number }>()
  for (const r of resources) {
    const p = r.resourceType === 'Encounter' ? (r.period as { start: string; end?: string }) : undefined
    if (p) periods.set(`Encounter/${r.id}`, { start: at(p.start), end: p.end === undefined ? Infinity : at(p.end) })
  }
  for (const r of resources) {
    const enc = ((r.encounter ?? r.context) as { reference?: string } | undefined)?.reference
    const when = r.resourceType === 'MedicationAdministration' || r.resourceType === 'ImagingStudy' || r.resourceType === 'Procedure' ? careDate(r) : undefined
    const p = enc ? periods.get(enc) : undefined
    if (when !== undefined && p && (when < p.start || when > p.end))
      flag(CLINICAL_RULES.withinEncounter, r, `on ${new Date(when).toISOString()}, outside ${enc} (${new Date(p.start).toISOString()} to ${new Date(p.end).toISOString()})`)
  }

  checkDeath(resources, patient, (rule, r, m) => flag(rule, r, m))
  checkJointSides(resources, (rule, r, m) => flag(rule, r, m))
  checkOrders(resources, (rule, r, m) => flag(rule, r, m))
  checkBmiForAge(resources, patient.gender === 'female', birth, (rule, r, m) => flag(rule, r, m))
  checkInfantGrowth(resources, patient.gender === 'female', birth, (rule, r, m) => flag(rule, r, m))

  const avoid: Array<{ classes: readonly string[]; from: number; what: string }> = []
  const ckdOnsets: number[] = []
  for (const r of resources) {
    if (r.resourceType === 'AllergyIntolerance') {
      const code = codeIn(r.code, SYS.rxnorm) ?? codeIn(r.code, SYS.snomed)
      const def = ALLERGIES.find((a) => a.code === code)
      if (def?.avoid) avoid.push({ classes: def.avoid, from: at(r.onsetDateTime ?? r.recordedDate), what: def.display })
    }
    if (r.resourceType === 'Condition') {
      const code = codeIn(r.code, SYS.snomed)
      if (code === CKD3) ckdOnsets.push(at(r.onsetDateTime))
      const def = CHRONIC_CONDITIONS.find((c) => c.snomed.code === code)
      if (def && years(at(r.onsetDateTime)) < def.minOnsetAge)
        flag(CLINICAL_RULES.onsetAge, r, `${def.key} with onset at ${years(at(r.onsetDateTime)).toFixed(1)} years, before ${def.minOnsetAge}`)
      const infancy = OF_INFANCY.get(code ?? '')
      if (infancy && ageAt(birth, at(r.onsetDateTime)) >= 2) flag(CLINICAL_RULES.onsetAge, r, `${infancy} with onset at ${years(at(r.onsetDateTime)).toFixed(1)} years, from 2`)
    }
  }

  for (const r of resources) {
    if (r.resourceType === 'Immunization') checkImmunization(r, birth, (rule, m) => flag(rule, r, m))
    else if (r.resourceType === 'MedicationRequest' || r.resourceType === 'MedicationAdministration') {
      const target = (r.medicationReference as { reference?: string } | undefined)?.reference
      const medication = target ? [...shared, ...resources].find((x) => `${x.resourceType}/${x.id}` === target) : undefined
      const code = codeIn(r.medicationCodeableConcept ?? medication?.code, SYS.rxnorm)
      const med = Object.values(MEDICATIONS).find((m) => m.rxnorm === code)
      if (!med) {
        flag(CLINICAL_RULES.knownCode, r, `RxNorm ${code} is not in data/medications.ts`)
        continue
      }
      // A dose given is held to the same rules as the order for it.
      const when = at(r.resourceType === 'MedicationRequest' ? r.authoredOn : r.effectiveDateTime)
      checkPrescription(med, when, years(when), avoid, (rule, m) => flag(rule, r, m))
    } else if (r.resourceType === 'Observation' && codeIn(r.code, SYS.loinc) === EGFR) {
      const when = at(r.effectiveDateTime)
      const value = (r.valueQuantity as { value: number }).value
      const ckd = ckdOnsets.some((o) => o <= when)
      if (years(when) < EGFR_RULES.fromAge) flag(CLINICAL_RULES.egfrStage, r, `eGFR reported at ${years(when).toFixed(1)} years`)
      else if (ckd && !(value >= 30 && value < 60)) flag(CLINICAL_RULES.egfrStage, r, `eGFR ${value} with CKD stage 3 recorded`)
      else if (!ckd && value < 60) flag(CLINICAL_RULES.egfrStage, r, `eGFR ${value} without CKD recorded`)
    }
  }
  return out
}

/** CLIN-16 over one record's joint replacements (by procedure code) and the BodyStructures they target. */
function checkJointSides(resources: readonly Resource[], flag: (rule: { id: string }, r: Resource, message: string) => void) {
  const sides = new Set<string>(Object.values(LATERALITY).map((s) => s.code))
  const replaced = new Set<string>()
  for (const r of resources) {
    if (r.resourceType !== 'Procedure') continue
    const op = JOINT_REPLACEMENTS.find((j) => {
      const def = PROCEDURES[j.procedure]
      return def !== undefined && codeIn(r.code, def.system === 'cpt' ? SYS.cpt : SYS.snomed) === def.code
    })
    if (!op) continue
    const sites = ((r.bodySite as Codings[] | undefined) ?? []).map((b) => codeIn(b, SYS.snomed))
    if (sites.length !== 1 || sites[0] !== op.site.code) {
      flag(CLINICAL_RULES.jointSide, r, `${op.procedure} with bodySite ${sites.join(', ') || 'missing'}, not ${op.site.code} (${op.site.display})`)
      continue
    }
    const targets = ((r.extension as Array<{ url?: string; valueReference?: { reference?: string } }> | undefined) ?? []).filter((e) => e.url === TARGET_BODY_STRUCTURE)
    const target = targets.length === 1 ? targets[0]!.valueReference?.reference : undefined
    const body = target ? resources.find((x) => x.resourceType === 'BodyStructure' && `BodyStructure/${x.id}` === target) : undefined
    if (!body) {
      flag(CLINICAL_RULES.jointSide, r, targets.length === 1 ? `targets ${target}, not a BodyStructure of the patient` : `${targets.length} target BodyStructures, not one`)
      continue
    }
    const qualifiers = ((body.locationQualifier as Codings[] | undefined) ?? []).map((q) => codeIn(q, SYS.snomed) ?? '').filter((c) => sides.has(c))
    if (codeIn(body.location, SYS.snomed) !== op.site.code || qualifiers.length !== 1) {
      flag(CLINICAL_RULES.jointSide, r, `targets ${target} at ${codeIn(body.location, SYS.snomed)} with ${qualifiers.length} sides, not ${op.site.code} with one`)
      continue
    }
    const side = Object.values(LATERALITY).find((s) => s.code === qualifiers[0])!
    for (const line of claimLines(resources, `Procedure/${r.id}`)) {
      const modifiers = (line.item.modifier ?? []).map((m) => codeIn(m, SYS.hcpcs))
      if (modifiers.length !== 1 || modifiers[0] !== side.modifier.code)
        flag(
          CLINICAL_RULES.jointSide,
          line.of,
          `line ${line.item.sequence} bills ${op.procedure} on the ${side.word.toLowerCase()} with modifiers ${modifiers.join(', ') || 'none'}, not ${side.modifier.code}`,
        )
    }
    const key = `${op.site.code}/${qualifiers[0]}`
    if (replaced.has(key)) flag(CLINICAL_RULES.jointSide, r, `the ${op.site.word} on side ${qualifiers[0]} replaced a second time`)
    replaced.add(key)
  }
}

/** CLIN-17 over one record's reports and imaging studies and the orders they are based on. */
function checkOrders(resources: readonly Resource[], flag: (rule: { id: string }, r: Resource, message: string) => void) {
  const orders = new Map<string, Resource>()
  for (const r of resources) if (r.resourceType === 'ServiceRequest') orders.set(`ServiceRequest/${r.id}`, r)
  const encounterOf = (r: Resource) => (r.encounter as { reference?: string } | undefined)?.reference
  for (const r of resources) {
    if (r.resourceType !== 'DiagnosticReport' && r.resourceType !== 'ImagingStudy') continue
    const basedOn = ((r.basedOn as Array<{ reference?: string }> | undefined) ?? []).map((b) => b.reference ?? '')
    const order = basedOn.length === 1 ? orders.get(basedOn[0]!) : undefined
    if (!order) {
      flag(CLINICAL_RULES.orderFirst, r, basedOn.length === 1 ? `based on ${basedOn[0]}, not an order in the record` : `based on ${basedOn.length} orders, not one`)
      continue
    }
    const taken = at(r.resourceType === 'DiagnosticReport' ? r.effectiveDateTime : r.started)
    const lab = r.resourceType === 'DiagnosticReport' && codeIn((r.category as unknown[] | undefined)?.[0], SYS.diagnosticServiceSection) === 'LAB'
    if (encounterOf(order) !== encounterOf(r)) flag(CLINICAL_RULES.orderFirst, r, `of ${encounterOf(r)}, its order of ${encounterOf(order)}`)
    else if (!(at(order.authoredOn) <= taken)) flag(CLINICAL_RULES.orderFirst, r, `taken ${new Date(taken).toISOString()}, ordered later (${String(order.authoredOn)})`)
    else if (lab && codeIn(order.code, SYS.loinc) !== codeIn(r.code, SYS.loinc))
      flag(CLINICAL_RULES.orderFirst, r, `reports LOINC ${codeIn(r.code, SYS.loinc)} for an order of ${codeIn(order.code, SYS.loinc)}`)
  }
}

type ClaimItem = { sequence: number; procedureSequence?: number[]; modifier?: Codings[] }
/** The lines of the record's Claims and ExplanationOfBenefits that bill `procedure` (by the claim's procedure sequence). */
function claimLines(resources: readonly Resource[], procedure: string): Array<{ of: Resource; item: ClaimItem }> {
  const out: Array<{ of: Resource; item: ClaimItem }> = []
  for (const c of resources) {
    if (c.resourceType !== 'Claim' && c.resourceType !== 'ExplanationOfBenefit') continue
    const seq = (c.procedure as Array<{ sequence: number; procedureReference?: { reference?: string } }> | undefined)?.find(
      (p) => p.procedureReference?.reference === procedure,
    )?.sequence
    if (seq === undefined) continue
    for (const item of (c.item as ClaimItem[] | undefined) ?? []) if (item.procedureSequence?.includes(seq)) out.push({ of: c, item })
  }
  return out
}

/** CLIN-11, CLIN-12 and CLIN-13 over one record's BMI and BMI-for-age Observations. */
function checkBmiForAge(resources: readonly Resource[], female: boolean, birth: number, flag: (rule: { id: string }, r: Resource, message: string) => void) {
  // Ages as a clinician counts them (2 on the second birthday); the percentile's age in months is exact.
  const age = (ms: number) => ageAt(birth, ms)
  const months = (ms: number) => ((ms - birth) / MS.year) * 12
  const bmiByEncounter = new Map<string, number>()
  const obesitySince: number[] = []
  for (const r of resources) if (r.resourceType === 'Condition' && codeIn(r.code, SYS.snomed) === OBESITY) obesitySince.push(at(r.onsetDateTime))
  for (const r of resources) {
    if (r.resourceType !== 'Observation' || codeIn(r.code, SYS.loinc) !== BMI) continue
    const value = (r.valueQuantity as { value: number }).value
    bmiByEncounter.set(String((r.encounter as { reference?: string } | undefined)?.reference), value)
    const when = at(r.effectiveDateTime)
    if (age(when) >= PEDIATRIC_BMI_AGES.to && obesitySince.some((o) => o <= when) && value < 30)
      flag(CLINICAL_RULES.adultObesity, r, `BMI ${value} at ${age(when)} years with obesity diagnosed`)
  }
  for (const r of resources) {
    if (r.resourceType !== 'Observation' || codeIn(r.code, SYS.loinc) !== BMI_FOR_AGE) continue
    const when = at(r.effectiveDateTime)
    const years = age(when)
    const value = (r.valueQuantity as { value: number }).value
    const bmi = bmiByEncounter.get(String((r.encounter as { reference?: string } | undefined)?.reference))
    if (years < PEDIATRIC_BMI_AGES.from || years >= PEDIATRIC_BMI_AGES.to) flag(CLINICAL_RULES.bmiForAge, r, `BMI-for-age at ${years} years`)
    else if (bmi === undefined) flag(CLINICAL_RULES.bmiForAge, r, 'BMI-for-age without a BMI at the same encounter')
    else {
      const expected = bmiForAgePercentile(female, months(when), bmi)
      if (Math.abs(expected - value) > PERCENTILE_SLACK)
        flag(
          CLINICAL_RULES.bmiForAge,
          r,
          `percentile ${value} for BMI ${bmi} at ${(months(when) / 12).toFixed(1)} years (${female ? 'female' : 'male'}); the CDC reference gives ${expected.toFixed(1)}`,
        )
    }
    if (obesitySince.some((o) => o <= when) && value < 95) flag(CLINICAL_RULES.childObesity, r, `BMI-for-age percentile ${value} at ${years} years with obesity diagnosed`)
  }
}

/** CLIN-14 and CLIN-15 over one record's infant measurements, each percentile against the values recorded at its encounter. */
function checkInfantGrowth(resources: readonly Resource[], female: boolean, birth: number, flag: (rule: { id: string }, r: Resource, message: string) => void) {
  const sex = female ? 'female' : 'male'
  const atEncounter = new Map<string, Map<string, number>>()
  const encounterOf = (r: Resource) => String((r.encounter as { reference?: string } | undefined)?.reference)
  const valueOf = (r: Resource) => (r.valueQuantity as { value: number }).value
  for (const r of resources) {
    if (r.resourceType !== 'Observation') continue
    const loinc = codeIn(r.code, SYS.loinc)
    if (loinc === HEAD || loinc === WEIGHT || loinc === LENGTH) {
      let m = atEncounter.get(encounterOf(r))
      if (!m) atEncounter.set(encounterOf(r), (m = new Map()))
      m.set(loinc, valueOf(r))
    }
  }
  for (const r of resources) {
    const loinc = r.resourceType === 'Observation' ? codeIn(r.code, SYS.loinc) : undefined
    if (loinc !== HEAD_PERCENTILE && loinc !== WEIGHT_FOR_LENGTH) continue
    const months = ((at(r.effectiveDateTime) - birth) / MS.year) * 12
    const value = valueOf(r)
    const seen = atEncounter.get(encounterOf(r))
    if (loinc === HEAD_PERCENTILE) {
      const rule = CLINICAL_RULES.headCircumference
      const head = seen?.get(HEAD)
      if (months >= INFANT_MEASURES.headCircumferenceToMonths) flag(rule, r, `head circumference percentile at ${months.toFixed(1)} months`)
      else if (head === undefined) flag(rule, r, 'head circumference percentile without a head circumference at the same encounter')
      else {
        const expected = headCircumferencePercentile(female, months, head)
        if (Math.abs(expected - value) > PERCENTILE_SLACK)
          flag(rule, r, `percentile ${value} for a head of ${head} cm at ${months.toFixed(1)} months (${sex}); the CDC reference gives ${expected.toFixed(1)}`)
      }
      continue
    }
    const rule = CLINICAL_RULES.weightForLength
    const weight = seen?.get(WEIGHT)
    const length = seen?.get(LENGTH)
    if (months >= INFANT_MEASURES.weightForLengthToMonths) flag(rule, r, `weight-for-length percentile at ${months.toFixed(1)} months`)
    else if (weight === undefined || length === undefined) flag(rule, r, 'weight-for-length percentile without a weight and a length at the same encounter')
    else if (!onWeightForLengthChart(length)) flag(rule, r, `weight-for-length percentile at ${length} cm, outside the chart's rows`)
    else {
      const expected = weightForLengthPercentile(female, length, weight)
      if (Math.abs(expected - value) > PERCENTILE_SLACK)
        flag(rule, r, `percentile ${value} for ${weight} kg at ${length} cm (${sex}); the CDC reference gives ${expected.toFixed(1)}`)
    }
  }
}

/** When a resource entered the record (CLIN-20): a visit's end (its start while in progress), a claim's or payment's creation, a result's issue, else when care happened. */
function recordedAt(r: Resource): number | undefined {
  if (r.resourceType === 'Encounter') return at((r.period as { start: string; end?: string }).end ?? (r.period as { start: string }).start)
  if (r.resourceType === 'Claim' || r.resourceType === 'ExplanationOfBenefit') return at(r.created)
  if (typeof r.issued === 'string') return at(r.issued)
  return careDate(r)
}

/** When a resource says care happened (undefined for what may follow a death: claims, payments, provenance). */
function careDate(r: Resource): number | undefined {
  const v =
    r.resourceType === 'Encounter'
      ? (r.period as { start?: string } | undefined)?.start
      : r.resourceType === 'Procedure'
        ? (r.performedPeriod as { start?: string } | undefined)?.start
        : r.resourceType === 'Observation' || r.resourceType === 'DiagnosticReport'
          ? r.effectiveDateTime
          : r.resourceType === 'MedicationRequest'
            ? r.authoredOn
            : r.resourceType === 'Immunization'
              ? r.occurrenceDateTime
              : r.resourceType === 'DocumentReference'
                ? r.date
                : r.resourceType === 'MedicationAdministration'
                  ? r.effectiveDateTime
                  : r.resourceType === 'ImagingStudy'
                    ? r.started
                    : undefined
  return v === undefined ? undefined : at(v)
}

function checkImmunization(r: Resource, birth: number, flag: (rule: { id: string }, message: string) => void) {
  const cvx = codeIn(r.vaccineCode, SYS.cvx)
  const v = VACCINES.find((x) => x.cvx === cvx)
  if (!v) return flag(CLINICAL_RULES.knownCode, `CVX ${cvx} is not in data/immunizations.ts`)
  const day = dayOf(at(r.occurrenceDateTime))
  const ageDays = (day - birth) / MS.day
  const ok = v.eligible.some((row) => day >= at(`${row.from}T00:00:00Z`) && ageDays >= Math.ceil(row.minMonths * DAYS_PER_MONTH))
  if (!ok) flag(CLINICAL_RULES.vaccineLicensed, `${v.key} on ${new Date(day).toISOString().slice(0, 10)} at ${(ageDays / DAYS_PER_MONTH).toFixed(1)} months`)
}

function checkPrescription(
  med: MedicationDef,
  when: number,
  age: number,
  avoid: ReadonlyArray<{ classes: readonly string[]; from: number; what: string }>,
  flag: (rule: { id: string }, message: string) => void,
) {
  if (when < at(`${med.availableFrom}T00:00:00Z`)) flag(CLINICAL_RULES.drugOnMarket, `${med.display} on ${new Date(when).toISOString().slice(0, 10)}, before ${med.availableFrom}`)
  if (age < med.minAge || (med.maxAge !== undefined && age > med.maxAge)) flag(CLINICAL_RULES.drugAge, `${med.display} at ${age.toFixed(1)} years`)
  for (const a of avoid) {
    const hit = med.classes.find((c) => a.classes.includes(c))
    if (hit && when >= a.from) flag(CLINICAL_RULES.drugAllergy, `${med.display} (${hit}) with a ${a.what} allergy`)
  }
}
