// Ground-truth queries for searches US Core 6.1's server CapabilityStatement makes SHOULD, where the
// generated data lets the filter leave something out: resolved conditions beside active ones,
// emergency visits beside ambulatory ones, results and doses before the date, the third provider
// organization's sites. A SHOULD search whose filter every generated resource passes (Encounter
// status, Procedure status: all finished or completed) is not asked: a server ignoring the
// parameter would answer it right.
import type { PatientRecord } from './clinical/record.js'
import { SYS } from './data/systems.js'
import type { Resource } from './fhir.js'
import type { AnchorFacts, GroundTruthQuery } from './ground-truth.js'
import { hasCoding as has, instantMs as at, normalizeString, poolQuery as q } from './ground-truth-match.js'
import type { Helpers } from './ground-truth-us-core.js'

const HYPERTENSION = '59621000'

/** Conditions, encounters, results, doses, prescriptions and patients, by patient (or cohort) and a second parameter. */
export function usCoreShouldQueries({ a, A, C, twoYearsAgo, since, anchor, inCohort, q }: Helpers): GroundTruthQuery[] {
  const active = (c: Resource) => has(c.clinicalStatus, SYS.conditionClinical, 'active')
  const initial = [...a.family][0] ?? 'A'
  const startsInitial = (p: Resource) => (p.name as Array<{ family?: string }>).some((n) => normalizeString(n.family ?? '').startsWith(normalizeString(initial)))
  const patient = (test: (p: Resource) => boolean) => (rec: PatientRecord) => (test(rec.person.resource) ? [rec.person.id] : [])
  return [
    q(
      'uscore-condition-patient-clinical-status',
      'US Core SHOULD: Condition by patient and clinical status (active, not resolved; a cohort)',
      `Condition?patient=${C}&clinical-status=${SYS.conditionClinical}|active`,
      inCohort('Condition', active),
    ),
    q(
      'uscore-condition-patient-category-clinical-status',
      'US Core SHOULD: Condition by patient, category and clinical status (active problems)',
      `Condition?patient=${C}&category=${SYS.usCoreConditionCategory}|problem-list-item&clinical-status=${SYS.conditionClinical}|active`,
      inCohort('Condition', (c) => active(c) && has((c.category as unknown[])[0], SYS.usCoreConditionCategory, 'problem-list-item')),
    ),
    q(
      'uscore-condition-patient-code',
      'US Core SHOULD: Condition by patient and code (essential hypertension, a cohort)',
      `Condition?patient=${C}&code=${SYS.snomed}|${HYPERTENSION}`,
      inCohort('Condition', (c) => has(c.code, SYS.snomed, HYPERTENSION)),
    ),
    q(
      'uscore-encounter-class-patient',
      'US Core SHOULD: Encounter by class and patient (emergency visits of a cohort)',
      `Encounter?class=${SYS.actCode}|EMER&patient=${C}`,
      inCohort('Encounter', (e) => (e.class as { system?: string; code?: string }).code === 'EMER'),
    ),
    q(
      'uscore-observation-patient-code-date',
      'US Core SHOULD: Observation by patient, code and date (heart rates of the last two years)',
      `Observation?patient=${A}&code=${SYS.loinc}|8867-4&date=ge${twoYearsAgo}`,
      anchor('Observation', (o) => has(o.code, SYS.loinc, '8867-4') && at(o.effectiveDateTime) >= at(since)),
    ),
    q(
      'uscore-immunization-patient-date',
      'US Core SHOULD: Immunization by patient and date (doses of the last two years, a cohort)',
      `Immunization?patient=${C}&date=ge${twoYearsAgo}`,
      inCohort('Immunization', (i) => at(i.occurrenceDateTime) >= at(since)),
    ),
    q(
      'uscore-medicationrequest-patient-intent-authoredon',
      'US Core SHOULD: MedicationRequest by patient, intent and authoredon (the last two years, a cohort)',
      `MedicationRequest?patient=${C}&intent=order&authoredon=ge${twoYearsAgo}`,
      inCohort('MedicationRequest', (m) => m.intent === 'order' && at(m.authoredOn) >= at(since)),
    ),
    q(
      'uscore-patient-family-gender',
      'US Core SHOULD: Patient by family and gender',
      `Patient?family=${encodeURIComponent(initial)}&gender=female`,
      patient((p) => p.gender === 'female' && startsInitial(p)),
    ),
    q(
      'uscore-patient-birthdate-family',
      'US Core SHOULD: Patient by birthdate and family',
      `Patient?birthdate=le${a.birthDate}&family=${encodeURIComponent(initial)}`,
      patient((p) => String(p.birthDate) <= a.birthDate && startsInitial(p)),
    ),
  ]
}

/** Practitioner by _id and Location by address parts, on the shared pool. */
export function usCoreShouldPoolQueries(a: AnchorFacts): GroundTruthQuery[] {
  const f = a.pool
  type Address = { city?: string; state?: string; postalCode?: string }
  const where = (l: Resource) => l.address as Address
  const starts = (value: string | undefined, prefixes: string[]) => prefixes.some((p) => normalizeString(value ?? '').startsWith(normalizeString(p)))
  return [
    q('uscore-practitioner-id', 'US Core SHOULD: Practitioner by _id (five ids)', `Practitioner?_id=${f.practitionerIds.join(',')}`, (pool) => ({
      match: pool.practitioners.filter((p) => f.practitionerIds.includes(p.id)).map((p) => p.id),
      include: [],
    })),
    q('uscore-location-address-city', "US Core SHOULD: Location by address-city (two organizations' cities)", `Location?address-city=${f.locationCities.join(',')}`, (pool) => ({
      match: pool.locations.filter((l) => starts(where(l).city, f.locationCities)).map((l) => l.id),
      include: [],
    })),
    q('uscore-location-address-state', "US Core SHOULD: Location by address-state (two organizations' states)", `Location?address-state=${f.locationStates.join(',')}`, (pool) => ({
      match: pool.locations.filter((l) => starts(where(l).state, f.locationStates)).map((l) => l.id),
      include: [],
    })),
    q(
      'uscore-location-address-postalcode',
      "US Core SHOULD: Location by address-postalcode (two organizations' ZIP codes)",
      `Location?address-postalcode=${f.locationPostalCodes.join(',')}`,
      (pool) => ({
        match: pool.locations.filter((l) => starts(where(l).postalCode, f.locationPostalCodes)).map((l) => l.id),
        include: [],
      }),
    ),
  ]
}
