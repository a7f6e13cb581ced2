// Ground-truth queries for what US Core 6.1's server CapabilityStatement makes SHALL, for the types
// the generator writes (each SHALL search parameter and combination, and Provenance:target
// revincludes), and for the payer graph (ExplanationOfBenefit → Claim → Encounter → Patient).
// Patient-scoped queries use the anchor when one record holds enough matches, and the cohort (the
// first patients of the run, a comma list: an OR) where one patient rarely has five.
import type { PatientRecord } from './clinical/record.js'
import { SYS } from './data/systems.js'
import { isoDate, MS, type Resource } from './fhir.js'
import type { AnchorFacts, GroundTruthQuery } from './ground-truth.js'
import { hasCoding as has, instantMs as at, normalizeString, poolQuery } from './ground-truth-match.js'
import { usCoreShouldPoolQueries, usCoreShouldQueries } from './ground-truth-us-core-should.js'
import { usCoreDeviceQueries } from './ground-truth-us-core-devices.js'
import { usCoreOrderQueries } from './ground-truth-us-core-orders.js'
import { usCoreEndedCareQueries } from './ground-truth-us-core-ended.js'

const of = (rec: PatientRecord, type: string) => rec.resources.filter((r) => r.resourceType === type)
const ids = (rs: Resource[]) => rs.map((r) => r.id)
const refOf = (r: unknown) => (r as { reference?: string } | undefined)?.reference ?? ''

const DOC_CATEGORY = SYS.usCoreDocumentReferenceCategory

function helpers(a: AnchorFacts, referenceMs: number) {
  const A = `Patient/${a.patientId}`
  const cohort = new Set(a.cohort)
  const C = a.cohort.map((id) => `Patient/${id}`).join(',')
  const twoYearsAgo = isoDate(referenceMs - 2 * MS.year)
  const since = `${twoYearsAgo}T00:00:00Z`
  const anchor =
    (type: string, test: (r: Resource) => boolean = () => true) =>
    (rec: PatientRecord) =>
      rec.person.id === a.patientId ? ids(of(rec, type).filter(test)) : []
  const inCohort =
    (type: string, test: (r: Resource) => boolean = () => true) =>
    (rec: PatientRecord) =>
      cohort.has(rec.person.id) ? ids(of(rec, type).filter(test)) : []
  const provenanceOf = (rec: PatientRecord, targets: Set<string>) =>
    of(rec, 'Provenance').filter((p) => (p.target as Array<{ reference: string }>).some((t) => targets.has(t.reference)))
  const q = (name: string, description: string, query: string, match: GroundTruthQuery['match'], include?: GroundTruthQuery['include']): GroundTruthQuery => ({
    name,
    description,
    query,
    match,
    include,
  })
  const revProvenance = (type: string, pick: GroundTruthQuery['match']) => (rec: PatientRecord) =>
    provenanceOf(rec, new Set(pick(rec).map((id) => `${type}/${id}`))).map((p) => `Provenance/${p.id}`)

  const allergies = inCohort('AllergyIntolerance')
  const encounters = anchor('Encounter')
  const problems = inCohort('Condition', (c) => has((c.category as unknown[] | undefined)?.[0], SYS.usCoreConditionCategory, 'problem-list-item'))
  return { a, A, C, cohort, twoYearsAgo, since, anchor, inCohort, q, revProvenance, allergies, encounters, problems }
}

export function usCoreQueries(a: AnchorFacts, referenceMs: number): GroundTruthQuery[] {
  const h = helpers(a, referenceMs)
  return [
    ...clinicalQueries(h),
    ...recordQueries(h),
    ...usCoreDeviceQueries(h),
    ...usCoreOrderQueries(h),
    ...usCoreEndedCareQueries(h),
    ...payerGraph(a, h.A, h.C, h.cohort),
    ...poolQueries(a),
    ...usCoreShouldQueries(h),
    ...usCoreShouldPoolQueries(a),
  ]
}

export type Helpers = ReturnType<typeof helpers>

