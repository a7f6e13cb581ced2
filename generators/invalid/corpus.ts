// The labelled invalid corpus: deliberately broken resources, each labelled with the one rule it
// breaks (what `shoreline validate` must report) and the outcome expected under HealthLake's
// validation levels as the developer guide documents them (healthlake-contract.md §4.4): strict
// validates against the declared profile or base R4, structure-only against base R4 without
// profiles, minimal stores what fails search-indexing validation but marks it. What minimal still
// refuses is not itemised by AWS: that part is our assumption, and the labels say so.
import { flaggedAt } from '../../lib/validation/levels.js'
import { A, all, j, observation, patient, R, structural, without, type CorpusItem } from './builders.js'
import { MORE_ITEMS } from './more-items.js'

export type { CorpusItem } from './builders.js'

export type Level = 'strict' | 'structure-only' | 'minimal'
export type Outcome = 'accepted' | 'rejected'
const LEVELS: readonly Level[] = ['strict', 'structure-only', 'minimal']

export const LEVEL_SEMANTICS: Record<Level, string> = {
  minimal:
    'The line parses as a JSON object, names an R4 resourceType, and has an id matching [A-Za-z0-9-.]{1,64}; a resource that fails anything else is stored with the validation-issue extension and listed under SUCCESS_WITH_SEARCH_VALIDATION_FAILURES/ (items: flaggedAt).',
  'structure-only':
    'Base R4, declared profiles ignored: no unknown elements, JSON types, primitive formats, required elements, one value[x], References as objects, codes within required value-set bindings and the base invariants (per-1, qty-3, obs-6, ref-1): all R4 rules.',
  strict:
    'structure-only, plus every declared profile (meta.profile) the service supports, and unit codes in the UCUM system checked against UCUM (a terminology check; our assumption).',
}

export const ASSUMPTIONS = [
  'strict and structure-only follow the developer guide ("Creating a FHIR resource"; healthlake-contract.md §4.4). For minimal, AWS documents that resources failing search-indexing validation are stored and marked, but not which failures it still refuses: that minimal refuses only unparseable lines, unknown resource types and bad ids is this corpus\'s assumption.',
  'No level checks that references resolve (no referential-integrity check is documented for import).',
  'lineId in FAILURE output counts input lines from 1.',
]

