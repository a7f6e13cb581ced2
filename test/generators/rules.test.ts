// A table test per clinical rule: each rule's table is complete and sourced, a record that keeps
// the rule passes, and a record that breaks it is flagged with that rule — so the dataset-wide
// test (population.test.ts) finding nothing means something.
import t from 'tap'
import { checkRecord, CLINICAL_RULES } from '../../generators/rules/clinical.js'
import { calibratedChance, decideChronicConditions, firstEligible } from '../../generators/clinical/journey.js'
import { ckdEpi2021, creatinineFor } from '../../generators/clinical/measurements.js'
import { Rng } from '../../generators/random.js'
import { VACCINES } from '../../generators/data/immunizations.js'
import { MEDICATIONS, THERAPIES } from '../../generators/data/medications.js'
import { ALLERGIES } from '../../generators/data/allergies.js'
import { ACUTE_CONDITIONS, AGE_BANDS, CHRONIC_CONDITIONS } from '../../generators/data/conditions.js'
import { AGE_PYRAMID, MARITAL_BY_AGE, MARITAL_MIN_AGE, MARITAL_STATUS } from '../../generators/data/demographics.js'
import { SYS } from '../../generators/data/systems.js'
import { MS, type Resource } from '../../generators/fhir.js'

const REF = Date.parse('2025-01-01T00:00:00Z')
const cc = (system: string, code: string) => ({ coding: [{ system, code }] })
let n = 0
const id = () => `r${++n}`
const patient = (birthDate: string, marital = 'S'): Resource => ({ resourceType: 'Patient', id: 'p', birthDate, maritalStatus: cc(SYS.maritalStatus, marital) })
/** A measurement (LOINC `code`) taken at 10:05 on `date` at an encounter. */
const obs = (code: string, value: number, date: string, encounter = 'Encounter/e1'): Resource => ({
  resourceType: 'Observation',
  id: id(),
  code: cc(SYS.loinc, code),
  encounter: { reference: encounter },
  effectiveDateTime: `${date}T10:05:00Z`,
  valueQuantity: { value },
})
const shot = (cvx: string, date: string): Resource => ({ resourceType: 'Immunization', id: id(), vaccineCode: cc(SYS.cvx, cvx), occurrenceDateTime: `${date}T10:00:00Z` })
const rx = (key: string, date: string): Resource => ({
  resourceType: 'MedicationRequest',
  id: id(),
  medicationCodeableConcept: cc(SYS.rxnorm, MEDICATIONS[key]!.rxnorm),
  authoredOn: `${date}T10:00:00Z`,
})
const allergy = (key: string, onset: string): Resource => {
  const a = ALLERGIES.find((x) => x.key === key)!
  return { resourceType: 'AllergyIntolerance', id: id(), code: cc(a.system === 'rxnorm' ? SYS.rxnorm : SYS.snomed, a.code), onsetDateTime: onset }
}
const condition = (key: string, onset: string): Resource => ({
  resourceType: 'Condition',
  id: id(),
  code: cc(SYS.snomed, [...CHRONIC_CONDITIONS, ...ACUTE_CONDITIONS].find((c) => c.key === key)!.snomed.code),
  onsetDateTime: `${onset}T00:00:00Z`,
})
const egfr = (value: number, date: string): Resource => ({
  resourceType: 'Observation',
  id: id(),
  code: cc(SYS.loinc, '98979-8'),
  effectiveDateTime: `${date}T10:00:00Z`,
  valueQuantity: { value },
})
const rules = (...rs: Resource[]) => checkRecord(rs, REF).map((v) => v.rule)

