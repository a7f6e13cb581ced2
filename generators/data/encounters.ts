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

/** Clinic visits (and planned admissions, and a visit a death ends) begin in office hours, minutes of the day [from, to). */
export const OFFICE_HOURS = [8 * 60, 17 * 60] as const

/**
 * Arrivals at the emergency department (and admissions through it), by shift of the day: about one
 * in eight overnight, the rest split between day and evening. Almubarak et al., Paediatr Child
 * Health 2019;24(5):323: 12 % overnight, 42 % by day, 45 % in the evening (46 % here, to sum to
 * one); NHAMCS 2006 (Pitts et al., Natl Health Stat Report 2008;7): departments fullest at 7 p.m.
 * and emptiest at 6 a.m. The shift hours (23–7, 7–15, 15–23) are our reading. Minutes of the day;
 * the overnight shift wraps past midnight into the visit's own day.
 */
export const EMERGENCY_ARRIVALS: ReadonlyArray<{ from: number; minutes: number; share: number }> = [
  { from: 23 * 60, minutes: 8 * 60, share: 0.12 },
  { from: 7 * 60, minutes: 8 * 60, share: 0.42 },
  { from: 15 * 60, minutes: 8 * 60, share: 0.46 },
]

/** Practitioner specialties: NUCC Health Care Provider Taxonomy (nucc.org), with the pool share. */
export const SPECIALTIES: ReadonlyArray<{ key: string; code: string; display: string; share: number; primaryCare: boolean }> = [
  { key: 'family', code: '207Q00000X', display: 'Family Medicine', share: 0.3, primaryCare: true },
  { key: 'internal', code: '207R00000X', display: 'Internal Medicine', share: 0.2, primaryCare: true },
  { key: 'pediatrics', code: '208000000X', display: 'Pediatrics', share: 0.15, primaryCare: true },
  { key: 'emergency', code: '207P00000X', display: 'Emergency Medicine', share: 0.15, primaryCare: false },
  { key: 'np', code: '363L00000X', display: 'Nurse Practitioner', share: 0.15, primaryCare: true },
  { key: 'orthopedics', code: '207X00000X', display: 'Orthopaedic Surgery', share: 0.05, primaryCare: false },
]
