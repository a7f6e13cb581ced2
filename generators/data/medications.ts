// Medications by key: RxNorm clinical drugs (RxNav, rxnav.nlm.nih.gov), with the dosage a
// prescriber would write. Conditions name them in conditions.ts.

export interface MedicationDef {
  rxnorm: string
  display: string
  dosage: string
  /** Doses per day and days supplied per fill, for dispenseRequest. */
  timesPerDay: number
  asNeeded?: boolean
}

export const MEDICATIONS: Record<string, MedicationDef> = {
  lisinopril: { rxnorm: '314076', display: 'lisinopril 10 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', timesPerDay: 1 },
  amlodipine: { rxnorm: '197361', display: 'amlodipine 5 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', timesPerDay: 1 },
  hydrochlorothiazide: { rxnorm: '310798', display: 'hydrochlorothiazide 25 MG Oral Tablet', dosage: 'Take 1 tablet by mouth every morning', timesPerDay: 1 },
  metformin: { rxnorm: '860975', display: '24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet', dosage: 'Take 1 tablet by mouth twice daily with meals', timesPerDay: 2 },
  atorvastatin: { rxnorm: '617310', display: 'atorvastatin 20 MG Oral Tablet', dosage: 'Take 1 tablet by mouth at bedtime', timesPerDay: 1 },
  simvastatin: { rxnorm: '314231', display: 'simvastatin 10 MG Oral Tablet', dosage: 'Take 1 tablet by mouth at bedtime', timesPerDay: 1 },
  albuterol: { rxnorm: '745679', display: '200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler', dosage: 'Inhale 2 puffs every 4 to 6 hours as needed for wheezing', timesPerDay: 4, asNeeded: true },
  fluticasone: { rxnorm: '895994', display: '120 ACTUAT fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler', dosage: 'Inhale 2 puffs twice daily', timesPerDay: 2 },
  fluticasoneSalmeterol: { rxnorm: '896209', display: '60 ACTUAT fluticasone propionate 0.25 MG/ACTUAT / salmeterol 0.05 MG/ACTUAT Dry Powder Inhaler', dosage: 'Inhale 1 puff twice daily', timesPerDay: 2 },
  sertraline: { rxnorm: '312940', display: 'sertraline 50 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', timesPerDay: 1 },
  escitalopram: { rxnorm: '349332', display: 'escitalopram 10 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', timesPerDay: 1 },
  acetaminophen: { rxnorm: '313782', display: 'acetaminophen 325 MG Oral Tablet', dosage: 'Take 2 tablets by mouth every 6 hours as needed for pain or fever', timesPerDay: 4, asNeeded: true },
  ibuprofen: { rxnorm: '310965', display: 'ibuprofen 200 MG Oral Tablet', dosage: 'Take 2 tablets by mouth every 8 hours as needed for pain', timesPerDay: 3, asNeeded: true },
  amoxicillin: { rxnorm: '308182', display: 'amoxicillin 250 MG Oral Capsule', dosage: 'Take 2 capsules by mouth three times daily for 10 days', timesPerDay: 3 },
  ciprofloxacin: { rxnorm: '309309', display: 'ciprofloxacin 500 MG Oral Tablet', dosage: 'Take 1 tablet by mouth twice daily for 3 days', timesPerDay: 2 },
}