t.test('CLIN-01: no immunization before the vaccine was licensed for the age', async (t) => {
  for (const v of VACCINES) {
    t.ok(v.eligible.length > 0 && v.source.length > 10, `${v.key}: licensure rows and a source`)
    const dates = v.eligible.map((e) => e.from)
    t.same(dates, [...dates].sort(), `${v.key}: rows in date order`)
    for (const d of dates) t.match(d, /^\d{4}-\d{2}-\d{2}$/, `${v.key}: ${d}`)
  }
  const adult = patient('1980-05-01')
  t.same(rules(adult, shot('213', '2020-11-01')), [CLINICAL_RULES.vaccineLicensed.id], 'COVID-19 before the first authorization')
  t.same(rules(adult, shot('213', '2021-01-05')), [], 'COVID-19 for an adult after 11 Dec 2020')
  const teen = patient('2007-01-01')
  t.same(rules(teen, shot('213', '2021-01-05')), [CLINICAL_RULES.vaccineLicensed.id], 'a 14-year-old before the 12–15 authorization')
  t.same(rules(teen, shot('213', '2021-06-01')), [], 'a 14-year-old after it')
  t.same(rules(patient('1950-01-01'), shot('187', '2017-01-01')), [CLINICAL_RULES.vaccineLicensed.id], 'Shingrix before licensure')
  t.same(rules(patient('2020-01-01'), shot('03', '2020-06-01')), [CLINICAL_RULES.vaccineLicensed.id], 'MMR at 5 months')
  // The generator's own view of the same table: the first day each patient may be given it.
  const covid = VACCINES.find((v) => v.key === 'covid')!
  t.equal(new Date(firstEligible(covid, Date.parse('1980-05-01T00:00:00Z'))).toISOString().slice(0, 10), '2020-12-11')
  t.equal(new Date(firstEligible(covid, Date.parse('2007-01-01T00:00:00Z'))).toISOString().slice(0, 10), '2021-05-10')
  t.equal(new Date(firstEligible(covid, Date.parse('2023-01-01T00:00:00Z'))).toISOString().slice(0, 10), '2023-07-03', 'born after the last row: six months of age')
})

t.test('CLIN-02 and CLIN-03: no prescription before the drug existed or outside its age range', async (t) => {
  const classes = new Set<string>()
  for (const [key, m] of Object.entries(MEDICATIONS)) {
    t.match(m.availableFrom, /^\d{4}-\d{2}-\d{2}$/, `${key}: availableFrom`)
    t.ok(m.classes.length > 0 && m.source.length > 5, `${key}: classes and a source`)
    t.ok(m.minAge >= 0 && (m.maxAge === undefined || m.maxAge > m.minAge), `${key}: age range`)
    for (const c of m.classes) classes.add(c)
  }
  for (const [key, options] of Object.entries(THERAPIES)) for (const o of options) t.ok(MEDICATIONS[o.med], `therapy ${key}: ${o.med} exists`)
  for (const a of ALLERGIES) for (const c of a.avoid ?? []) t.ok(classes.has(c), `allergy ${a.key} avoids ${c}, a class some drug has`)
  const adult = patient('1960-01-01')
  t.same(rules(adult, rx('atorvastatin', '1995-06-01')), [CLINICAL_RULES.drugOnMarket.id], 'atorvastatin before Dec 1996')
  t.same(rules(adult, rx('atorvastatin', '1998-06-01')), [])
  t.same(rules(adult, rx('escitalopram', '2001-01-01')), [CLINICAL_RULES.drugOnMarket.id], 'escitalopram before 2002')
  t.same(rules(patient('2015-01-01'), rx('ciprofloxacin', '2024-06-01')), [CLINICAL_RULES.drugAge.id], 'ciprofloxacin for a child')
  t.same(rules(adult, rx('ciprofloxacin', '2020-01-01')), [])
  t.same(rules(adult, rx('amoxicillinSuspension', '2020-01-01')), [CLINICAL_RULES.drugAge.id], 'a pediatric suspension for an adult')
})

t.test('CLIN-04: no drug of a class a recorded allergy rules out', async (t) => {
  const p = patient('1970-01-01')
  t.same(rules(p, allergy('penicillin', '2010-01-01'), rx('amoxicillin', '2015-01-01')), [CLINICAL_RULES.drugAllergy.id], 'amoxicillin after a penicillin allergy')
  t.same(rules(p, allergy('penicillin', '2010-01-01'), rx('doxycycline', '2015-01-01')), [], 'doxycycline is the alternative')
  t.same(rules(p, allergy('penicillin', '2016-01-01'), rx('amoxicillin', '2015-01-01')), [], 'amoxicillin before the allergy was known')
  const child = patient('2018-01-01')
  t.same(
    rules(child, allergy('penicillin', '2019-01-01'), rx('cephalexinSuspension', '2022-01-01')),
    [CLINICAL_RULES.drugAllergy.id],
    'cephalexin shares the aminopenicillin side chain',
  )
  t.same(
    rules(child, allergy('sulfa', '2019-01-01'), rx('trimethoprimSulfaSuspension', '2022-01-01')),
    [CLINICAL_RULES.drugAllergy.id],
    'a sulfonamide antibiotic after a sulfa allergy',
  )
})