/** Allergies, care plans and teams, conditions, coverage, lab reports. */
function clinicalQueries({ A, C, twoYearsAgo, since, anchor, inCohort, q, revProvenance, allergies, problems }: Helpers): GroundTruthQuery[] {
  return [
    q('uscore-allergy-patient', 'US Core SHALL: AllergyIntolerance by patient (a cohort, ORed)', `AllergyIntolerance?patient=${C}`, allergies),
    q(
      'uscore-allergy-revinclude-provenance',
      'US Core SHALL: _revinclude=Provenance:target',
      `AllergyIntolerance?patient=${C}&_revinclude=Provenance:target`,
      allergies,
      revProvenance('AllergyIntolerance', allergies),
    ),
    q(
      'uscore-careplan-patient-category',
      'US Core SHALL: CarePlan by patient and category',
      `CarePlan?patient=${C}&category=${SYS.usCoreCarePlanCategory}|assess-plan`,
      inCohort('CarePlan'),
    ),
    q(
      'uscore-careteam-patient-status',
      'US Core SHALL: CareTeam by patient and status',
      `CareTeam?patient=${C}&status=active`,
      inCohort('CareTeam', (c) => c.status === 'active'),
    ),
    q('uscore-condition-patient', 'US Core SHALL: Condition by patient', `Condition?patient=${A}`, anchor('Condition')),
    q(
      'uscore-condition-patient-category',
      'US Core SHALL: Condition by patient and category (problem list)',
      `Condition?patient=${C}&category=${SYS.usCoreConditionCategory}|problem-list-item`,
      problems,
    ),
    q(
      'uscore-condition-revinclude-provenance',
      'Condition with the Provenance that targets it',
      `Condition?patient=${C}&category=${SYS.usCoreConditionCategory}|problem-list-item&_revinclude=Provenance:target`,
      problems,
      revProvenance('Condition', problems),
    ),
    q('uscore-coverage-patient', 'US Core SHALL: Coverage by patient', `Coverage?patient=${C}`, inCohort('Coverage')),
    q('uscore-diagnosticreport-patient', 'US Core SHALL: DiagnosticReport by patient', `DiagnosticReport?patient=${A}`, anchor('DiagnosticReport')),
    q(
      'uscore-diagnosticreport-patient-category',
      'US Core SHALL: DiagnosticReport by patient and category',
      `DiagnosticReport?patient=${A}&category=${SYS.diagnosticServiceSection}|LAB`,
      anchor('DiagnosticReport', (d) => has((d.category as unknown[] | undefined)?.[0], SYS.diagnosticServiceSection, 'LAB')),
    ),
    q(
      'uscore-diagnosticreport-patient-category-date',
      'US Core SHALL: DiagnosticReport by patient, category and date',
      `DiagnosticReport?patient=${C}&category=${SYS.diagnosticServiceSection}|LAB&date=ge${twoYearsAgo}`,
      inCohort('DiagnosticReport', (d) => has((d.category as unknown[] | undefined)?.[0], SYS.diagnosticServiceSection, 'LAB') && at(d.effectiveDateTime) >= at(since)),
    ),
    q(
      'uscore-diagnosticreport-patient-code',
      'US Core SHALL: DiagnosticReport by patient and code (lipid panel)',
      `DiagnosticReport?patient=${C}&code=${SYS.loinc}|57698-3`,
      inCohort('DiagnosticReport', (d) => has(d.code, SYS.loinc, '57698-3')),
    ),
  ]
}

