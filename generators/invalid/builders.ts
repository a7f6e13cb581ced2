// Builders for the invalid corpus: valid base resources each item breaks in one way, and the
// outcome shorthands its labels use.
import type { Level, Outcome } from './corpus.js'

export interface CorpusItem {
  label: string
  description: string
  /** The rule `shoreline validate` reports for this item, or null for a valid control. */
  rule: string | null
  expected: Record<Level, Outcome>
  assumption?: string
  /** The NDJSON line; `subject` is the corpus's own valid Patient (item 1). */
  line: (ids: { subject: string; self: string }) => string
}

export const R: Outcome = 'rejected'
export const A: Outcome = 'accepted'
export const all = (o: Outcome): Record<Level, Outcome> => ({ strict: o, 'structure-only': o, minimal: o })
export const structural: Record<Level, Outcome> = { strict: R, 'structure-only': R, minimal: A }

export const patient = (id: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Patient',
  id,
  identifier: [{ system: 'https://shoreline.invalid/fhir/sid/mrn', value: `INV-${id}` }],
  name: [{ family: 'Corpus', given: ['Valid'] }],
  gender: 'female',
  birthDate: '1980-03-14',
  ...extra,
})

export const observation = (id: string, subject: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
  subject: { reference: `Patient/${subject}` },
  effectiveDateTime: '2024-05-01T10:00:00Z',
  valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  ...extra,
})

export const US_CORE_PATIENT = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'
export const INVARIANTS =
  "structure-only validates against base R4, whose StructureDefinitions carry these invariants; that HealthLake evaluates them at structure-only is this corpus's assumption."

export const encounter = (id: string, subject: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Encounter',
  id,
  status: 'finished',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
  subject: { reference: `Patient/${subject}` },
  period: { start: '2024-05-01T10:00:00Z', end: '2024-05-01T10:30:00Z' },
  ...extra,
})

export const medicationRequest = (id: string, subject: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'MedicationRequest',
  id,
  status: 'active',
  intent: 'order',
  medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '314076', display: 'lisinopril 10 MG Oral Tablet' }] },
  subject: { reference: `Patient/${subject}` },
  ...extra,
})

export const without = <T extends Record<string, unknown>>(o: T, key: string) => {
  const copy: Record<string, unknown> = { ...o }
  delete copy[key]
  return copy
}

export const j = (v: unknown) => JSON.stringify(v)
