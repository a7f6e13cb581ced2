// More of the labelled invalid corpus: primitive formats, JSON types, required bindings and
// elements, base R4 invariants, malformed references and false profile claims — each item breaks
// one rule (see corpus.ts for the levels' semantics).
import { A, all, encounter, INVARIANTS, medicationRequest, observation, patient, R, structural, US_CORE_PATIENT, without, j, type CorpusItem } from './builders.js'

export const MORE_ITEMS: readonly CorpusItem[] = [
  // Primitive formats (HL7 JSON schema patterns).
  {
    label: 'datetime-without-zone',
    description: 'Observation.effectiveDateTime `2024-05-01T10:00:00`: a time without a zone (R4 dateTime requires one).',
    rule: 'primitive-format',
    expected: structural,
    line: ({ self, subject }) => j(observation(self, subject, { effectiveDateTime: '2024-05-01T10:00:00' })),
  },
  {
    label: 'datetime-month-13',
    description: 'Observation.effectiveDateTime `2024-13-01`.',
    rule: 'primitive-format',
    expected: structural,
    line: ({ self, subject }) => j(observation(self, subject, { effectiveDateTime: '2024-13-01' })),
  },
  {
    label: 'instant-without-seconds',
    description: 'Observation.issued `2024-05-01T10:00Z` (an instant needs seconds).',
    rule: 'primitive-format',
    expected: structural,
    line: ({ self, subject }) => j(observation(self, subject, { issued: '2024-05-01T10:00Z' })),
  },
  {
    label: 'uri-with-spaces',
    description: 'Coding.system `http://loinc .org` (a uri holds no whitespace).',
    rule: 'primitive-format',
    expected: structural,
    line: ({ self, subject }) => j(observation(self, subject, { code: { coding: [{ system: 'http://loinc .org', code: '8867-4' }] } })),
  },
  {
    label: 'code-leading-space',
    description: 'Coding.code ` 8867-4` (a code has no leading or trailing whitespace).',
    rule: 'primitive-format',
    expected: structural,
    line: ({ self, subject }) => j(observation(self, subject, { code: { coding: [{ system: 'http://loinc.org', code: ' 8867-4' }] } })),
  },
  // JSON types.
  {
    label: 'boolean-as-string',
    description: 'Patient.active given as the string "true".',
    rule: 'json-type',
    expected: structural,
    line: ({ self }) => j(patient(self, { active: 'true' })),
  },
  {
    label: 'integer-as-string',
    description: 'Patient.multipleBirthInteger given as the string "2".',
    rule: 'json-type',
    expected: structural,
    line: ({ self }) => j(patient(self, { multipleBirthInteger: '2' })),
  },
  {
    label: 'object-for-array',
    description: 'Patient.name given as one HumanName object instead of an array.',
    rule: 'json-type',
    expected: structural,
    line: ({ self }) => j(patient(self, { name: { family: 'Corpus', given: ['Single'] } })),
  },
  {
    label: 'nested-unknown-element',
    description: 'Observation.code.coding[0] with an element Coding does not define (`version2`).',
    rule: 'unknown-element',
    expected: structural,
    line: ({ self, subject }) => j(observation(self, subject, { code: { coding: [{ system: 'http://loinc.org', code: '8867-4', version2: '2.77' }] } })),
  },
  // Required bindings (code-typed elements, enumerated by the R4 schema).
  {
    label: 'binding-observation-status',
    description: 'Observation.status `done`, outside ObservationStatus.',
    rule: 'binding',
    expected: structural,
    line: ({ self, subject }) => j(observation(self, subject, { status: 'done' })),
  },
  {
    label: 'binding-encounter-status',
    description: 'Encounter.status `complete`, outside EncounterStatus (it is `finished`).',
    rule: 'binding',
    expected: structural,
    line: ({ self, subject }) => j(encounter(self, subject, { status: 'complete' })),
  },
  {
    label: 'binding-contactpoint-use',
    description: 'Patient.telecom.use `cell`, outside ContactPointUse (it is `mobile`).',
    rule: 'binding',
    expected: structural,
    line: ({ self }) => j(patient(self, { telecom: [{ system: 'phone', use: 'cell', value: '555-0100' }] })),
  },
  {
    label: 'binding-quantity-comparator',
    description: 'Observation.valueQuantity.comparator `=<`, outside QuantityComparator.',
    rule: 'binding',
    expected: structural,
    line: ({ self, subject }) => j(observation(self, subject, { valueQuantity: { value: 72, comparator: '=<', unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' } })),
  },
  {
    label: 'binding-contactpoint-system',
    description: 'Patient.telecom.system `mobile`, outside ContactPointSystem (`phone` with use `mobile`).',
    rule: 'binding',
    expected: structural,
    line: ({ self }) => j(patient(self, { telecom: [{ system: 'mobile', value: '555-0100' }] })),
  },
  // Required elements.
  {
    label: 'encounter-without-class',
    description: 'Encounter without `class` (1..1).',
    rule: 'required-element',
    expected: structural,
    line: ({ self, subject }) => j(without(encounter(self, subject), 'class')),
  },
  {
    label: 'medicationrequest-without-subject',
    description: 'MedicationRequest without `subject` (1..1).',
    rule: 'required-element',
    expected: structural,
    line: ({ self, subject }) => j(without(medicationRequest(self, subject), 'subject')),
  },
  // Invariants of base R4 (FHIRPath constraints).
  {
    label: 'invariant-period-reversed',
    description: 'Encounter.period ending before it starts (per-1).',
    rule: 'invariant',
    expected: structural,
    assumption: INVARIANTS,
    line: ({ self, subject }) => j(encounter(self, subject, { period: { start: '2024-05-02T10:00:00Z', end: '2024-05-01T10:00:00Z' } })),
  },
  {
    label: 'invariant-quantity-code-without-system',
    description: 'Observation.valueQuantity with a unit code and no system (qty-3).',
    rule: 'invariant',
    expected: structural,
    assumption: INVARIANTS,
    line: ({ self, subject }) => j(observation(self, subject, { valueQuantity: { value: 72, unit: '/min', code: '/min' } })),
  },
  {
    label: 'invariant-absent-reason-with-value',
    description: 'Observation with both a value and a dataAbsentReason (obs-6).',
    rule: 'invariant',
    expected: structural,
    assumption: INVARIANTS,
    line: ({ self, subject }) =>
      j(observation(self, subject, { dataAbsentReason: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'unknown' }] } })),
  },
  {
    label: 'invariant-local-reference-not-contained',
    description: 'Observation.performer `#practitioner-1` with no contained resource of that id (ref-1): a malformed reference.',
    rule: 'invariant',
    expected: structural,
    assumption: INVARIANTS,
    line: ({ self, subject }) => j(observation(self, subject, { performer: [{ reference: '#practitioner-1' }] })),
  },
  // References that point nowhere, in malformed ways (no level checks resolution).
  {
    label: 'reference-without-id',
    description: 'Observation.subject `Patient/` (a type with no id).',
    rule: 'reference-unresolved',
    expected: all(A),
    assumption: 'Import does not check that references resolve at any level.',
    line: ({ self }) => j(observation(self, '')),
  },
  {
    label: 'reference-lowercase-type',
    description: 'Observation.subject `patient/…` (resource types are capitalised).',
    rule: 'reference-unresolved',
    expected: all(A),
    assumption: 'Import does not check that references resolve at any level.',
    line: ({ self, subject }) => j(observation(self, subject, { subject: { reference: `patient/${subject}` } })),
  },
  // Units (strict only: a terminology check).
  {
    label: 'ucum-invalid-unit',
    description: 'Observation.valueQuantity in UCUM with code `mmHg` (UCUM spells it `mm[Hg]`).',
    rule: 'ucum',
    expected: { strict: R, 'structure-only': A, minimal: A },
    assumption: 'HealthLake does not itemise which level checks terminology; here only strict checks UCUM codes, as the HL7 validator does.',
    line: ({ self, subject }) => j(observation(self, subject, { valueQuantity: { value: 120, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mmHg' } })),
  },
  // False or broken profile claims (strict only).
  {
    label: 'profile-claimed-on-wrong-type',
    description: 'Observation claiming US Core Patient in meta.profile: a profile of another type.',
    rule: 'profile',
    expected: { strict: R, 'structure-only': A, minimal: A },
    line: ({ self, subject }) => j(observation(self, subject, { meta: { profile: [US_CORE_PATIENT] } })),
  },
  {
    label: 'profile-patient-without-gender',
    description: 'Patient claiming US Core Patient but without gender (1..1 in the profile).',
    rule: 'profile',
    expected: { strict: R, 'structure-only': A, minimal: A },
    line: ({ self }) => j(without(patient(self, { meta: { profile: [US_CORE_PATIENT] } }), 'gender')),
  },
  {
    label: 'profile-patient-identifier-without-system',
    description: 'Patient claiming US Core Patient with an identifier that has no system.',
    rule: 'profile',
    expected: { strict: R, 'structure-only': A, minimal: A },
    line: ({ self }) => j(patient(self, { meta: { profile: [US_CORE_PATIENT] }, identifier: [{ value: 'no-system' }] })),
  },
]