/** Notes, encounters, goals, immunizations, prescriptions, observations, procedures, patients. */
function recordQueries({ a, A, C, twoYearsAgo, since, anchor, inCohort, q, revProvenance, encounters }: Helpers): GroundTruthQuery[] {
  return [
    q(
      'uscore-documentreference-id',
      'US Core SHALL: DocumentReference by _id (five ids)',
      `DocumentReference?_id=${a.documentIds.join(',')}`,
      anchor('DocumentReference', (d) => a.documentIds.includes(d.id)),
    ),
    q('uscore-documentreference-patient', 'US Core SHALL: DocumentReference by patient', `DocumentReference?patient=${A}`, anchor('DocumentReference')),
    q(
      'uscore-documentreference-patient-type',
      'US Core SHALL: DocumentReference by patient and type (progress notes)',
      `DocumentReference?patient=${A}&type=${SYS.loinc}|11506-3`,
      anchor('DocumentReference', (d) => has(d.type, SYS.loinc, '11506-3')),
    ),
    q(
      'uscore-documentreference-patient-category',
      'US Core SHALL: DocumentReference by patient and category',
      `DocumentReference?patient=${A}&category=${DOC_CATEGORY}|clinical-note`,
      anchor('DocumentReference'),
    ),
    q(
      'uscore-documentreference-patient-category-date',
      'US Core SHALL: DocumentReference by patient, category and date',
      `DocumentReference?patient=${C}&category=${DOC_CATEGORY}|clinical-note&date=ge${twoYearsAgo}`,
      inCohort('DocumentReference', (d) => at(d.date) >= at(since)),
    ),
    q(
      'uscore-encounter-id',
      'US Core SHALL: Encounter by _id (five ids)',
      `Encounter?_id=${a.encounterIds.join(',')}`,
      anchor('Encounter', (e) => a.encounterIds.includes(e.id)),
    ),
    q('uscore-encounter-patient', 'US Core SHALL: Encounter by patient', `Encounter?patient=${A}`, encounters),
    q(
      'uscore-encounter-date-patient',
      'US Core SHALL: Encounter by date and patient (periods ending on or after the date)',
      `Encounter?date=ge${twoYearsAgo}&patient=${A}`,
      anchor('Encounter', (e) => at((e.period as { end: string }).end) >= at(since)),
    ),
    q(
      'uscore-encounter-revinclude-provenance',
      'Encounter with the Provenance that targets it',
      `Encounter?patient=${A}&_revinclude=Provenance:target`,
      encounters,
      revProvenance('Encounter', encounters),
    ),
    q('uscore-goal-patient', 'US Core SHALL: Goal by patient', `Goal?patient=${C}`, inCohort('Goal')),
    q('uscore-immunization-patient', 'US Core SHALL: Immunization by patient', `Immunization?patient=${C}`, inCohort('Immunization')),
    q(
      'uscore-medicationrequest-patient-intent',
      'US Core SHALL: MedicationRequest by patient and intent',
      `MedicationRequest?patient=${A}&intent=order`,
      anchor('MedicationRequest'),
    ),
    q(
      'uscore-medicationrequest-include-medication',
      'US Core SHALL: _include=MedicationRequest:medication (chronic prescriptions reference a Medication)',
      `MedicationRequest?patient=${A}&intent=order&_include=MedicationRequest:medication`,
      anchor('MedicationRequest'),
      (rec) =>
        rec.person.id === a.patientId
          ? [
              ...new Set(
                of(rec, 'MedicationRequest')
                  .map((m) => refOf(m.medicationReference))
                  .filter(Boolean),
              ),
            ]
          : [],
    ),
    q(
      'uscore-medicationrequest-patient-intent-status',
      'US Core SHALL: MedicationRequest by patient, intent and status',
      `MedicationRequest?patient=${C}&intent=order&status=active`,
      inCohort('MedicationRequest', (m) => m.status === 'active'),
    ),
    q(
      'uscore-observation-patient-category',
      'US Core SHALL: Observation by patient and category',
      `Observation?patient=${A}&category=${SYS.obsCategory}|laboratory`,
      anchor('Observation', (o) => has((o.category as unknown[] | undefined)?.[0], SYS.obsCategory, 'laboratory')),
    ),
    q(
      'uscore-observation-patient-category-date',
      'US Core SHALL: Observation by patient, category and date',
      `Observation?patient=${A}&category=${SYS.obsCategory}|vital-signs&date=ge${twoYearsAgo}`,
      anchor('Observation', (o) => has((o.category as unknown[] | undefined)?.[0], SYS.obsCategory, 'vital-signs') && at(o.effectiveDateTime) >= at(since)),
    ),
    q(
      'uscore-observation-patient-category-sdoh',
      'US Core SHALL: Observation by patient and category (SDOH screening: the Hunger Vital Sign)',
      `Observation?patient=${C}&category=${SYS.usCoreCategory}|sdoh`,
      inCohort('Observation', (o) => ((o.category as unknown[] | undefined) ?? []).some((c) => has(c, SYS.usCoreCategory, 'sdoh'))),
    ),
    q(
      'uscore-diagnosticreport-patient-category-radiology',
      'US Core SHALL: DiagnosticReport by patient and category (radiology notes on mammograms and chest X-rays)',
      `DiagnosticReport?patient=${C}&category=${SYS.loinc}|LP29684-5`,
      inCohort('DiagnosticReport', (d) => has((d.category as unknown[] | undefined)?.[0], SYS.loinc, 'LP29684-5')),
    ),
    q('imagingstudy-patient', 'R4: ImagingStudy by patient (the studies those reports read)', `ImagingStudy?patient=${C}`, inCohort('ImagingStudy')),
    q(
      'uscore-observation-patient-code',
      'US Core SHALL: Observation by patient and code (heart rate)',
      `Observation?patient=${A}&code=${SYS.loinc}|8867-4`,
      anchor('Observation', (o) => has(o.code, SYS.loinc, '8867-4')),
    ),
    q('uscore-procedure-patient', 'US Core SHALL: Procedure by patient', `Procedure?patient=${A}`, anchor('Procedure')),
    q(
      'uscore-procedure-patient-date',
      'US Core SHALL: Procedure by patient and date',
      `Procedure?patient=${C}&date=ge${twoYearsAgo}`,
      inCohort('Procedure', (p) => at((p.performedPeriod as { end: string }).end) >= at(since)),
    ),
    q('uscore-patient-id', 'US Core SHALL: Patient by _id (five ids)', `Patient?_id=${a.cohort.slice(0, 5).join(',')}`, (rec) =>
      a.cohort.slice(0, 5).includes(rec.person.id) ? [rec.person.id] : [],
    ),
  ]
}

