// The resource types whose validators are compiled at build time (precompile.ts): every type
// `shoreline generate` writes (a test holds the generator to this list), and the two more the
// conformance checks write (ValueSet, Binary), so a validating worker or server never compiles the
// HL7 schema at run time (about 1 s of CPU per process per new type).

/** The types `shoreline generate` and the checks write. Not Bundle: its entries reach every resource type (the whole schema, ~10 MB of code), so it compiles on first use. */
export const PRECOMPILED_TYPES: readonly string[] = [
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
  'Encounter',
  'Condition',
  'Observation',
  'DiagnosticReport',
  'MedicationRequest',
  'Immunization',
  'AllergyIntolerance',
  'Procedure',
  'DocumentReference',
  'Medication',
  'MedicationAdministration',
  'Coverage',
  'Claim',
  'ExplanationOfBenefit',
  'Provenance',
  'CareTeam',
  'Goal',
  'CarePlan',
  'ImagingStudy',
  'Device',
  'BodyStructure',
  'ServiceRequest',
  // Written by the conformance checks (SE-14, the Binary checks).
  'ValueSet',
  'Binary',
]