t.test('CLIN-05: no chronic condition before its minimum onset age; the draw is calibrated to the cited rate', async (t) => {
  const adultShare = (bandFrom: number, bandTo: number) =>
    AGE_PYRAMID.reduce((s, b) => s + (b.weight * Math.max(0, Math.min(b.to, bandTo) - Math.max(b.from, bandFrom) + 1)) / (b.to - b.from + 1), 0)
  const weights = AGE_BANDS.slice(1).map(([from, to]) => adultShare(from, to))
  const total = weights.reduce((a, b) => a + b, 0)
  for (const c of CHRONIC_CONDITIONS) {
    t.ok(c.onset.mean >= c.minOnsetAge && c.onset.sd > 0, `${c.key}: onset distribution above its minimum`)
    t.ok(c.adults.rate > 0 && c.adults.source.length > 20, `${c.key}: a cited adult rate`)
    const fromTable = c.prevalence.slice(1).reduce((s, [f, m], i) => s + ((f + m) / 2) * (weights[i] ?? 0), 0) / total
    t.ok(
      Math.abs(fromTable / c.adults.rate - 1) <= 0.2,
      `${c.key}: the age table gives ${(fromTable * 100).toFixed(1)} % of adults against ${(c.adults.rate * 100).toFixed(1)} % cited`,
    )
    for (const [band, [f, m]] of c.prevalence.entries())
      if ((AGE_BANDS[band]?.[1] ?? 0) < c.minOnsetAge) t.ok(f === 0 && m === 0, `${c.key}: no prevalence in a band entirely below its onset age`)
  }
  const diabetes = CHRONIC_CONDITIONS.find((c) => c.key === 'diabetes')!
  t.ok(calibratedChance(diabetes, 3, 0) < diabetes.prevalence[3]![0], 'the draw is below the table rate when obesity multiplies it')
  const p = patient('1990-01-01')
  t.same(rules(p, condition('diabetes', '2000-01-01')), [CLINICAL_RULES.onsetAge.id], 'type 2 diabetes at 10')
  t.same(rules(p, condition('hypertension', '2005-06-01')), [CLINICAL_RULES.onsetAge.id], 'hypertension at 15')
  t.same(rules(p, condition('diabetes', '2020-01-01')), [], 'at 30')
  t.same(rules(p, condition('bronchiolitis', '1991-06-01')), [], 'bronchiolitis at 1')
  t.same(rules(p, condition('bronchiolitis', '1992-01-01')), [CLINICAL_RULES.onsetAge.id], 'bronchiolitis on the second birthday')
  const rng = new Rng(5)
  const draws = Array.from({ length: 2000 }, () => rng.truncatedNormal(50, 12, 18, 22))
  t.ok(
    draws.every((d) => d >= 18 && d <= 22),
    'onset draws stay in [min, age]',
  )
  t.ok(draws.filter((d) => d === 22).length < 5, 'with no pile-up at the bound (a clamp would put most draws there)')
})

t.test('CLIN-05: obesity at 18 and 19 has the prevalence of childhood (BMI-for-age), at 20 and over that of adults', async (t) => {
  const refMs = Date.parse('2025-01-01T00:00:00Z')
  const share = (ageYears: number) => {
    const rng = new Rng(19)
    const n = 8000
    let obese = 0
    for (let i = 0; i < n; i++) {
      const birthMs = refMs - (ageYears + 0.5) * MS.year
      const female = i % 2 === 0
      if (decideChronicConditions(rng, { birthMs, female, refMs, windowStart: refMs - 10 * MS.year, years: 10 }).some((c) => c.def.key === 'obesity')) obese++
    }
    return obese / n
  }
  const obesity = CHRONIC_CONDITIONS.find((c) => c.key === 'obesity')!
  const child = (obesity.prevalence[0]![0] + obesity.prevalence[0]![1]) / 2
  const adult = (obesity.prevalence[1]![0] + obesity.prevalence[1]![1]) / 2
  for (const age of [17, 18, 19]) t.ok(Math.abs(share(age) / child - 1) < 0.12, `at ${age}: ${(share(age) * 100).toFixed(1)} % (childhood ${(child * 100).toFixed(1)} %)`)
  t.ok(Math.abs(share(20) / adult - 1) < 0.12, `at 20: ${(share(20) * 100).toFixed(1)} % (adults 18–39 ${(adult * 100).toFixed(1)} %)`)
})

