// The ground truth for the search suite: a fixed list of named FHIR searches whose parameters are
// taken from one "anchor" patient (the first patient of the run that has conditions and
// medications), and, for each, the exact ids that match over the generated data under the R4
// search rules (hl7.org/fhir/R4/search.html). Each query's matcher is written for that query
// alone; the self-tests re-derive a sample with an independent, generic matcher.
import type { PatientRecord } from './clinical/record.js'
import type { Person } from './population/demographics.js'
import type { SharedPool } from './population/pool.js'
import { SYS } from './data/systems.js'
import { isoDate, MS, type Resource } from './fhir.js'
import { usCoreQueries } from './ground-truth-us-core.js'
import { codings, hasCoding, instantMs as ms, normalizeString } from './ground-truth-match.js'

export interface GroundTruthQuery {
  name: string
  description: string
  /** The search, relative to the FHIR base. */
  query: string
  /** Ids of matching resources (search.mode = match), of `resourceType`. */
  match(record: PatientRecord): string[]
  /** `Type/id` of resources an _include/_revinclude must add (search.mode = include). */
  include?(record: PatientRecord): string[]
  /** For a query on the shared pool: its matches and includes there (written with the pool, first shard only). */
  pool?(pool: SharedPool): { match: string[]; include: string[] }
}

export interface AnchorFacts {
  patientId: string
  family: string
  given: string
  birthDate: string
  gender: string
  mrn: string
  /** Five of the anchor's Encounters and DocumentReferences (for _id searches). */
  encounterIds: string[]
  documentIds: string[]
  /** The first five of the anchor's Encounters at which something was prescribed. */
  prescribingEncounterIds: string[]
  /** Five of the anchor's ServiceRequests (lab and imaging orders). */
  serviceRequestIds: string[]
  /** The first patients of the run (up to COHORT): ids, and given names and MRNs of the first five. */
  cohort: string[]
  cohortGiven: string[]
  cohortMrns: string[]
  /** The first patients of the run who hold an implanted Device, until five Devices of each type (none in a run without implants). */
  implanted: string[]
  /** The Device types (SNOMED CT) those patients hold, in JOINT_REPLACEMENTS' order. */
  implantTypes: string[]
  /** The first patients of the run who died with a care team, up to five (fewer, or none, in a small run). */
  deceased: string[]
  /** The first patients of the run seen in the emergency department, until five such visits (fewer, or none, in a small run). */
  emergency: string[]
  pool: PoolFacts
}

/** Patients in the cohort: queries on types one patient holds few of use it as an ORed list. */
export const COHORT = 40

/** Accent- and case-insensitive form used by string search (R4 search §3.1.1.4.6? string). */
export { normalizeString }

/**
 * An anchor is an adult (40+), alive, with at least five of each thing the patient-scoped queries
 * ask for (conditions, prescriptions, reports, lipid panels, notes, encounters, procedures, EOBs,
 * and, for the queries of the last two years, encounters and heart rates then), so each such query
 * expects five matches or more. A run that holds no such patient (a small one) anchors on its first.
 */
export function isAnchor(record: PatientRecord, referenceMs: number): boolean {
  const birth = Date.parse(`${record.person.resource.birthDate}T00:00:00Z`)
  if (referenceMs - birth < 40 * MS.year || record.person.resource.deceasedDateTime !== undefined) return false
  const n = new Map<string, number>()
  for (const r of record.resources) n.set(r.resourceType, (n.get(r.resourceType) ?? 0) + 1)
  const enough = ['Condition', 'MedicationRequest', 'DiagnosticReport', 'DocumentReference', 'Encounter', 'Procedure', 'ExplanationOfBenefit'].every((t) => (n.get(t) ?? 0) >= 5)
  const lipidPanels = record.resources.filter((r) => r.resourceType === 'DiagnosticReport' && hasCoding(r.code, SYS.loinc, '57698-3')).length
  const since = referenceMs - 2 * MS.year
  const recentVisits = record.resources.filter((r) => r.resourceType === 'Encounter' && Date.parse((r.period as { end: string }).end) >= since).length
  const recentHeartRates = record.resources.filter(
    (r) => r.resourceType === 'Observation' && hasCoding(r.code, SYS.loinc, '8867-4') && Date.parse(String(r.effectiveDateTime)) >= since,
  ).length
  return enough && lipidPanels >= 5 && recentVisits >= 5 && recentHeartRates >= 5
}

