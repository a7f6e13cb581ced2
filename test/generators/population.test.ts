// The population a clinical-informatics engineer would check before trusting it: a 10-year,
// 2,000-patient run breaks no clinical rule (generators/rules/clinical.ts), and the 13 chronic
// conditions are as common among its adults as the cited US rates say (±25 %).
import t from 'tap'
import { Rng } from '../../generators/random.js'
import { makeFaker } from '../../generators/faker-source.js'
import { buildPool } from '../../generators/population/pool.js'
import { generatePatient } from '../../generators/clinical/record.js'
import { checkRecord, CLINICAL_RULES, type RuleViolation } from '../../generators/rules/clinical.js'
import { CHRONIC_CONDITIONS } from '../../generators/data/conditions.js'
import { SYS } from '../../generators/data/systems.js'
import { MS, type Resource } from '../../generators/fhir.js'
import { deviceType, findAnchor, sharedResources } from '../../generators/chunk.js'
import { buildQueries } from '../../generators/ground-truth.js'
import { JOINT_REPLACEMENTS, LATERALITY } from '../../generators/data/hospital.js'
import { PROCEDURES } from '../../generators/data/procedures.js'

const PATIENTS = 2000
const SEED = 2026
const referenceMs = Date.parse('2025-01-01T00:00:00Z')

type Codings = { coding?: Array<{ system?: string; code?: string }> }
const code = (cc: unknown, system: string) => (cc as Codings | undefined)?.coding?.find((c) => c.system === system)?.code

const rng = new Rng(SEED)
const { faker, randomizer } = makeFaker(rng)
const ctx = { seed: SEED, referenceMs, years: 10, pool: buildPool(SEED, PATIENTS), rng, faker, randomizer }
type PatientRecord = ReturnType<typeof generatePatient>

// GEN-POP-01's tallies.
const violations: RuleViolation[] = []
const shared = sharedResources(ctx.pool)
const anchor = findAnchor({ seed: SEED, referenceMs, years: 10, totalPatients: PATIENTS }, ctx.pool)
const queries = buildQueries(anchor, referenceMs)
// Queries on the shared pool have their matches there, written once with it.
const truth = new Map(queries.map((q) => [q.name, q.pool ? q.pool(ctx.pool).match.length : 0]))
const withCondition = new Map<string, number>()
let adults = 0
// What the rules are about must occur, or a clean result says nothing.
const sizes: number[] = []
const types = new Set<string>()
const billing = { eob: 0, linked: 0, coveredVisits: 0 }
let inpatient = 0
let deaths = 0
const smoking = { recorded: 0, current: 0 }
let causes = 0
/** Body mass at each patient's last measurement: adults (20 and over at the reference date) by BMI, children (2–17) by BMI-for-age. */
const bodyMass = { adults: 0, obese: 0, severe: 0, children: 0, childObese: 0 }
/** Infants' weights (kg) and lengths (cm) as recorded, by age band in months: [from, to). */
const INFANT_BANDS = [
  [0, 1],
  [1, 3],
  [3, 9],
  [9, 15],
  [15, 24],
] as const
const infants = INFANT_BANDS.map(() => ({ weight: [] as number[], length: [] as number[] }))
/** Infants' head circumference and weight-for-length percentiles as recorded, and the well-child visits in the first three years of those born inside the window at least three years before its end. */
const infantGrowth = { head: [] as number[], weightForLength: [] as number[], wellVisits: [] as number[] }
const seen = { covidDoses: 0, covidEarliest: Infinity, zosterDoses: 0, penicillinAllergicTreated: 0, ckdEgfr: 0, egfr: 0, minorsMarried: 0, adultsMarried: 0 }