t.test('CLIN-06: nobody under 18 is recorded as ever married', async (t) => {
  for (const row of MARITAL_BY_AGE) t.ok(Math.abs(row.weights.reduce((a, b) => a + b, 0) - 100) < 0.01, `${row.from}–${row.to}: weights sum to 100`)
  t.equal(MARITAL_BY_AGE[0]?.from, MARITAL_MIN_AGE, 'the table starts at the minimum age')
  t.equal(MARITAL_STATUS[1]?.code, 'S')
  t.same(rules(patient('2010-01-01', 'M')), [CLINICAL_RULES.maritalAge.id], 'a married 14-year-old')
  t.same(rules(patient('2010-01-01', 'S')), [])
  t.same(rules(patient('1990-01-01', 'M')), [])
})

t.test('CLIN-07: eGFR agrees with CKD stage 3', async (t) => {
  for (const [female, age, e] of [
    [true, 40, 95],
    [false, 70, 62],
    [true, 80, 45],
    [false, 55, 31],
  ] as const) {
    const c = creatinineFor(e, age, female)
    t.ok(Math.abs(ckdEpi2021(c, age, female) - e) < 1e-6, `creatinine ${c.toFixed(2)} gives eGFR ${e} (${female ? 'female' : 'male'}, ${age})`)
  }
  const p = patient('1950-01-01')
  t.same(rules(p, egfr(45, '2020-01-01')), [CLINICAL_RULES.egfrStage.id], 'stage 3 eGFR without CKD')
  t.same(rules(p, condition('ckd', '2019-01-01'), egfr(45, '2020-01-01')), [])
  t.same(rules(p, condition('ckd', '2019-01-01'), egfr(75, '2020-01-01')), [CLINICAL_RULES.egfrStage.id], 'a normal eGFR with CKD stage 3')
  t.same(rules(p, condition('ckd', '2021-01-01'), egfr(75, '2020-01-01')), [], 'a normal eGFR before the onset')
  t.same(rules(patient('2012-01-01'), egfr(110, '2024-01-01')), [CLINICAL_RULES.egfrStage.id], 'eGFR for a child')
})

t.test('CLIN-09: no care after death', async (t) => {
  const { MORTALITY, CAUSE_OF_DEATH } = await import('../../generators/data/care.js')
  t.ok(
    MORTALITY.every((m, i) => m.q > 0 && m.q < 1 && (i === 0 || m.toAge > MORTALITY[i - 1]!.toAge)),
    'mortality rows ascend by age',
  )
  t.ok(
    CHRONIC_CONDITIONS.some((c) => c.key === CAUSE_OF_DEATH.order[0]),
    'causes name conditions that exist',
  )
  const dead = { ...patient('1940-01-01'), deceasedDateTime: '2020-05-01T23:30:00Z' }
  const visit = (date: string): Resource => ({ resourceType: 'Encounter', id: id(), period: { start: `${date}T10:00:00Z`, end: `${date}T11:00:00Z` } })
  t.same(rules(dead, visit('2020-05-01')), [], 'the last visit that day')
  t.same(rules(dead, visit('2020-06-01')), [CLINICAL_RULES.afterDeath.id], 'a visit a month later')
  t.same(rules(dead, shot('140', '2020-10-01')), [CLINICAL_RULES.afterDeath.id], 'a flu shot in the autumn after')
  const stay: Resource = { resourceType: 'Encounter', id: id(), period: { start: '2020-04-29T10:00:00Z', end: '2020-05-03T10:00:00Z' } }
  t.same(rules(dead, stay), [CLINICAL_RULES.afterDeath.id], 'a stay begun before the death that ends after it')
  const claim: Resource = { resourceType: 'Claim', id: 'c', created: '2020-06-15T00:00:00Z' }
  t.same(rules(dead, claim), [], 'a claim may be filed after the death')
})

