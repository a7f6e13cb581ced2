// Ground-truth queries for searches US Core 6.1's server CapabilityStatement makes SHOULD, where the
// generated data lets the filter leave something out: resolved conditions beside active ones,
// emergency visits beside ambulatory ones, follow-up visits beside the rest, conditions, goals,
// reports, orders, procedures, results and doses before the date, the third provider
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
const FOLLOW_UP = '390906007'
const DEPRESSION_SCREENING = '171207006'
const LIPID_PANEL = '57698-3'
const PROGRESS_NOTE = '11506-3'

/** Conditions, encounters, results, doses, prescriptions and patients, by patient (or cohort) and a second parameter. */
export function usCoreShouldQueries(h: Helpers): GroundTruthQuery[] {
  const { a, A, C, twoYearsAgo, since, anchor, inCohort, q } = h
  const active = (c: Resource) => has(c.clinicalStatus, SYS.conditionClinical, 'active')
  const initial = [...a.family][0] ?? 'A'
  const startsInitial = (p: Resource) => (p.name as Array<{ family?: string }>).some((n) => normalizeString(n.family ?? '').startsWith(normalizeString(initial)))
  const patient = (test: (p: Resource) => boolean) => (rec: PatientRecord) => (test(rec.person.resource) ? [rec.person.id] : [])
  // The first patients seen in the emergency department: their other visits are left out. A run
  // in which none of the scanned patients had one asks for the anchor, who then had none.
  const wasSeen = new Set(a.emergency)
  const inEmergency = a.emergency.length ? a.emergency.map((id) => `Patient/${id}`).join(',') : A
  const seen = a.emergency.length
    ? `emergency visits of the first ${a.emergency.length} patients who had one, ORed; their other visits left out`
    : 'a patient with no emergency visit: the answer is empty'
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
      inCohort('Condition', (c) => active(c) && has((c.category as unknown[] | undefined)?.[0], SYS.usCoreConditionCategory, 'problem-list-item')),
    ),
    q(
      'uscore-condition-patient-code',
      'US Core SHOULD: Condition by patient and code (essential hypertension, a cohort)',
      `Condition?patient=${C}&code=${SYS.snomed}|${HYPERTENSION}`,
      inCohort('Condition', (c) => has(c.code, SYS.snomed, HYPERTENSION)),
    ),
    q('uscore-encounter-class-patient', `US Core SHOULD: Encounter by class and patient (${seen})`, `Encounter?class=${SYS.actCode}|EMER&patient=${inEmergency}`, (rec) =>
      wasSeen.has(rec.person.id) ? rec.resources.filter((r) => r.resourceType === 'Encounter' && (r.class as { code?: string }).code === 'EMER').map((r) => r.id) : [],
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
      'uscore-immunization-patient-status',
      'US Core SHOULD: Immunization by patient and status (influenza and COVID-19 vaccines offered and declined, not the doses given; a cohort)',
      `Immunization?patient=${C}&status=not-done`,
      inCohort('Immunization', (i) => i.status === 'not-done'),
    ),
    ...(a.prescribingEncounterIds.length
      ? [
          q(
            'uscore-medicationrequest-patient-intent-encounter',
            `US Core SHOULD: MedicationRequest by patient, intent and encounter (the first ${a.prescribingEncounterIds.length} visits with a prescription)`,
            `MedicationRequest?patient=${A}&intent=order&encounter=${a.prescribingEncounterIds.map((id) => `Encounter/${id}`).join(',')}`,
            anchor(
              'MedicationRequest',
              (m) => m.intent === 'order' && a.prescribingEncounterIds.some((id) => (m.encounter as { reference?: string }).reference === `Encounter/${id}`),
            ),
          ),
        ]
      : []),
    // An empty list would ask for every Encounter: a run whose anchor has none asks nothing.
    ...(a.encounterIds.length
      ? [
          q(
            'uscore-encounter-identifier',
            'US Core SHOULD: Encounter by identifier (the dataset identifiers of five encounters, ORed)',
            `Encounter?identifier=${a.encounterIds.map((id) => `${SYS.rfc3986}|urn:uuid:${id}`).join(',')}`,
            anchor('Encounter', (e) => a.encounterIds.includes(e.id)),
          ),
        ]
      : []),
    q(
      'uscore-medicationrequest-patient-intent-authoredon',
      'US Core SHOULD: MedicationRequest by patient, intent and authoredon (the last two years, a cohort)',
      `MedicationRequest?patient=${C}&intent=order&authoredon=ge${twoYearsAgo}`,
      inCohort('MedicationRequest', (m) => m.intent === 'order' && at(m.authoredOn) >= at(since)),
    ),
    ...datedQueries(h),
    q(
      'uscore-encounter-patient-type',
      'US Core SHOULD: Encounter by patient and type (follow-up visits, not wellness or emergency)',
      `Encounter?patient=${A}&type=${SYS.snomed}|${FOLLOW_UP}`,
      anchor('Encounter', (e) => ((e.type as unknown[] | undefined) ?? []).some((t) => has(t, SYS.snomed, FOLLOW_UP))),
    ),
    q(
      'uscore-patient-family-gender',
      'US Core SHOULD: Patient by family and gender (the anchor’s: it matches; the other gender with that initial is left out)',
      `Patient?family=${encodeURIComponent(initial)}&gender=${a.gender}`,
      patient((p) => p.gender === a.gender && startsInitial(p)),
    ),
    q(
      'uscore-patient-birthdate-family',
      'US Core SHOULD: Patient by birthdate and family',
      `Patient?birthdate=le${a.birthDate}&family=${encodeURIComponent(initial)}`,
      patient((p) => String(p.birthDate) <= a.birthDate && startsInitial(p)),
    ),
  ]
}