function tally01(rec: PatientRecord) {
  sizes.push(rec.resources.length)
  for (const q of queries) truth.set(q.name, (truth.get(q.name) ?? 0) + q.match(rec).length)
  if (rec.person.resource.deceasedDateTime !== undefined) deaths++
  const status = rec.resources.filter((r) => r.resourceType === 'Observation' && code(r.code, SYS.loinc) === '72166-2').pop()
  if (status) {
    smoking.recorded++
    if (code(status.valueCodeableConcept, SYS.snomed) === '449868002') smoking.current++
  }
  if (rec.resources.some((r) => r.resourceType === 'Observation' && code(r.code, SYS.loinc) === '69453-9')) causes++
  const lastOf = (loinc: string) =>
    (rec.resources.filter((r) => r.resourceType === 'Observation' && code(r.code, SYS.loinc) === loinc).pop()?.valueQuantity as { value: number } | undefined)?.value
  const age = (referenceMs - Date.parse(`${String(rec.person.resource.birthDate)}T00:00:00Z`)) / MS.year
  const bmi = lastOf('39156-5')
  const percentile = lastOf('59576-9')
  if (age >= 20 && bmi !== undefined) {
    bodyMass.adults++
    if (bmi >= 30) bodyMass.obese++
    if (bmi >= 40) bodyMass.severe++
  } else if (age >= 2 && age < 18 && percentile !== undefined) {
    bodyMass.children++
    if (percentile >= 95) bodyMass.childObese++
  }
  const birthMs = Date.parse(`${String(rec.person.resource.birthDate)}T00:00:00Z`)
  for (const r of rec.resources) {
    if (r.resourceType !== 'Observation') continue
    const loinc = code(r.code, SYS.loinc)
    if (loinc === '8289-1' || loinc === '77606-2') infantGrowth[loinc === '8289-1' ? 'head' : 'weightForLength'].push((r.valueQuantity as { value: number }).value)
    if (loinc !== '29463-7' && loinc !== '8302-2') continue
    const months = ((Date.parse(String(r.effectiveDateTime)) - birthMs) / MS.year) * 12
    const band = INFANT_BANDS.findIndex(([from, to]) => months >= from && months < to)
    if (band >= 0) infants[band]![loinc === '29463-7' ? 'weight' : 'length'].push((r.valueQuantity as { value: number }).value)
  }
  if (birthMs >= referenceMs - 10 * MS.year && birthMs <= referenceMs - 3 * MS.year) {
    const wellChild = (r: Resource) => r.resourceType === 'Encounter' && code((r.type as unknown[] | undefined)?.[0], SYS.snomed) === '410620009'
    const start = (r: Resource) => Date.parse(String((r.period as { start: string }).start))
    infantGrowth.wellVisits.push(rec.resources.filter((r) => wellChild(r) && start(r) < birthMs + 37 * (MS.year / 12)).length)
  }
  // The billing graph: EOB → Claim → Encounter → Patient, all in the patient's own record.
  const byKey = new Map(rec.resources.map((r) => [`${r.resourceType}/${r.id}`, r]))
  for (const r of rec.resources as Resource[]) {
    types.add(r.resourceType)
    if (r.resourceType !== 'ExplanationOfBenefit') continue
    billing.eob++
    const claim = byKey.get((r.claim as { reference: string }).reference)
    const item = (claim?.item as Array<{ encounter?: Array<{ reference: string }> }> | undefined)?.[0]
    const encounter = byKey.get(item?.encounter?.[0]?.reference ?? '')
    const coverage = byKey.get((r.insurance as Array<{ coverage: { reference: string } }>)[0]?.coverage.reference ?? '')
    if (encounter && (encounter.subject as { reference: string }).reference === `Patient/${rec.person.id}` && coverage) billing.linked++
  }
  violations.push(...checkRecord(rec.resources, referenceMs, shared))
  const birth = Date.parse(`${String(rec.person.resource.birthDate)}T00:00:00Z`)
  const adult = (referenceMs - birth) / MS.year >= 18
  const marital = code(rec.person.resource.maritalStatus, SYS.maritalStatus)
  if (adult) {
    adults++
    if (marital !== 'S') seen.adultsMarried++
  } else if (marital !== 'S') seen.minorsMarried++
  const conditions = new Set<string>()
  let penicillin = false
  for (const r of rec.resources as Resource[]) {
    if (r.resourceType === 'Condition') conditions.add(code(r.code, SYS.snomed) ?? '')
    if (r.resourceType === 'Encounter' && (r.class as { code?: string }).code === 'IMP') inpatient++
    if (r.resourceType === 'AllergyIntolerance' && code(r.code, SYS.rxnorm) === '7980') penicillin = true
    if (r.resourceType === 'Immunization' && r.status === 'completed') {
      const cvx = code(r.vaccineCode, SYS.cvx)
      if (cvx === '213') {
        seen.covidDoses++
        seen.covidEarliest = Math.min(seen.covidEarliest, Date.parse(String(r.occurrenceDateTime)))
      }
      if (cvx === '187') seen.zosterDoses++
    }
  }
  const ckd = conditions.has('433144002')
  for (const r of rec.resources as Resource[]) {
    if (penicillin && r.resourceType === 'MedicationRequest') {
      const reason = (r.reasonReference as Array<{ reference: string }> | undefined)?.[0]?.reference
      const cond = rec.resources.find((c) => `Condition/${c.id}` === reason)
      const snomed = code(cond?.code, SYS.snomed)
      // Sinusitis or otitis media: amoxicillin unless allergic.
      if (snomed === '36971009' || snomed === '65363002') seen.penicillinAllergicTreated++
    }
    if (r.resourceType === 'Observation' && code(r.code, SYS.loinc) === '98979-8') {
      seen.egfr++
      if (ckd) seen.ckdEgfr++
    }
  }
  if (adult) for (const c of conditions) withCondition.set(c, (withCondition.get(c) ?? 0) + 1)
}

