// Procedures: SNOMED CT procedure codes (browser.ihtsdotools.org; the chest X-ray as in the US Core
// 6.1 chest X-ray example), total knee and hip arthroplasty by their CPT codes (27447, 27130). Screening cadence from USPSTF
// recommendations (colorectal 45–75 every 10 years by colonoscopy; mammography 40–74 biennial).

export interface ProcedureDef {
  code: string
  display: string
  /** CPT (AMA) where the procedure is named there, as US Core's Procedure.code binding allows; SNOMED CT otherwise. */
  system?: 'cpt'
}

export const PROCEDURES: Record<string, ProcedureDef> = {
  ecg: { code: '29303009', display: 'Electrocardiographic procedure (procedure)' },
  spirometry: { code: '127783003', display: 'Spirometry (procedure)' },
  depressionScreening: { code: '171207006', display: 'Depression screening (procedure)' },
  medicationReconciliation: { code: '430193006', display: 'Medication reconciliation (procedure)' },
  throatCulture: { code: '117015009', display: 'Throat culture (procedure)' },
  colonoscopy: { code: '73761001', display: 'Colonoscopy (procedure)' },
  mammography: { code: '71651007', display: 'Mammography (procedure)' },
  chestXray: { code: '399208008', display: 'Plain chest X-ray (procedure)' },
  forearmXray: { code: '783544001', display: 'Plain X-ray of forearm (procedure)' },
  woundSuture: { code: '288086009', display: 'Suture open wound (procedure)' },
  boneImmobilization: { code: '274474001', display: 'Bone immobilization (procedure)' },
  kneeReplacement: { code: '27447', display: 'Arthroplasty, knee, condyle and plateau; medial and lateral compartments with or without patella resurfacing (total knee arthroplasty)', system: 'cpt' },
  hipReplacement: { code: '27130', display: 'Arthroplasty, acetabular and proximal femoral prosthetic replacement (total hip arthroplasty), with or without autograft or allograft', system: 'cpt' },
}

/** Screenings at wellness visits: age window, sex, interval in years (USPSTF). */
export const SCREENINGS: ReadonlyArray<{ procedure: string; fromAge: number; toAge: number; sex?: 'female' | 'male'; everyYears: number }> = [
  { procedure: 'colonoscopy', fromAge: 45, toAge: 75, everyYears: 10 },
  { procedure: 'mammography', fromAge: 40, toAge: 74, sex: 'female', everyYears: 2 },
  { procedure: 'depressionScreening', fromAge: 12, toAge: 120, everyYears: 1 },
]