t.test('CLIN-18: care ends at death', async (t) => {
  const { endCare } = await import('../../generators/clinical/care-plans.js')
  const alive = patient('1940-01-01')
  const dead = { ...alive, deceasedDateTime: '2020-05-01T23:30:00Z' }
  const ongoing = (): Resource[] => [
    { ...rx('metformin', '2019-01-01'), status: 'active' },
    { resourceType: 'CarePlan', id: id(), status: 'active', period: { start: '2019-01-01' }, activity: [{ detail: { status: 'in-progress' } }] },
    { resourceType: 'Goal', id: id(), lifecycleStatus: 'active' },
    { resourceType: 'CareTeam', id: id(), status: 'active', period: { start: '2019-01-01' } },
    { resourceType: 'Coverage', id: id(), status: 'active', period: { start: '2019-01-01' } },
  ]
  t.same(rules(alive, ...ongoing()), [], 'a living patient’s care goes on')
  t.same(rules(dead, ...ongoing()), Array(5).fill(CLINICAL_RULES.careEnds.id), 'each of them goes on past the death')
  const ended = ongoing().filter((r) => r.resourceType !== 'Coverage')
  endCare(ended, Date.parse(dead.deceasedDateTime))
  t.same(rules(dead, ...ended), [], 'endCare ends them on the day')
  t.same(
    ended.map((r) => [r.status ?? r.lifecycleStatus, (r.period as { end?: string } | undefined)?.end ?? r.statusDate]),
    [
      ['stopped', undefined],
      ['revoked', '2020-05-01'],
      ['cancelled', '2020-05-01'],
      ['inactive', '2020-05-01'],
    ],
    'stopped, revoked, cancelled, inactive, each ended the day of the death',
  )
  const coverage = (end: string): Resource => ({ resourceType: 'Coverage', id: id(), status: 'cancelled', period: { start: '2019-01-01', end } })
  t.same(rules(dead, coverage('2020-05-01')), [], 'a coverage ending the day of the death')
  t.same(rules(dead, coverage('2020-05-31')), [CLINICAL_RULES.careEnds.id], 'a coverage ending weeks after it')
  t.same(rules(dead, { resourceType: 'Goal', id: id(), lifecycleStatus: 'completed', statusDate: '2020-06-01' }), [CLINICAL_RULES.careEnds.id], 'a goal completed after it')
  t.same(rules(dead, { ...rx('metformin', '2019-01-01'), status: 'completed' }), [], 'a prescription completed before it')
})

t.test('CLIN-19: an encounter ending in death is the deceased patient’s last and ends at the death', async (t) => {
  const alive = patient('1940-01-01')
  const dead = { ...alive, deceasedDateTime: '2020-05-01T15:40:00Z' }
  const visit = (start: string, end: string, disposition?: string): Resource => ({
    resourceType: 'Encounter',
    id: id(),
    period: { start, end },
    ...(disposition ? { hospitalization: { dischargeDisposition: cc('http://terminology.hl7.org/CodeSystem/discharge-disposition', disposition) } } : {}),
  })
  const last = () => visit('2020-05-01T11:10:00Z', '2020-05-01T15:40:00Z', 'exp')
  t.same(rules(dead, visit('2020-03-01T10:00:00Z', '2020-03-01T10:30:00Z'), last()), [], 'dies at the end of the last visit')
  t.same(rules(dead, visit('2020-04-20T10:00:00Z', '2020-04-22T10:00:00Z', 'home')), [], 'discharged home before a death elsewhere')
  t.same(rules(alive, last()), [CLINICAL_RULES.diedThere.id], 'expired, but alive')
  t.same(rules({ ...dead, deceasedDateTime: '2020-05-01T23:30:00Z' }, last()), [CLINICAL_RULES.diedThere.id], 'expired hours before the recorded death')
  t.same(rules(dead, last(), last()), [CLINICAL_RULES.diedThere.id, CLINICAL_RULES.diedThere.id], 'two deaths')
})