// GEN-POP-03's tallies.
const n = {
  administrations: 0,
  orphanDoses: 0,
  studies: 0,
  studiesReported: 0,
  studiesWithProcedure: 0,
  devices: 0,
  devicesPlaced: 0,
  /** Joint replacements by the side of the BodyStructure they target (CLIN-16 holds each to one). */
  sides: new Map<string, number>(),
  /** Per joint replacement (data/hospital.ts): person-years lived in the 10-year window at or over its `observed.ages` (to death or the reference date), and the operations. */
  joints: JOINT_REPLACEMENTS.map(() => ({ personYears: 0, operations: 0 })),
  /** Patients holding a Device, in index order, with their Devices' types. */
  holders: [] as Array<{ id: string; types: string[] }>,
  diedWithTeam: [] as string[],
  screenedAdults: 0,
  atRisk: 0,
  withoutSourceId: [] as string[],
  supplyAgainstSig: [] as string[],
}

function tally03(rec: PatientRecord) {
  const keys = new Set(rec.resources.map((r) => `${r.resourceType}/${r.id}`))
  const refs = (r: Resource, field: string) => ((r[field] as Array<{ reference: string }> | undefined) ?? []).map((x) => x.reference)
  let lastRisk: string | undefined
  const lived = Math.min(referenceMs, rec.person.resource.deceasedDateTime ? Date.parse(String(rec.person.resource.deceasedDateTime)) : Infinity)
  const born = Date.parse(`${String(rec.person.resource.birthDate)}T00:00:00Z`)
  JOINT_REPLACEMENTS.forEach((op, i) => {
    n.joints[i]!.personYears += Math.max(0, lived - Math.max(referenceMs - 10 * MS.year, born + op.observed.ages * MS.year)) / MS.year
  })
  const types = rec.resources.filter((r) => r.resourceType === 'Device').map(deviceType)
  if (types.length) n.holders.push({ id: rec.person.id, types })
  if (rec.person.resource.deceasedDateTime && rec.resources.some((r) => r.resourceType === 'CareTeam')) n.diedWithTeam.push(rec.person.id)
  for (const r of rec.resources as Resource[]) {
    const op = r.resourceType === 'Procedure' ? JOINT_REPLACEMENTS.findIndex((j) => PROCEDURES[j.procedure]!.code === code(r.code, SYS.cpt)) : -1
    if (op >= 0) {
      n.joints[op]!.operations++
      const target = (r.extension as Array<{ valueReference?: { reference: string } }> | undefined)?.[0]?.valueReference?.reference
      const site = rec.resources.find((b) => `BodyStructure/${b.id}` === target)
      const side = (site?.locationQualifier as Array<{ coding: Array<{ display: string }> }> | undefined)?.[0]?.coding[0]?.display ?? 'none'
      n.sides.set(side, (n.sides.get(side) ?? 0) + 1)
    }
    // How a target that assigns its own ids is reconciled: the generated id as an identifier
    // (Provenance has no identifier in R4; it carries a tag instead).
    const own = (r.identifier as Array<{ system?: string; value?: string }> | undefined)?.some((x) => x.value === `urn:uuid:${r.id}`)
    if (!own && r.resourceType !== 'Provenance') n.withoutSourceId.push(`${r.resourceType}/${r.id}`)
    if (r.resourceType === 'MedicationRequest') {
      const sig = (r.dosageInstruction as Array<{ text: string }>)[0]!.text
      const course = /for (\d+) days/.exec(sig)
      const days = (r.dispenseRequest as { expectedSupplyDuration: { value: number } }).expectedSupplyDuration.value
      if (course && days !== Number(course[1]) + (/on day 1, then/.test(sig) ? 1 : 0)) n.supplyAgainstSig.push(`${sig}: ${days} days`)
    }
    if (r.resourceType === 'MedicationAdministration') {
      n.administrations++
      if (!keys.has((r.request as { reference: string }).reference)) n.orphanDoses++
    } else if (r.resourceType === 'ImagingStudy') {
      n.studies++
      if (keys.has((r.procedureReference as { reference: string }).reference)) n.studiesWithProcedure++
      if (rec.resources.some((d) => d.resourceType === 'DiagnosticReport' && refs(d, 'imagingStudy').includes(`ImagingStudy/${r.id}`))) n.studiesReported++
    } else if (r.resourceType === 'Device') {
      n.devices++
      // Placed by the operation for its joint, done for that joint's osteoarthritis, recorded in the same record.
      const op = JOINT_REPLACEMENTS.find((j) => j.device.code === deviceType(r))
      const placing = rec.resources.find(
        (p) => p.resourceType === 'Procedure' && (p.focalDevice as Array<{ manipulated: { reference: string } }> | undefined)?.[0]?.manipulated.reference === `Device/${r.id}`,
      )
      const reason = (placing?.reasonReference as Array<{ reference: string }> | undefined)?.[0]?.reference
      const indication = rec.resources.find((c) => `Condition/${c.id}` === reason)
      const condition = CHRONIC_CONDITIONS.find((c) => c.key === op?.condition)
      if (op && placing && code(placing.code, SYS.cpt) === PROCEDURES[op.procedure]!.code && condition && code(indication?.code, SYS.snomed) === condition.snomed.code)
        n.devicesPlaced++
    } else if (r.resourceType === 'Observation' && code(r.code, SYS.loinc) === '88124-3') lastRisk = code(r.valueCodeableConcept, SYS.loinc)
  }
  if (lastRisk) {
    n.screenedAdults++
    if (lastRisk === 'LA19952-3') n.atRisk++
  }
}