export const CORPUS: readonly CorpusItem[] = [
  { label: 'valid-patient', description: 'A valid Patient (control; the subject of the other items).', rule: null, expected: all(A), line: ({ self }) => j(patient(self)) },
  {
    label: 'valid-observation',
    description: 'A valid heart-rate Observation (control).',
    rule: null,
    expected: all(A),
    line: ({ self, subject }) => j(observation(self, subject)),
  },
  {
    label: 'unknown-property',
    description: 'Patient with an element R4 does not define (`favouriteColour`).',
    rule: 'unknown-element',
    expected: structural,
    line: ({ self }) => j(patient(self, { favouriteColour: 'teal' })),
  },
  {
    label: 'bad-required-binding-code',
    description: 'Patient.gender `M`, outside the required AdministrativeGender binding.',
    rule: 'binding',
    expected: structural,
    assumption: 'A required binding is a base R4 rule, so structure-only (base R4 without profiles) refuses it.',
    line: ({ self }) => j(patient(self, { gender: 'M' })),
  },
  {
    label: 'malformed-date',
    description: 'Patient.birthDate `03/14/1980`, not a FHIR date.',
    rule: 'primitive-format',
    expected: structural,
    line: ({ self }) => j(patient(self, { birthDate: '03/14/1980' })),
  },
  {
    label: 'missing-required-primitive',
    description: 'Observation without `status` (1..1), which the JSON schema cannot require.',
    rule: 'required-element',
    expected: structural,
    line: ({ self, subject }) => j(without(observation(self, subject), 'status')),
  },
  {
    label: 'missing-required-element',
    description: 'Observation without `code` (1..1).',
    rule: 'required-element',
    expected: structural,
    line: ({ self, subject }) => j(without(observation(self, subject), 'code')),
  },
  {
    label: 'wrong-json-type',
    description: 'Observation.valueQuantity.value given as the string "72".',
    rule: 'json-type',
    expected: structural,
    line: ({ self, subject }) => j(observation(self, subject, { valueQuantity: { value: '72', unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' } })),
  },
  { label: 'id-bad-characters', description: 'Patient id `bad_id!` outside [A-Za-z0-9-.].', rule: 'id', expected: all(R), line: () => j(patient('bad_id!')) },
  { label: 'id-missing', description: 'Patient without an id (import writes by id).', rule: 'id', expected: all(R), line: ({ self }) => j(without(patient(self), 'id')) },
  {
    label: 'dangling-reference',
    description: 'Observation whose subject is a Patient that exists nowhere.',
    rule: 'reference-unresolved',
    expected: all(A),
    assumption: 'Import does not check that references resolve at any level.',
    line: ({ self }) => j(observation(self, 'does-not-exist-0000')),
  },
  {
    label: 'profile-violation',
    description: 'Patient claiming US Core Patient 6.1 in meta.profile but without an identifier (1..* in the profile).',
    rule: 'profile',
    expected: { strict: R, 'structure-only': A, minimal: A },
    line: ({ self }) => j(without(patient(self, { meta: { profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'] } }), 'identifier')),
  },
  { label: 'not-json', description: 'A line cut off in the middle of an object.', rule: 'json', expected: all(R), line: ({ self }) => j(patient(self)).slice(0, 40) },
  {
    label: 'wrong-resource-type',
    description: 'resourceType `Patients`, not an R4 type.',
    rule: 'resource-type',
    expected: all(R),
    line: ({ self }) => j({ ...patient(self), resourceType: 'Patients' }),
  },
  {
    label: 'reference-as-string',
    description: 'Observation.subject given as the string "Patient/…" instead of a Reference.',
    rule: 'reference-type',
    expected: structural,
    line: ({ self, subject }) => j(observation(self, subject, { subject: `Patient/${subject}` })),
  },
  {
    label: 'two-value-x',
    description: 'Observation with both valueQuantity and valueString.',
    rule: 'choice',
    expected: structural,
    line: ({ self, subject }) => j(observation(self, subject, { valueString: 'seventy-two' })),
  },
  {
    label: 'positive-int-zero',
    description: 'MedicationRequest dosage timing.repeat.frequency 0 (a positiveInt).',
    rule: 'primitive-format',
    expected: structural,
    line: ({ self, subject }) =>
      j({
        resourceType: 'MedicationRequest',
        id: self,
        status: 'active',
        intent: 'order',
        medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '314076', display: 'lisinopril 10 MG Oral Tablet' }] },
        subject: { reference: `Patient/${subject}` },
        dosageInstruction: [{ text: 'once daily', timing: { repeat: { frequency: 0, period: 1, periodUnit: 'd' } } }],
      }),
  },
  {
    label: 'empty-string',
    description: 'Patient.name.family given as "".',
    rule: 'primitive-format',
    expected: structural,
    line: ({ self }) => j(patient(self, { name: [{ family: '', given: ['Empty'] }] })),
  },
  ...MORE_ITEMS,
]

/** The corpus lines and labels for a dataset; ids are stable (`shoreline-invalid-NN`). */
export function buildCorpus() {
  const subject = 'shoreline-invalid-01'
  const items = CORPUS.map((item, i) => {
    const self = `shoreline-invalid-${String(i + 1).padStart(2, '0')}`
    return {
      lineId: i + 1,
      id: self,
      label: item.label,
      description: item.description,
      rule: item.rule,
      expected: item.expected,
      // The levels that store this item with the validation-issue marker (minimal, where it is accepted despite its rule).
      flaggedAt: LEVELS.filter((l) => item.rule !== null && item.expected[l] === 'accepted' && flaggedAt(l, [{ rule: item.rule }]).length > 0),
      ...(item.assumption ? { assumption: item.assumption } : {}),
      line: item.line({ subject, self }),
    }
  })
  const ndjson = items.map((i) => i.line).join('\n') + '\n'
  const labels = {
    description: 'Labelled invalid corpus: one line per item in corpus.ndjson, lineId counting from 1.',
    levels: LEVEL_SEMANTICS,
    assumptions: ASSUMPTIONS,
    items: items.map(({ line: _line, ...rest }) => rest),
  }
  return { ndjson, labels, count: items.length }
}