t.test('CLIN-20: the record is as of the reference date', async (t) => {
  const p = patient('1980-01-01')
  const stay = (end: string): Resource => ({ resourceType: 'Encounter', id: id(), period: { start: '2024-12-28T10:00:00Z', end } })
  const eob = (created: string): Resource => ({ resourceType: 'ExplanationOfBenefit', id: id(), created })
  t.same(rules(p, stay('2024-12-31T09:00:00Z'), eob('2024-12-30T00:00:00Z')), [], 'a stay and a payment before it')
  t.same(rules(p, stay('2025-01-02T09:00:00Z')), [CLINICAL_RULES.beforeReference.id], 'a stay that ends after it')
  const ongoing: Resource = { resourceType: 'Encounter', id: id(), status: 'in-progress', period: { start: '2024-12-28T10:00:00Z' } }
  const dose: Resource = {
    resourceType: 'MedicationAdministration',
    id: id(),
    medicationCodeableConcept: cc(SYS.rxnorm, '314076'),
    context: { reference: `Encounter/${ongoing.id}` },
    effectiveDateTime: '2024-12-31T22:00:00Z',
  }
  t.same(rules(p, ongoing, dose), [], 'a stay still in progress at it, with a dose given on its eve')
  t.same(rules(p, eob('2025-01-20T00:00:00Z')), [CLINICAL_RULES.beforeReference.id], 'a claim processed after it')
  t.same(rules(p, shot('140', '2025-01-02')), [CLINICAL_RULES.beforeReference.id], 'a dose after it')
  // A lab drawn on the eve is resulted the next day: issued after the reference date although taken before it.
  const order: Resource = { resourceType: 'ServiceRequest', id: 'o1', authoredOn: '2024-12-31T14:25:00Z', code: cc(SYS.loinc, '24323-8') }
  const result = (type: 'Observation' | 'DiagnosticReport', issued: string): Resource => ({
    resourceType: type,
    id: id(),
    ...(type === 'DiagnosticReport' ? { basedOn: [{ reference: 'ServiceRequest/o1' }], code: cc(SYS.loinc, '24323-8') } : {}),
    effectiveDateTime: '2024-12-31T14:35:00Z',
    issued,
  })
  t.same(rules(p, order, result('Observation', '2024-12-31T20:00:00Z'), result('DiagnosticReport', '2024-12-31T20:00:00Z')), [], 'results issued before it')
  t.same(rules(p, result('Observation', '2025-01-01T16:35:00Z')), [CLINICAL_RULES.beforeReference.id], 'a result issued after it')
  t.same(rules(p, order, result('DiagnosticReport', '2025-01-01T16:35:00Z')), [CLINICAL_RULES.beforeReference.id], 'a report issued after it')
})

t.test('CLIN-08: unknown vaccines and drugs are named, not skipped', async (t) => {
  const p = patient('1980-01-01')
  t.same(rules(p, shot('999', '2020-01-01')), [CLINICAL_RULES.knownCode.id])
  const unknown: Resource = { resourceType: 'MedicationRequest', id: 'm', medicationCodeableConcept: cc(SYS.rxnorm, '1'), authoredOn: '2020-01-01T00:00:00Z' }
  t.same(rules(p, unknown), [CLINICAL_RULES.knownCode.id])
})

t.test('CLIN-10: doses, images and procedures of an encounter happen within it; a dose keeps the rules of its order', async (t) => {
  const { IMAGING, HUNGER_VITAL_SIGN, KNEE_REPLACEMENT } = await import('../../generators/data/hospital.js')
  for (const [key, def] of Object.entries(IMAGING)) {
    for (const [what, findings] of [['', def.findings] as const, ...Object.entries(def.findingsFor ?? {})])
      t.ok(Math.abs(findings.reduce((s, f) => s + f.share, 0) - 1) < 1e-9, `${key}${what && ` for ${what}`}: finding shares add up to 1`)
    t.ok(def.source.length > 20, `${key}: sourced`)
  }
  t.ok(HUNGER_VITAL_SIGN.insecureShare > 0 && HUNGER_VITAL_SIGN.insecureShare < 0.5 && KNEE_REPLACEMENT.perYear > 0, 'screening and surgery rates are shares')
  const p = patient('1950-01-01')
  const stay: Resource = { resourceType: 'Encounter', id: 'e1', period: { start: '2020-03-01T10:00:00Z', end: '2020-03-04T10:00:00Z' } }
  const dose = (date: string, key = 'amoxicillin'): Resource => ({
    resourceType: 'MedicationAdministration',
    id: id(),
    medicationCodeableConcept: cc(SYS.rxnorm, MEDICATIONS[key]!.rxnorm),
    context: { reference: 'Encounter/e1' },
    effectiveDateTime: date,
  })
  // Ordered the month before (CLIN-17 holds a study to its order).
  const order: Resource = { resourceType: 'ServiceRequest', id: 'o1', encounter: { reference: 'Encounter/e1' }, authoredOn: '2020-02-01T10:00:00Z' }
  const study = (date: string): Resource => ({
    resourceType: 'ImagingStudy',
    id: id(),
    basedOn: [{ reference: 'ServiceRequest/o1' }],
    encounter: { reference: 'Encounter/e1' },
    started: date,
  })
  t.same(rules(p, stay, order, dose('2020-03-02T08:00:00Z'), study('2020-03-01T10:20:00Z')), [], 'a dose and an image during the stay')
  t.same(rules(p, stay, dose('2020-03-05T08:00:00Z')), [CLINICAL_RULES.withinEncounter.id], 'a dose the day after discharge')
  t.same(rules(p, stay, order, study('2020-02-28T10:00:00Z')), [CLINICAL_RULES.withinEncounter.id], 'an image before admission')
  t.same(rules(p, allergy('penicillin', '2000-01-01'), stay, dose('2020-03-02T08:00:00Z')), [CLINICAL_RULES.drugAllergy.id], 'a penicillin dose to a penicillin-allergic patient')
})