let generated = false
/** One pass over the population feeds both tests' tallies: generating 2,000 patients over 10 years is most of this file's time. */
function population() {
  if (generated) return
  generated = true
  for (let i = 0; i < PATIENTS; i++) {
    const rec = generatePatient(ctx, i)
    tally01(rec)
    tally03(rec)
  }
}

t.test('GEN-POP-01: a 10-year, 2,000-patient population breaks no clinical rule and has the cited prevalence', async (t) => {
  population()
  const byRule = new Map<string, number>()
  for (const v of violations) byRule.set(v.rule, (byRule.get(v.rule) ?? 0) + 1)
  t.same(Object.fromEntries(byRule), {}, `no rule is broken; first: ${JSON.stringify(violations.slice(0, 5))}`)
  t.equal(Object.keys(CLINICAL_RULES).length, 20, 'every rule ran (the table test covers each one)')

  t.ok(seen.covidDoses > 100, `${seen.covidDoses} COVID-19 doses were given`)
  t.ok(seen.covidEarliest >= Date.parse('2020-12-11T00:00:00Z'), `the first on ${new Date(seen.covidEarliest).toISOString().slice(0, 10)}`)
  t.ok(seen.zosterDoses > 50, `${seen.zosterDoses} Shingrix doses (catch-up after licensure)`)
  t.ok(seen.penicillinAllergicTreated > 0, `${seen.penicillinAllergicTreated} sinusitis or otitis prescriptions for penicillin-allergic patients, all non-penicillin`)
  t.ok(seen.egfr > 500 && seen.ckdEgfr > 30, `${seen.egfr} eGFR results, ${seen.ckdEgfr} of them in CKD stage 3`)
  t.equal(seen.minorsMarried, 0, 'no minor is married')
  t.ok(seen.adultsMarried > adults * 0.4, `${seen.adultsMarried} of ${adults} adults were ever married`)

  // Size like real data: a long tail of patients with many times the median history.
  sizes.sort((a, b) => a - b)
  const at = (q: number) => sizes[Math.min(sizes.length - 1, Math.floor(q * sizes.length))] ?? 0
  const median = at(0.5)
  t.ok(at(0.99) >= 5 * median, `resources per patient: median ${median}, p90 ${at(0.9)}, p99 ${at(0.99)}, max ${at(1)} (p99 ≥ 5 × median)`)
  t.ok(at(1) >= 10 * median, 'the largest record holds at least ten times the median')
  t.ok(inpatient >= 20, `${inpatient} inpatient stays`)
  t.ok(deaths >= 40 && deaths <= 400, `${deaths} patients died in the window, each with a cause of death (${causes})`)
  t.equal(causes, deaths)
  const smokers = smoking.current / smoking.recorded
  t.ok(
    smoking.recorded > 1000 && Math.abs(smokers / 0.115 - 1) <= 0.25,
    `${(smokers * 100).toFixed(1)} % of ${smoking.recorded} adults with a smoking status smoke (CDC 2021: 11.5 %)`,
  )
  // Body mass as measured, against NHANES: obesity and severe obesity in adults, obesity in children (BMI-for-age ≥ 95th percentile).
  const { ANTHROPOMETRY } = await import('../../generators/data/observations.js')
  const { CHILD_BMI_Z } = await import('../../generators/data/growth.js')
  const obesity = CHRONIC_CONDITIONS.find((c) => c.key === 'obesity')!
  for (const [what, n, of, cited] of [
    ['adults at a BMI of 30 or more', bodyMass.obese, bodyMass.adults, obesity.adults.rate],
    ['adults at a BMI of 40 or more', bodyMass.severe, bodyMass.adults, ANTHROPOMETRY.severeObesityShare],
    ['children 2–17 at or above the 95th BMI-for-age percentile', bodyMass.childObese, bodyMass.children, CHILD_BMI_Z.obeseShare],
  ] as const) {
    const share = n / of
    t.ok(of > 300 && Math.abs(share / cited - 1) <= 0.25, `${what}: ${(share * 100).toFixed(1)} % of ${of} at their last measurement (cited ${(cited * 100).toFixed(1)} %)`)
  }
  // Infants against the CDC 2000 infant charts' medians (boys and girls averaged) at each band's middle: 50th percentile columns.
  const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
  const CDC_MEDIAN: ReadonlyArray<readonly [string, number, number]> = [
    ['0–1 month (CDC at 0.5)', (4.003106424 + 3.79752846) / 2, (52.6959753 + 51.68358057) / 2],
    ['1–3 months (CDC at 1.5)', (4.879525083 + 4.544776513) / 2, (56.62842855 + 55.28612813) / 2],
    ['3–9 months (CDC at 6.5)', (8.162951035 + 7.454854109) / 2, (67.8601799 + 66.11841553) / 2],
    ['9–15 months (CDC at 12.5)', (10.45885399 + 9.666089185) / 2, (76.11837536 + 74.39564379) / 2],
    ['15–24 months (CDC at 18.5)', (11.80477902 + 11.08868151) / 2, (82.40543643 + 80.79851532) / 2],
  ]
  for (const [i, [what, weight, length]] of CDC_MEDIAN.entries()) {
    const w = middle(infants[i]!.weight)
    t.ok(
      infants[i]!.weight.length >= 10 && Math.abs(w / weight - 1) <= 0.15,
      `infants ${what}: median weight ${w.toFixed(2)} kg of ${infants[i]!.weight.length} (CDC ${weight.toFixed(2)})`,
    )
    const l = middle(infants[i]!.length)
    if (infants[i]!.length.length >= 10)
      t.ok(Math.abs(l / length - 1) <= 0.06, `infants ${what}: median length ${l.toFixed(1)} cm of ${infants[i]!.length.length} (CDC ${length.toFixed(1)})`)
  }
  // Head circumference is drawn around the reference's median, so its percentiles spread as the reference does. Weight-for-length
  // at or above the 95th: 8.1 % of US infants (NHANES 2011–2012, INFANT_MEASURES). Each child keeps its own z-score, so the share
  // of visits moves with about 250 children (a standard error near 2 points; seeds 7, 11 and 2026 give 6.1, 8.4 and 4.1 %).
  const share = (xs: number[], test: (x: number) => boolean) => xs.filter(test).length / xs.length
  const { head, weightForLength, wellVisits } = infantGrowth
  t.ok(head.length >= 200 && Math.abs(middle(head) - 50) <= 10, `head circumference percentile: median ${middle(head)} of ${head.length}`)
  const headUnder = share(head, (x) => x < 5)
  const headOver = share(head, (x) => x > 95)
  t.ok(
    headUnder >= 0.01 && headUnder <= 0.1 && headOver >= 0.01 && headOver <= 0.1,
    `head circumference: ${(headUnder * 100).toFixed(1)} % below the 5th percentile, ${(headOver * 100).toFixed(1)} % above the 95th`,
  )
  const high = share(weightForLength, (x) => x >= 95)
  const low = share(weightForLength, (x) => x < 5)
  t.ok(
    weightForLength.length >= 200 && high >= 0.03 && high <= 0.13 && low <= 0.08,
    `weight-for-length: ${(high * 100).toFixed(1)} % at or above the 95th percentile (NHANES 8.1 %), ${(low * 100).toFixed(1)} % below the 5th, of ${weightForLength.length}`,
  )
  // Bright Futures: 12 well-child visits from 4 days to 3 years, each kept with the child attendance share (0.92): about 11.
  const meanVisits = wellVisits.reduce((a, b) => a + b, 0) / wellVisits.length
  t.ok(
    wellVisits.length >= 50 && meanVisits >= 9.5 && meanVisits <= 12,
    `well-child visits in the first 3 years: ${meanVisits.toFixed(1)} on average for ${wellVisits.length} children`,
  )
  for (const type of ['Coverage', 'Claim', 'ExplanationOfBenefit', 'Provenance', 'CarePlan', 'CareTeam', 'Goal']) t.ok(types.has(type), `${type} is generated`)
  const poolTypes = new Set(shared.map((r) => r.resourceType))
  const { PRECOMPILED_TYPES } = await import('../../lib/validation/precompiled-types.js')
  t.same(
    [...types, ...poolTypes].filter((x) => !PRECOMPILED_TYPES.includes(x)),
    [],
    'every generated type has a validator compiled at build time (a validating worker compiles none)',
  )
  t.ok(types.size >= 17, `${types.size} resource types in patient records, ${poolTypes.size} more in the shared pool: ${types.size + poolTypes.size}`)
  t.ok(billing.eob > 1000 && billing.linked === billing.eob, `${billing.linked} of ${billing.eob} EOBs lead to their Claim, its Encounter, the patient and a Coverage`)

  // Ground truth: every query expects at least five matches, so a server that answers nothing fails it.
  t.ok(queries.length >= 60, `${queries.length} ground-truth queries`)
  const thin = [...truth].filter(([, n]) => n < 5)
  t.same(thin, [], `each expects five matches or more (fewest: ${Math.min(...truth.values())})`)

  const rows: string[] = []
  for (const c of CHRONIC_CONDITIONS) {
    const measured = (withCondition.get(c.snomed.code) ?? 0) / adults
    rows.push(`${c.key} ${(measured * 100).toFixed(1)} % (cited ${(c.adults.rate * 100).toFixed(1)} %)`)
    t.ok(
      Math.abs(measured / c.adults.rate - 1) <= 0.25,
      `${c.key}: ${(measured * 100).toFixed(1)} % of ${adults} adults, cited ${(c.adults.rate * 100).toFixed(1)} % (${c.adults.source})`,
    )
  }
  t.comment(rows.join('; '))
})