function payerGraph(a: AnchorFacts, A: string, C: string, cohort: Set<string>): GroundTruthQuery[] {
  const eobs = (rec: PatientRecord) => (rec.person.id === a.patientId ? of(rec, 'ExplanationOfBenefit') : [])
  return [
    {
      name: 'eob-patient-include-claim',
      description: '_include=ExplanationOfBenefit:claim: each EOB with the Claim it adjudicates',
      query: `ExplanationOfBenefit?patient=${A}&_include=ExplanationOfBenefit:claim`,
      match: (rec) => ids(eobs(rec)),
      include: (rec) => eobs(rec).map((e) => refOf(e.claim)),
    },
    {
      name: 'claim-chain-encounter-class',
      description: 'chained parameter encounter.class on Claim (claims for emergency visits)',
      query: `Claim?encounter.class=${SYS.actCode}|EMER`,
      match: (rec) => {
        const emergency = new Set(
          of(rec, 'Encounter')
            .filter((e) => (e.class as { code: string }).code === 'EMER')
            .map((e) => `Encounter/${e.id}`),
        )
        return ids(
          of(rec, 'Claim').filter((c) => (c.item as Array<{ encounter?: Array<{ reference: string }> }>).some((i) => (i.encounter ?? []).some((e) => emergency.has(e.reference)))),
        )
      },
    },
    {
      name: 'encounter-has-claim',
      description: '_has: the anchor’s encounters that were billed (Claims of the same patient, so the inner level stays small)',
      query: `Encounter?patient=${A}&_has:Claim:encounter:patient=${A}`,
      match: (rec) => {
        if (rec.person.id !== a.patientId) return []
        const billed = new Set(
          of(rec, 'Claim').flatMap((c) => (c.item as Array<{ encounter?: Array<{ reference: string }> }>).flatMap((i) => (i.encounter ?? []).map((e) => e.reference))),
        )
        return ids(of(rec, 'Encounter').filter((e) => billed.has(`Encounter/${e.id}`)))
      },
    },
    {
      name: 'coverage-revinclude-eob',
      description: '_revinclude=ExplanationOfBenefit:coverage: the cohort’s coverages with the EOBs paid under them',
      query: `Coverage?patient=${C}&_revinclude=ExplanationOfBenefit:coverage`,
      match: (rec) => (cohort.has(rec.person.id) ? ids(of(rec, 'Coverage')) : []),
      include: (rec) => (cohort.has(rec.person.id) ? of(rec, 'ExplanationOfBenefit').map((e) => `ExplanationOfBenefit/${e.id}`) : []),
    },
  ]
}

/**
 * US Core SHALL searches on the shared pool (Organization name and address; Location name and
 * address; Practitioner name and identifier; PractitionerRole specialty and practitioner, with
 * _include=PractitionerRole:practitioner), each an ORed list so it expects five or more. A string
 * parameter on an Address matches any of its parts from the start (R4 search, string).
 */