/** What queries on the shared pool name: five of each (or every specialty), in pool order. */
export interface PoolFacts {
  organizationNames: string[]
  practitionerFamilies: string[]
  npis: string[]
  practitionerIds: string[]
  specialties: string[]
  /** The first five distinct cities of the organizations' addresses (providers, then payers). */
  organizationCities: string[]
  /**
   * The first two provider organizations' site names, each up to its first comma (a comma would OR
   * it apart): a prefix of the campus and both satellite clinics, six matches; the third
   * organization's sites match none, so a server that ignores the parameter is caught.
   */
  locationNames: string[]
  /** Cities, states and postal codes of those two organizations' campuses (their satellites share them). */
  locationCities: string[]
  locationStates: string[]
  locationPostalCodes: string[]
}

/** The first five distinct values a search can carry as they are (no comma, backslash, pipe or dollar to escape). */
const searchable = (values: string[]) => [...new Set(values.filter((v) => v && !/[,\\|$]/.test(v)))].slice(0, 5)

export function poolFacts(pool: SharedPool): PoolFacts {
  const orgs = [...pool.organizations, ...pool.payers.values()]
  // The main campuses of the first two provider organizations (pool.locations starts with one campus per organization).
  const campuses = pool.locations.slice(0, 2)
  const campusAddress = (l: Resource) => l.address as { city: string; state: string; postalCode: string }
  const name = (p: Resource) => (p.name as Array<{ family: string }>)[0]!.family
  const npi = (p: Resource) => (p.identifier as Array<{ system: string; value: string }>).find((i) => i.system === SYS.npi)!.value
  const specialty = (r: Resource) => (r.specialty as Array<{ coding: Array<{ code: string }> }>)[0]!.coding[0]!.code
  return {
    organizationNames: orgs.slice(0, 5).map((o) => String(o.name)),
    practitionerFamilies: [...new Set(pool.practitioners.map(name))].slice(0, 5),
    npis: pool.practitioners.slice(0, 5).map(npi),
    practitionerIds: pool.practitioners.slice(0, 5).map((p) => p.id),
    specialties: [...new Set(pool.roles.map(specialty))].sort(),
    organizationCities: searchable(orgs.flatMap((o) => (o.address as Array<{ city: string }> | undefined)?.[0]?.city ?? [])),
    locationNames: searchable(campuses.map((l) => String(l.name).split(',')[0]!.trim())),
    locationCities: searchable(campuses.map((l) => campusAddress(l).city)),
    locationStates: searchable(campuses.map((l) => campusAddress(l).state)),
    locationPostalCodes: searchable(campuses.map((l) => campusAddress(l).postalCode)),
  }
}

export function anchorFacts(
  record: PatientRecord,
  cohort: Person[],
  pool: SharedPool,
  rare: Pick<AnchorFacts, 'implanted' | 'implantTypes' | 'deceased' | 'emergency'>,
): AnchorFacts {
  const five = (type: string) =>
    record.resources
      .filter((r) => r.resourceType === type)
      .slice(0, 5)
      .map((r) => r.id)
  return {
    patientId: record.person.id,
    family: record.person.family,
    given: record.person.given,
    birthDate: String(record.person.resource.birthDate),
    gender: String(record.person.resource.gender),
    mrn: record.person.mrn,
    encounterIds: five('Encounter'),
    documentIds: five('DocumentReference'),
    serviceRequestIds: five('ServiceRequest'),
    prescribingEncounterIds: [
      ...new Set(
        record.resources
          .filter((r) => r.resourceType === 'MedicationRequest')
          .map((r) => ((r.encounter as { reference?: string } | undefined)?.reference ?? '').split('/')[1] ?? ''),
      ),
    ]
      .filter(Boolean)
      .slice(0, 5),
    cohort: cohort.map((c) => c.id),
    cohortGiven: [...new Set(cohort.slice(0, 5).map((c) => c.given))],
    cohortMrns: cohort.slice(0, 5).map((c) => c.mrn),
    ...rare,
    pool: poolFacts(pool),
  }
}

const of = (record: PatientRecord, type: string) => record.resources.filter((r) => r.resourceType === type)
const refId = (r: unknown) => ((r as { reference?: string } | undefined)?.reference ?? '').split('/')[1]
const patientOf = (r: Resource) => refId(r.subject ?? r.patient)