/**
 * Searches by a date beside the patient (and a code), over the last two years of a cohort: the
 * conditions that began, resolved or were recorded then, and the lipid panels and depression
 * screenings ordered, reported or done then (older ones are left out); and the goals due before
 * then (goals are set when a condition is diagnosed, due months later: the recent ones are few).
 */
function datedQueries({ C, twoYearsAgo, since, inCohort, q }: Helpers): GroundTruthQuery[] {
  const after = (v: unknown) => typeof v === 'string' && at(v) >= at(since)
  const before = (v: unknown) => typeof v === 'string' && at(v) < at(since)
  return [
    q(
      'uscore-condition-patient-onset-date',
      'US Core SHOULD: Condition by patient and onset-date (onsets of the last two years, a cohort)',
      `Condition?patient=${C}&onset-date=ge${twoYearsAgo}`,
      inCohort('Condition', (c) => after(c.onsetDateTime)),
    ),
    q(
      'uscore-condition-patient-abatement-date',
      'US Core SHOULD: Condition by patient and abatement-date (resolved in the last two years, a cohort)',
      `Condition?patient=${C}&abatement-date=ge${twoYearsAgo}`,
      inCohort('Condition', (c) => after(c.abatementDateTime)),
    ),
    q(
      'uscore-condition-patient-recorded-date',
      'US Core SHOULD: Condition by patient and recorded-date (recorded in the last two years, a cohort)',
      `Condition?patient=${C}&recorded-date=ge${twoYearsAgo}`,
      inCohort('Condition', (c) => after(c.recordedDate)),
    ),
    q(
      'uscore-goal-patient-target-date',
      'US Core SHOULD: Goal by patient and target-date (due before the last two years, a cohort: goals set since are left out)',
      `Goal?patient=${C}&target-date=lt${twoYearsAgo}`,
      inCohort('Goal', (g) => ((g.target as Array<{ dueDate?: string }> | undefined) ?? []).some((t) => (t.dueDate ?? '9') < twoYearsAgo)),
    ),
    q(
      'uscore-documentreference-patient-type-period',
      'US Core SHOULD: DocumentReference by patient, type and period (progress notes of visits before the last two years, a cohort)',
      `DocumentReference?patient=${C}&type=${SYS.loinc}|${PROGRESS_NOTE}&period=lt${twoYearsAgo}`,
      inCohort('DocumentReference', (d) => has(d.type, SYS.loinc, PROGRESS_NOTE) && before((d.context as { period?: { start?: string } } | undefined)?.period?.start)),
    ),
    q(
      'uscore-careplan-patient-category-date',
      'US Core SHOULD: CarePlan by patient, category and date (plans begun before the last two years, a cohort; a plan revoked at a death has an end)',
      `CarePlan?patient=${C}&category=${SYS.usCoreCarePlanCategory}|assess-plan&date=lt${twoYearsAgo}`,
      inCohort(
        'CarePlan',
        (c) => has((c.category as unknown[] | undefined)?.[0], SYS.usCoreCarePlanCategory, 'assess-plan') && before((c.period as { start?: string } | undefined)?.start),
      ),
    ),
    q(
      'uscore-diagnosticreport-patient-code-date',
      'US Core SHOULD: DiagnosticReport by patient, code and date (lipid panels of the last two years, a cohort)',
      `DiagnosticReport?patient=${C}&code=${SYS.loinc}|${LIPID_PANEL}&date=ge${twoYearsAgo}`,
      inCohort('DiagnosticReport', (d) => has(d.code, SYS.loinc, LIPID_PANEL) && after(d.effectiveDateTime)),
    ),
    q(
      'uscore-servicerequest-patient-code-authored',
      'US Core SHOULD: ServiceRequest by patient, code and authored (lipid panel orders of the last two years, a cohort)',
      `ServiceRequest?patient=${C}&code=${SYS.loinc}|${LIPID_PANEL}&authored=ge${twoYearsAgo}`,
      inCohort('ServiceRequest', (r) => has(r.code, SYS.loinc, LIPID_PANEL) && after(r.authoredOn)),
    ),
    q(
      'uscore-procedure-patient-code-date',
      'US Core SHOULD: Procedure by patient, code and date (depression screenings ending in the last two years, a cohort)',
      `Procedure?patient=${C}&code=${SYS.snomed}|${DEPRESSION_SCREENING}&date=ge${twoYearsAgo}`,
      inCohort('Procedure', (p) => has(p.code, SYS.snomed, DEPRESSION_SCREENING) && after((p.performedPeriod as { end?: string } | undefined)?.end)),
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
