// What Shoreline's generator gives the us-core checks to work on: the US Core profiles its
// resources claim, and the US Core searches (parameters and combinations the server
// CapabilityStatement gives SHALL or SHOULD) its ground truth answers. A check is made for each,
// none for a profile or search no generated dataset can exercise. test/suites/us-core.test.ts
// holds both lists to a generated dataset.

/** Profiles by their canonical URL's last part. */
export const GENERATED_PROFILES: ReadonlySet<string> = new Set([
  'us-core-allergyintolerance',
  'us-core-blood-pressure',
  'us-core-bmi',
  'us-core-body-height',
  'us-core-body-temperature',
  'us-core-body-weight',
  'us-core-careplan',
  'us-core-careteam',
  'us-core-condition-encounter-diagnosis',
  'us-core-condition-problems-health-concerns',
  'us-core-coverage',
  'us-core-diagnosticreport-lab',
  'us-core-diagnosticreport-note',
  'us-core-documentreference',
  'us-core-encounter',
  'us-core-goal',
  'us-core-heart-rate',
  'us-core-immunization',
  'us-core-implantable-device',
  'us-core-location',
  'us-core-medication',
  'us-core-medicationrequest',
  'us-core-observation-lab',
  'us-core-observation-screening-assessment',
  'us-core-organization',
  'us-core-patient',
  'us-core-practitioner',
  'us-core-practitionerrole',
  'us-core-procedure',
  'us-core-provenance',
  'us-core-pulse-oximetry',
  'us-core-respiratory-rate',
  'us-core-smokingstatus',
])

/** Searches as `Type?a&b`, parameters sorted. */
export const ANSWERED_SEARCHES: ReadonlySet<string> = new Set([
  'AllergyIntolerance?patient',
  'CarePlan?category&patient',
  'CareTeam?patient&status',
  'Condition?category&clinical-status&patient',
  'Condition?category&patient',
  'Condition?clinical-status&patient',
  'Condition?code&patient',
  'Condition?patient',
  'Coverage?patient',
  'DiagnosticReport?category&date&patient',
  'DiagnosticReport?category&patient',
  'DiagnosticReport?code&patient',
  'DiagnosticReport?patient',
  'DocumentReference?_id',
  'DocumentReference?category&date&patient',
  'DocumentReference?category&patient',
  'DocumentReference?patient',
  'DocumentReference?patient&type',
  'Encounter?_id',
  'Encounter?class&patient',
  'Encounter?date&patient',
  'Encounter?patient',
  'Goal?patient',
  'Immunization?date&patient',
  'Immunization?patient',
  'Location?address',
  'Location?address-city',
  'Location?address-postalcode',
  'Location?address-state',
  'Location?name',
  'MedicationRequest?authoredon&intent&patient',
  'MedicationRequest?intent&patient',
  'MedicationRequest?intent&patient&status',
  'Observation?category&date&patient',
  'Observation?category&patient',
  'Observation?code&date&patient',
  'Observation?code&patient',
  'Organization?address',
  'Organization?name',
  'Patient?_id',
  'Patient?birthdate&family',
  'Patient?birthdate&name',
  'Patient?family&gender',
  'Patient?gender&name',
  'Patient?identifier',
  'Patient?name',
  'Practitioner?_id',
  'Practitioner?identifier',
  'Practitioner?name',
  'PractitionerRole?practitioner',
  'PractitionerRole?specialty',
  'Procedure?date&patient',
  'Procedure?patient',
])

export const searchKey = (type: string, params: readonly string[]) => `${type}?${[...params].sort().join('&')}`

/** Profiles whose snapshot the validator (@medplum/core) cannot index: US-03 is not made for them (test/suites/us-core.test.ts holds the list to the validator). */
export const NOT_VALIDATED: Readonly<Record<string, string>> = {
  'us-core-provenance': 'its snapshot slices Provenance.agent before the discriminator (ProvenanceTransmitter), which @medplum/core 4.5.2 refuses to index',
}

/** The US-02 check for a search: Observation + [patient, category] → US-02-observation-patient-category. */
export const searchCheckId = (type: string, params: readonly string[]) => `US-02-${type.toLowerCase()}-${params.map((p) => p.replace(/^_/, '')).join('-')}`