function poolQueries(a: AnchorFacts): GroundTruthQuery[] {
  const f = a.pool
  const q = poolQuery
  const names = (r: Resource) => (r.name as Array<{ family?: string; given?: string[] }>).flatMap((n) => [n.family ?? '', ...(n.given ?? [])])
  const starts = (value: string, prefixes: string[]) => prefixes.some((p) => normalizeString(value).startsWith(normalizeString(p)))
  type Address = { line?: string[]; city?: string; district?: string; state?: string; postalCode?: string; country?: string; text?: string }
  const addressParts = (a: Address | undefined) => (a ? [...(a.line ?? []), a.city, a.district, a.state, a.postalCode, a.country, a.text].filter((p): p is string => !!p) : [])
  const addressed = (parts: string[], prefixes: string[]) => parts.some((p) => starts(p, prefixes))
  return [
    q('uscore-organization-name', 'US Core SHALL: Organization by name (five, ORed)', `Organization?name=${f.organizationNames.join(',')}`, (pool) => ({
      match: [...pool.organizations, ...pool.payers.values()].filter((o) => starts(String(o.name), f.organizationNames)).map((o) => o.id),
      include: [],
    })),
    q(
      'uscore-organization-address',
      'US Core SHALL: Organization by address (five cities, ORed; providers and payers)',
      `Organization?address=${f.organizationCities.join(',')}`,
      (pool) => ({
        match: [...pool.organizations, ...pool.payers.values()]
          .filter((o) => addressed(((o.address as Address[] | undefined) ?? []).flatMap(addressParts), f.organizationCities))
          .map((o) => o.id),
        include: [],
      }),
    ),
    q(
      'uscore-location-name',
      "US Core SHALL: Location by name (two organizations' campuses and satellite clinics, ORed)",
      `Location?name=${f.locationNames.join(',')}`,
      (pool) => ({
        match: pool.locations.filter((l) => starts(String(l.name), f.locationNames)).map((l) => l.id),
        include: [],
      }),
    ),
    q('uscore-location-address', "US Core SHALL: Location by address (two organizations' cities, ORed)", `Location?address=${f.locationCities.join(',')}`, (pool) => ({
      match: pool.locations.filter((l) => addressed(addressParts(l.address as Address), f.locationCities)).map((l) => l.id),
      include: [],
    })),
    q('uscore-practitioner-name', 'US Core SHALL: Practitioner by name (five family names, ORed)', `Practitioner?name=${f.practitionerFamilies.join(',')}`, (pool) => ({
      match: pool.practitioners.filter((p) => names(p).some((n) => starts(n, f.practitionerFamilies))).map((p) => p.id),
      include: [],
    })),
    q(
      'uscore-practitioner-identifier',
      'US Core SHALL: Practitioner by identifier (five NPIs, ORed)',
      `Practitioner?identifier=${f.npis.map((n) => `${SYS.npi}|${n}`).join(',')}`,
      (pool) => ({
        match: pool.practitioners
          .filter((p) => (p.identifier as Array<{ system: string; value: string }>).some((i) => i.system === SYS.npi && f.npis.includes(i.value)))
          .map((p) => p.id),
        include: [],
      }),
    ),
    q(
      'uscore-practitionerrole-specialty',
      'US Core SHALL: PractitionerRole by specialty (every NUCC code in the pool, ORed)',
      `PractitionerRole?specialty=${f.specialties.map((c) => `${SYS.nucc}|${c}`).join(',')}`,
      (pool) => ({
        match: pool.roles.filter((r) => (r.specialty as unknown[]).some((c) => f.specialties.some((code) => has(c, SYS.nucc, code)))).map((r) => r.id),
        include: [],
      }),
    ),
    q(
      'uscore-practitionerrole-practitioner-include',
      'US Core SHALL: PractitionerRole by practitioner, with _include=PractitionerRole:practitioner',
      `PractitionerRole?practitioner=${f.practitionerIds.map((id) => `Practitioner/${id}`).join(',')}&_include=PractitionerRole:practitioner`,
      (pool) => {
        const roles = pool.roles.filter((r) => f.practitionerIds.includes(refOf(r.practitioner).slice('Practitioner/'.length)))
        return { match: roles.map((r) => r.id), include: [...new Set(roles.map((r) => refOf(r.practitioner)))] }
      },
    ),
  ]
}