t.test('GEN-POP-03: hospital care, imaging, implants and food-insecurity screening, as a reader of the record would check them', async (t) => {
  population()
  t.ok(n.administrations > 100 && n.orphanDoses === 0, `${n.administrations} doses given in emergency departments and on wards, each for an order in the record`)
  t.ok(
    n.studies > 100 && n.studiesWithProcedure === n.studies && n.studiesReported === n.studies,
    `${n.studies} imaging studies, each acquired by a Procedure and read in a radiology report`,
  )
  t.ok(n.devices >= 3 && n.devicesPlaced === n.devices, `${n.devices} implants, each placed by the replacement of its joint, done for that joint's osteoarthritis`)
  const ops = n.joints.reduce((s, j) => s + j.operations, 0)
  const right = n.sides.get(LATERALITY.right.display) ?? 0
  t.ok(
    n.sides.size === 2 && right / ops > 0.3 && right / ops < 0.7,
    `each joint replaced on a side, about as often right as left: ${JSON.stringify(Object.fromEntries(n.sides))} of ${ops}`,
  )
  // The Device searches ask for the first patients who hold one, until five Devices of each type: found by the anchor's scan without generating every record.
  const need = new Map(JOINT_REPLACEMENTS.map((j) => [j.device.code, 5]))
  const asked: typeof n.holders = []
  for (const h of n.holders) {
    if (!h.types.some((t) => need.get(t)! > 0)) continue
    asked.push(h)
    for (const t of h.types) need.set(t, need.get(t)! - 1)
  }
  t.same(
    anchor.implanted,
    asked.map((h) => h.id),
    `the Device searches ask for the first ${asked.length} patients with an implant`,
  )
  t.same(anchor.deceased, n.diedWithTeam.slice(0, 5), `the searches for ended care ask for the first 5 of ${n.diedWithTeam.length} patients who died with a care team`)
  JOINT_REPLACEMENTS.forEach((op, i) => {
    const { personYears, operations } = n.joints[i]!
    const rate = operations / personYears
    t.ok(
      Math.abs(rate / op.observed.perPersonYear - 1) <= 0.25,
      `${op.procedure}: ${operations} in ${personYears.toFixed(0)} person-years at ${op.observed.ages} and over, ${(rate * 100).toFixed(2)} % a year (cited ${(op.observed.perPersonYear * 100).toFixed(2)} %: ${op.observed.source})`,
    )
  })
  t.same(n.withoutSourceId.slice(0, 5), [], `every resource carries its generated id as an identifier (${n.withoutSourceId.length} do not)`)
  t.same(n.supplyAgainstSig.slice(0, 3), [], `every course is dispensed for the days its sig says (${n.supplyAgainstSig.length} are not)`)
  const share = n.atRisk / n.screenedAdults
  t.ok(
    n.screenedAdults > 800 && Math.abs(share / 0.128 - 1) <= 0.25,
    `${(share * 100).toFixed(1)} % of ${n.screenedAdults} screened adults at risk of food insecurity (USDA 2022: 12.8 % of households)`,
  )
})