export function buildQueries(anchor: AnchorFacts, referenceMs: number): GroundTruthQuery[] {
  const ref = isoDate(referenceMs)
  const yearAgo = isoDate(referenceMs - MS.year)
  const twoYearsAgo = isoDate(referenceMs - 2 * MS.year)
  const adultCut = isoDate(referenceMs - 18 * MS.year)
  const seniorCut = isoDate(referenceMs - 65 * MS.year)
  const birthYear = anchor.birthDate.slice(0, 4)
  // Years fixed by the reference date, not the anchor: an anchor who is the run's oldest (or youngest) would leave eb (or sa) nothing.
  const minorsAfter = String(new Date(referenceMs).getUTCFullYear() - 18)
  const seniorsBefore = String(new Date(referenceMs).getUTCFullYear() - 65)
  // Asked as written (a capitalised prefix), so that servers with case-sensitive string search
  // (HealthLake documents it) answer the same set; case-insensitivity itself is SE-05's and SE-28's to check.
  // One letter: a two-letter prefix of a rare surname (Altenwerth) can match two patients in 2,000.
  const initial = [...anchor.family][0] ?? 'A'
  const familyPrefix = normalizeString(initial)
  const familyInner = normalizeString(anchor.family).slice(1, 3)
  const PATIENT = (test: (p: Resource) => boolean) => (rec: PatientRecord) => (test(rec.person.resource) ? [rec.person.id] : [])
  const birth = (p: Resource) => String(p.birthDate)
  const names = (p: Resource) => (p.name as Array<{ family?: string; given?: string[] }>).flatMap((n) => [n.family ?? '', ...(n.given ?? [])])
  const isAnchorPatient = (rec: PatientRecord) => rec.person.id === anchor.patientId
  const ofAnchor = (rec: PatientRecord, type: string) => (isAnchorPatient(rec) ? of(rec, type) : [])
  const ids = (rs: Resource[]) => rs.map((r) => r.id)
  const five = anchor.cohort.slice(0, 5)

  return [
    {
      name: 'patient-family-prefix',
      description: 'string: case- and accent-insensitive starts-with on HumanName.family',
      query: `Patient?family=${encodeURIComponent(initial)}`,
      match: PATIENT((p) => (p.name as Array<{ family?: string }>).some((n) => normalizeString(n.family ?? '').startsWith(familyPrefix))),
    },
    {
      name: 'patient-given-exact',
      description: 'string :exact: exact, case-sensitive match on any of the first patients’ given names (a comma list ORs)',
      query: `Patient?given:exact=${anchor.cohortGiven.map(encodeURIComponent).join(',')}`,
      match: PATIENT((p) => (p.name as Array<{ given?: string[] }>).some((n) => (n.given ?? []).some((g) => anchor.cohortGiven.includes(g)))),
    },
    {
      name: 'patient-name-contains',
      description: 'string :contains: substring of any name part, case-insensitive',
      query: `Patient?name:contains=${familyInner}`,
      match: PATIENT((p) => names(p).some((n) => normalizeString(n).includes(familyInner))),
    },
    {
      name: 'patient-gender',
      description: 'token without system',
      query: 'Patient?gender=female',
      match: PATIENT((p) => p.gender === 'female'),
    },
    {
      name: 'patient-gender-not',
      description: 'token :not',
      query: 'Patient?gender:not=female',
      match: PATIENT((p) => p.gender !== 'female'),
    },
    {
      name: 'patient-identifier',
      description: 'token system|value on Identifier (US Core SHALL), five MRNs ORed',
      query: `Patient?identifier=${anchor.cohortMrns.map((m) => `${SYS.mrn}|${m}`).join(',')}`,
      match: PATIENT((p) => (p.identifier as Array<{ system?: string; value?: string }>).some((i) => i.system === SYS.mrn && anchor.cohortMrns.includes(i.value ?? ''))),
    },
    { name: 'birthdate-eq-year', description: 'date eq at year precision', query: `Patient?birthdate=eq${birthYear}`, match: PATIENT((p) => birth(p).startsWith(birthYear)) },
    {
      name: 'uscore-patient-name',
      description: 'US Core SHALL: Patient by name (starts-with on any part)',
      query: `Patient?name=${encodeURIComponent(initial)}`,
      match: PATIENT((p) => names(p).some((n) => normalizeString(n).startsWith(familyPrefix))),
    },
    {
      name: 'uscore-patient-birthdate-name',
      description: 'US Core SHALL: Patient by birthdate and name',
      query: `Patient?birthdate=le${anchor.birthDate}&name=${encodeURIComponent(initial)}`,
      match: PATIENT((p) => birth(p) <= anchor.birthDate && names(p).some((n) => normalizeString(n).startsWith(normalizeString(initial)))),
    },
    {
      name: 'uscore-patient-gender-name',
      description: 'US Core SHALL: Patient by gender and name',
      query: `Patient?gender=female&name=${encodeURIComponent(initial)}`,
      match: PATIENT((p) => p.gender === 'female' && names(p).some((n) => normalizeString(n).startsWith(normalizeString(initial)))),
    },
    { name: 'birthdate-ne-year', description: 'date ne at year precision', query: `Patient?birthdate=ne${birthYear}`, match: PATIENT((p) => !birth(p).startsWith(birthYear)) },
    { name: 'birthdate-gt', description: 'date gt (under 18 at the reference date)', query: `Patient?birthdate=gt${adultCut}`, match: PATIENT((p) => birth(p) > adultCut) },
    { name: 'birthdate-lt', description: 'date lt (over 65 at the reference date)', query: `Patient?birthdate=lt${seniorCut}`, match: PATIENT((p) => birth(p) < seniorCut) },
    { name: 'birthdate-ge', description: 'date ge, day precision', query: `Patient?birthdate=ge${anchor.birthDate}`, match: PATIENT((p) => birth(p) >= anchor.birthDate) },
    { name: 'birthdate-le', description: 'date le, day precision', query: `Patient?birthdate=le${anchor.birthDate}`, match: PATIENT((p) => birth(p) <= anchor.birthDate) },
    {
      name: 'birthdate-sa',
      description: 'date sa: starts after the end of the year (the year 18 years before the reference date, so minors answer whoever the anchor is)',
      query: `Patient?birthdate=sa${minorsAfter}`,
      match: PATIENT((p) => birth(p).slice(0, 4) > minorsAfter),
    },
    {
      name: 'birthdate-eb',
      description: 'date eb: ends before the start of the year (the year 65 years before the reference date, so seniors answer whoever the anchor is)',
      query: `Patient?birthdate=eb${seniorsBefore}`,
      match: PATIENT((p) => birth(p).slice(0, 4) < seniorsBefore),
    },
    {
      name: 'observation-patient-code',
      description: 'reference Patient/id AND token system|code',
      query: `Observation?patient=Patient/${anchor.patientId}&code=${SYS.loinc}|29463-7`,
      match: (rec) => ids(ofAnchor(rec, 'Observation').filter((o) => hasCoding(o.code, SYS.loinc, '29463-7'))),
    },
    {
      name: 'observation-code-date-range',
      description: 'token AND a date range (ge, lt) on effectiveDateTime',
      query: `Observation?code=${SYS.loinc}|4548-4&date=ge${yearAgo}&date=lt${ref}`,
      match: (rec) =>
        ids(
          of(rec, 'Observation').filter(
            (o) => hasCoding(o.code, SYS.loinc, '4548-4') && ms(o.effectiveDateTime) >= ms(`${yearAgo}T00:00:00Z`) && ms(o.effectiveDateTime) < ms(`${ref}T00:00:00Z`),
          ),
        ),
    },
    {
      name: 'observation-value-quantity',
      description: 'quantity gt with implicit precision (HbA1c ≥ 6.5 %)',
      query: `Observation?code=${SYS.loinc}|4548-4&value-quantity=gt6.45`,
      match: (rec) => ids(of(rec, 'Observation').filter((o) => hasCoding(o.code, SYS.loinc, '4548-4') && (o.valueQuantity as { value: number }).value >= 6.5)),
    },
    {
      name: 'observation-category-patient',
      description: 'token on category for one patient',
      query: `Observation?patient=${anchor.patientId}&category=vital-signs`,
      // A cause-of-death Observation has no category.
      match: (rec) => ids(ofAnchor(rec, 'Observation').filter((o) => codings((o.category as unknown[] | undefined)?.[0]).some((c) => c.code === 'vital-signs'))),
    },
    {
      name: 'condition-code',
      description: 'token system|code on Condition (essential hypertension)',
      query: `Condition?code=${SYS.snomed}|59621000`,
      match: (rec) => ids(of(rec, 'Condition').filter((c) => hasCoding(c.code, SYS.snomed, '59621000'))),
    },
    {
      name: 'condition-resolved-bronchitis',
      description: 'two tokens ANDed (code and clinical-status)',
      query: `Condition?code=${SYS.snomed}|10509002&clinical-status=resolved`,
      match: (rec) => ids(of(rec, 'Condition').filter((c) => hasCoding(c.code, SYS.snomed, '10509002') && codings(c.clinicalStatus).some((x) => x.code === 'resolved'))),
    },
    {
      name: 'encounter-class-date',
      description: 'token on class AND a Period date range (emergency visits in the last two years)',
      query: `Encounter?class=${SYS.actCode}|EMER&date=ge${twoYearsAgo}&date=lt${ref}`,
      match: (rec) =>
        ids(
          of(rec, 'Encounter').filter((e) => {
            const p = e.period as { start: string; end: string }
            return (e.class as { code: string }).code === 'EMER' && ms(p.end) >= ms(`${twoYearsAgo}T00:00:00Z`) && ms(p.start) < ms(`${ref}T00:00:00Z`)
          }),
        ),
    },
    {
      name: 'encounter-class-inpatient',
      description: 'token on class (inpatient)',
      query: `Encounter?class=${SYS.actCode}|IMP`,
      match: (rec) => ids(of(rec, 'Encounter').filter((e) => (e.class as { code: string }).code === 'IMP')),
    },
    {
      name: 'immunization-flu-last-year',
      description: 'token on vaccine-code AND date ge',
      query: `Immunization?vaccine-code=${SYS.cvx}|140&date=ge${yearAgo}`,
      match: (rec) => ids(of(rec, 'Immunization').filter((i) => hasCoding(i.vaccineCode, SYS.cvx, '140') && ms(i.occurrenceDateTime) >= ms(`${yearAgo}T00:00:00Z`))),
    },
    {
      name: 'medicationrequest-include-requester',
      description: '_include=MedicationRequest:requester',
      query: `MedicationRequest?patient=Patient/${anchor.patientId}&_include=MedicationRequest:requester`,
      match: (rec) => ids(ofAnchor(rec, 'MedicationRequest')),
      include: (rec) => [...new Set(ofAnchor(rec, 'MedicationRequest').map((m) => (m.requester as { reference: string }).reference))],
    },
    {
      name: 'patient-revinclude-condition',
      description: '_revinclude=Condition:subject, for five patients by _id',
      query: `Patient?_id=${five.join(',')}&_revinclude=Condition:subject`,
      match: (rec) => (five.includes(rec.person.id) ? [rec.person.id] : []),
      include: (rec) => (five.includes(rec.person.id) ? of(rec, 'Condition').map((c) => `Condition/${c.id}`) : []),
    },
    {
      name: 'observation-chain-patient-identifier',
      description: 'chained parameter patient.identifier',
      query: `Observation?patient.identifier=${SYS.mrn}|${anchor.mrn}&code=${SYS.loinc}|8867-4`,
      match: (rec) => (rec.person.mrn === anchor.mrn ? ids(of(rec, 'Observation').filter((o) => hasCoding(o.code, SYS.loinc, '8867-4'))) : []),
    },
    {
      name: 'patient-has-diabetes',
      description: '_has: patients with a type 2 diabetes Condition',
      query: `Patient?_has:Condition:patient:code=${SYS.snomed}|44054006`,
      match: (rec) => (of(rec, 'Condition').some((c) => hasCoding(c.code, SYS.snomed, '44054006') && patientOf(c) === rec.person.id) ? [rec.person.id] : []),
    },
    {
      name: 'diagnosticreport-patient-code',
      description: 'DiagnosticReport by patient and panel code',
      query: `DiagnosticReport?patient=Patient/${anchor.patientId}&code=${SYS.loinc}|57698-3`,
      match: (rec) => ids(ofAnchor(rec, 'DiagnosticReport').filter((d) => hasCoding(d.code, SYS.loinc, '57698-3'))),
    },
    ...usCoreQueries(anchor, referenceMs),
  ]
}