t.test(
  'CLIN-11 to CLIN-13: a child’s BMI-for-age is the CDC percentile of the BMI beside it; obesity means the 95th percentile or above for a child, a BMI of 30 for an adult',
  async (t) => {
    const { bmiForAgePercentile } = await import('../../generators/data/growth.js')
    const girl = { ...patient('2014-01-01'), gender: 'female' }
    const boy = { ...patient('2014-01-01'), gender: 'male' }
    const at10 = '2024-01-01'
    const months = ((Date.parse(`${at10}T10:05:00Z`) - Date.parse('2014-01-01T00:00:00Z')) / (365.2425 * 864e5)) * 12
    const p = (female: boolean, bmi: number) => Math.round(bmiForAgePercentile(female, months, bmi) * 10) / 10
    // CDC 2000, 10 years: a BMI of 16.9 is about the median for a girl, 22.2 about a boy's 95th percentile.
    t.ok(Math.abs(p(true, 16.9) - 50) < 2, `girl, 10 y, BMI 16.9: ${p(true, 16.9)}th percentile`)
    t.ok(Math.abs(p(false, 22.2) - 95) < 0.5, `boy, 10 y, BMI 22.2: ${p(false, 22.2)}th percentile`)
    t.same(rules(girl, obs('39156-5', 16.9, at10), obs('59576-9', p(true, 16.9), at10)), [], 'the percentile of the BMI beside it')
    t.same(rules(girl, obs('39156-5', 16.9, at10), obs('59576-9', p(false, 16.9), at10)), [CLINICAL_RULES.bmiForAge.id], 'the boys’ percentile for a girl')
    t.same(rules(girl, obs('39156-5', 16.9, at10), obs('59576-9', 80, at10)), [CLINICAL_RULES.bmiForAge.id], 'a percentile that does not follow from the BMI')
    t.same(rules(girl, obs('59576-9', 50, at10)), [CLINICAL_RULES.bmiForAge.id], 'a percentile with no BMI at the encounter')
    t.same(rules(girl, obs('39156-5', 16.9, at10, 'Encounter/other'), obs('59576-9', p(true, 16.9), at10)), [CLINICAL_RULES.bmiForAge.id], 'a BMI of another encounter')
    t.same(rules(patient('2000-01-01'), obs('39156-5', 22, at10), obs('59576-9', 50, at10)), [CLINICAL_RULES.bmiForAge.id], 'a BMI-for-age at 24')
    t.same(rules(boy, condition('obesity', '2023-01-01'), obs('39156-5', 22.2, at10), obs('59576-9', p(false, 22.2), at10)), [], 'obesity at the 95th percentile')
    t.same(
      rules(boy, condition('obesity', '2023-01-01'), obs('39156-5', 19, at10), obs('59576-9', p(false, 19), at10)),
      [CLINICAL_RULES.childObesity.id],
      'obesity diagnosed at the 75th percentile',
    )
    t.same(rules(boy, condition('obesity', '2025-01-01'), obs('39156-5', 19, at10), obs('59576-9', p(false, 19), at10)), [], 'before the diagnosis')
    // Age as a clinician counts it: 2 on the second birthday, not a few hours later by 365.25-day years.
    const toddler = { ...patient('2022-01-05'), gender: 'female' }
    const birthday = Date.parse('2024-01-05T10:05:00Z') - Date.parse('2022-01-05T00:00:00Z')
    const pToddler = (day: string, ms: number) => obs('59576-9', Math.round(bmiForAgePercentile(true, (ms / (365.2425 * 864e5)) * 12, 16.4) * 10) / 10, day, `Encounter/${day}`)
    t.same(rules(toddler, obs('39156-5', 16.4, '2024-01-05', 'Encounter/2024-01-05'), pToddler('2024-01-05', birthday)), [], 'a BMI-for-age on the second birthday')
    t.same(
      rules(toddler, obs('39156-5', 16.4, '2024-01-04', 'Encounter/2024-01-04'), pToddler('2024-01-04', birthday - 864e5)),
      [CLINICAL_RULES.bmiForAge.id],
      'a BMI-for-age the day before',
    )
    const adult = patient('1980-01-01')
    t.same(rules(adult, condition('obesity', '2020-01-01'), obs('39156-5', 31.2, at10)), [], 'CLIN-13: an adult with obesity at BMI 31.2')
    t.same(rules(adult, condition('obesity', '2020-01-01'), obs('39156-5', 29.9, at10)), [CLINICAL_RULES.adultObesity.id], 'CLIN-13: obesity diagnosed at BMI 29.9')
    t.same(rules(adult, condition('obesity', '2025-01-01'), obs('39156-5', 28, at10)), [], 'CLIN-13: before the diagnosis')
  },
)

