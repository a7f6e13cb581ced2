// Encounter types (SNOMED CT) and classes (HL7 v3 ActCode, hl7.org/fhir/R4/v3/ActEncounterCode).

export const ENCOUNTER_TYPES = {
  wellAdult: { code: '162673000', display: 'General examination of patient (procedure)', class: 'AMB' },
  wellChild: { code: '410620009', display: 'Well child visit (procedure)', class: 'AMB' },
  followUp: { code: '390906007', display: 'Follow-up encounter (procedure)', class: 'AMB' },
  symptom: { code: '185345009', display: 'Encounter for symptom (procedure)', class: 'AMB' },
  immunization: { code: '33879002', display: 'Administration of vaccine to produce active immunity (procedure)', class: 'AMB' },
  emergency: { code: '50849002', display: 'Emergency room admission (procedure)', class: 'EMER' },
  inpatient: { code: '32485007', display: 'Hospital admission (procedure)', class: 'IMP' },
} as const

export const ENCOUNTER_CLASSES = {
  AMB: 'ambulatory',
  EMER: 'emergency',
  IMP: 'inpatient encounter',
} as const

/** Visit lengths in minutes and inpatient stays in days (admissions: care.ts ADMISSION). */
export const VISIT_MINUTES = { wellness: [20, 45], followUp: [15, 30], symptom: [15, 30], immunization: [10, 20], emergency: [90, 360] } as const
export const INPATIENT = { stayDays: [2, 6] } as const

/** Practitioner specialties: NUCC Health Care Provider Taxonomy (nucc.org), with the pool share. */
export const SPECIALTIES: ReadonlyArray<{ key: string; code: string; display: string; share: number; primaryCare: boolean }> = [
  { key: 'family', code: '207Q00000X', display: 'Family Medicine', share: 0.3, primaryCare: true },
  { key: 'internal', code: '207R00000X', display: 'Internal Medicine', share: 0.2, primaryCare: true },
  { key: 'pediatrics', code: '208000000X', display: 'Pediatrics', share: 0.15, primaryCare: true },
  { key: 'emergency', code: '207P00000X', display: 'Emergency Medicine', share: 0.15, primaryCare: false },
  { key: 'np', code: '363L00000X', display: 'Nurse Practitioner', share: 0.15, primaryCare: true },
  { key: 'orthopedics', code: '207X00000X', display: 'Orthopaedic Surgery', share: 0.05, primaryCare: false },
]
