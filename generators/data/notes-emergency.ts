// How the emergency department's own presentations (emergency.ts) are written in a note, as
// ACUTE_PRESENTATIONS in notes.ts are for the clinic's illnesses: the symptoms, the differential,
// the exam, and since when and how it began. Injuries begin hours before the visit and have a
// mechanism in place of an illness's course; the mechanism names no condition, drug, test or body
// site (those are annotated mentions). Codes: ICD-10-CM 2024.
import type { Presentation } from './notes.js'

/** How the presentations' diagnoses are named (CONDITION_TERMS in notes.ts): not the symptoms' own words (SYMPTOMS), so a reader tells the assessment's diagnosis from the complaint. */
export const EMERGENCY_TERMS: Readonly<Record<string, { names: readonly string[]; abbreviations: readonly string[] }>> = {
  chestPain: { names: ['atypical chest pain', 'noncardiac chest pain'], abbreviations: [] },
  abdominalPain: { names: ['acute abdominal pain', 'nonspecific abdominal pain'], abbreviations: [] },
  headache: { names: ['acute headache', 'nonspecific headache'], abbreviations: [] },
  handLaceration: { names: ['hand laceration', 'laceration of the hand'], abbreviations: [] },
  forearmFracture: { names: ['forearm fracture', 'fracture of the forearm'], abbreviations: [] },
  concussion: { names: ['concussion', 'concussion without loss of consciousness'], abbreviations: [] },
  viralIllness: { names: ['viral illness', 'viral syndrome'], abbreviations: [] },
  lowBackPain: { names: ['lumbago', 'acute lumbago'], abbreviations: ['LBP'] },
  pneumonia: { names: ['community-acquired pneumonia', 'lobar pneumonia'], abbreviations: [] },
  neckSprain: { names: ['cervical strain', 'whiplash injury'], abbreviations: [] },
  bronchiolitis: { names: ['bronchiolitis', 'viral bronchiolitis'], abbreviations: [] },
  cellulitis: { names: ['cellulitis', 'nonpurulent cellulitis'], abbreviations: [] },
}

export const EMERGENCY_PRESENTATIONS: Readonly<Record<string, Presentation>> = {
  chestPain: {
    always: ['chestPain'],
    sometimes: ['shortnessOfBreath', 'palpitations', 'nausea', 'dizziness'],
    consider: { text: 'acute coronary syndrome', icd10: { code: 'I24.9', display: 'Acute ischemic heart disease, unspecified' } },
    exam: { before: 'no reproducible tenderness of the ', site: 'chest wall', after: '' },
    onset: 'hours',
    story: ['pressure-like, began at rest', 'sharp, worse with deep breaths', 'began while climbing stairs and eased with rest', 'dull and constant since onset'],
  },
  abdominalPain: {
    always: ['abdominalPain'],
    sometimes: ['nausea', 'vomiting', 'diarrhea'],
    consider: { text: 'appendicitis', icd10: { code: 'K35.80', display: 'Unspecified acute appendicitis' } },
    exam: { before: 'mild periumbilical tenderness, ', site: 'abdomen', after: ' soft, without guarding or rebound' },
  },
  headache: {
    always: ['headache'],
    sometimes: ['nausea', 'vomiting', 'dizziness'],
    consider: { text: 'migraine', icd10: { code: 'G43.909', display: 'Migraine, unspecified, not intractable, without status migrainosus' } },
    exam: { before: 'neurologic: ', site: 'cranial nerves', after: ' intact, no focal deficit, no meningismus' },
    onset: 'hours',
    story: ['gradual in onset, throbbing', 'similar to prior episodes but more severe', 'not relieved by rest in a dark room'],
  },
  handLaceration: {
    always: ['bleeding'],
    sometimes: ['handPain'],
    exam: { before: 'a 2 cm clean-edged cut across the ', site: 'left palm', after: ', tendon function and sensation intact' },
    onset: 'hours',
    story: ['cut on a kitchen knife while cooking', 'cut on broken glass while washing dishes', 'cut on sheet metal', 'cut with a box cutter while unpacking'],
  },
  forearmFracture: {
    always: ['forearmPain'],
    sometimes: ['swelling'],
    exam: { before: 'swelling and tenderness of the ', site: 'distal forearm', after: ', neurovascularly intact' },
    onset: 'hours',
    story: ['after a fall onto a hard floor', 'after tripping on the stairs at home', 'after slipping on ice', 'after a fall while skating'],
  },
  concussion: {
    always: ['headache'],
    sometimes: ['dizziness', 'nausea', 'vomiting'],
    exam: { before: 'mild tenderness over the ', site: 'scalp', after: '; alert and oriented, no focal deficit' },
    onset: 'hours',
    story: ['after a fall from a bicycle', 'after a low-speed car collision', 'after a fall at home'],
  },
  viralIllness: {
    always: ['fever'],
    sometimes: ['cough', 'congestion', 'vomiting', 'diarrhea', 'rash'],
    consider: { text: 'influenza', icd10: { code: 'J11.1', display: 'Influenza due to unidentified influenza virus with other respiratory manifestations' } },
    exam: { before: 'mildly injected ', site: 'oropharynx', after: ', well hydrated, no meningismus' },
  },
  lowBackPain: {
    always: ['backPain'],
    sometimes: ['legPain'],
    consider: { text: 'lumbar radiculopathy', icd10: { code: 'M54.16', display: 'Radiculopathy, lumbar region' } },
    exam: { before: 'paraspinal tenderness over the ', site: 'lumbar spine', after: ', straight leg raise negative, strength and reflexes intact' },
    onset: 'hours',
    story: ['began while lifting a heavy box', 'began after bending to pick something up', 'present on waking', 'began while moving furniture'],
  },
  pneumonia: {
    always: ['cough', 'fever'],
    sometimes: ['shortnessOfBreath', 'fatigue', 'chestPain'],
    consider: { text: 'pulmonary embolism', icd10: { code: 'I26.99', display: 'Other pulmonary embolism without acute cor pulmonale' } },
    // No side: the chest film (data/hospital.ts) finds the pneumonia on either side, or both.
    exam: { before: 'focal crackles and dullness to percussion at the ', site: 'lung base', after: ', no wheeze', replaces: 'lungs' },
  },
  // The patient calls the redness a rash (so no note denies one); the differential of a red, swollen leg is a clot.
  cellulitis: {
    always: ['rash', 'swelling'],
    sometimes: ['fever'],
    consider: { text: 'deep vein thrombosis', icd10: { code: 'I82.409', display: 'Acute embolism and thrombosis of unspecified deep veins of unspecified lower extremity' } },
    exam: { before: 'warm, tender, poorly demarcated erythema of the ', site: 'left lower leg', after: ' without fluctuance or crepitus', replaces: 'skin' },
  },
  bronchiolitis: {
    always: ['congestion', 'cough'],
    sometimes: ['fever', 'wheezing'],
    consider: { text: 'pneumonia', icd10: { code: 'J18.9', display: 'Pneumonia, unspecified organism' } },
    exam: { before: 'diffuse fine crackles and end-expiratory wheezes over both ', site: 'lungs', after: ', mild subcostal retractions, clear rhinorrhea' },
  },
  neckSprain: {
    always: ['neckPain'],
    sometimes: ['headache'],
    exam: { before: 'paraspinal muscle tenderness of the ', site: 'cervical spine', after: ' without midline tenderness, full range of motion with pain, strength and sensation intact in both arms' },
    onset: 'hours',
    story: ['after a rear-end car collision at a stop light', 'after a low-speed car collision in a parking lot', 'after a side-impact car collision at an intersection'],
  },
}