t.test(
  'CLIN-14 and CLIN-15: an infant’s head circumference and weight-for-length percentiles are CDC’s for the values beside them, at the ages Bright Futures measures them',
  async (t) => {
    const { headCircumferencePercentile, weightForLengthPercentile } = await import('../../generators/data/growth-infant.js')
    const girl = { ...patient('2023-01-01'), gender: 'female' }
    const monthsAt = (date: string) => ((Date.parse(`${date}T10:05:00Z`) - Date.parse('2023-01-01T00:00:00Z')) / (365.2425 * 864e5)) * 12
    // 6.5 months old: CDC's row.
    const at6 = '2023-07-18'
    const head = (female: boolean, cm: number, date = at6) => Math.round(headCircumferencePercentile(female, monthsAt(date), cm) * 10) / 10
    const wfl = (female: boolean, kg: number, cm: number) => Math.round(weightForLengthPercentile(female, cm, kg) * 10) / 10
    // CDC 2000: a 6.5-month-old girl's median head is 42.7 cm; a 66.5 cm girl's median weight 7.44 kg.
    t.ok(Math.abs(head(true, 42.7) - 50) < 1, `girl, 6.5 months, head 42.7 cm: ${head(true, 42.7)}th percentile`)
    t.ok(Math.abs(wfl(true, 7.44, 66.5) - 50) < 1, `girl, 66.5 cm, 7.44 kg: ${wfl(true, 7.44, 66.5)}th percentile`)
    const HC = '9843-4'
    const HCP = '8289-1'
    t.same(rules(girl, obs(HC, 42.7, at6), obs(HCP, head(true, 42.7), at6)), [], 'the percentile of the head beside it')
    t.same(rules(girl, obs(HC, 42.7, at6), obs(HCP, head(false, 42.7), at6)), [CLINICAL_RULES.headCircumference.id], 'the boys’ percentile for a girl')
    t.same(rules(girl, obs(HCP, 50, at6)), [CLINICAL_RULES.headCircumference.id], 'a percentile with no head circumference at the encounter')
    t.same(rules(girl, obs(HC, 42.7, at6, 'Encounter/other'), obs(HCP, head(true, 42.7), at6)), [CLINICAL_RULES.headCircumference.id], 'a head measured at another encounter')
    // 30 months falls after REF: checked as of a later reference date.
    const at30 = '2025-07-02'
    const later = checkRecord([girl, obs(HC, 48, at30), obs(HCP, head(true, 48, at30), at30)], Date.parse('2026-01-01T00:00:00Z')).map((v) => v.rule)
    t.same(later, [CLINICAL_RULES.headCircumference.id], 'a head circumference percentile at 30 months')
    const WT = '29463-7'
    const LEN = '8302-2'
    const WFL = '77606-2'
    t.same(rules(girl, obs(WT, 7.4, at6), obs(LEN, 66.5, at6), obs(WFL, wfl(true, 7.4, 66.5), at6)), [], 'the percentile of the weight at the length beside it')
    t.same(rules(girl, obs(WT, 7.4, at6), obs(LEN, 66.5, at6), obs(WFL, wfl(true, 7.4, 70), at6)), [CLINICAL_RULES.weightForLength.id], 'a percentile at another length')
    t.same(rules(girl, obs(WT, 7.4, at6), obs(WFL, wfl(true, 7.4, 66.5), at6)), [CLINICAL_RULES.weightForLength.id], 'a percentile with no length at the encounter')
    t.same(rules(girl, obs(WT, 2, at6), obs(LEN, 40, at6), obs(WFL, wfl(true, 2, 40), at6)), [CLINICAL_RULES.weightForLength.id], 'a length below the chart')
    const at20 = '2024-09-01'
    t.same(
      rules(girl, obs(WT, 10.5, at20), obs(LEN, 82, at20), obs(WFL, wfl(true, 10.5, 82), at20)),
      [CLINICAL_RULES.weightForLength.id],
      'a weight-for-length percentile at 20 months',
    )
  },
)
