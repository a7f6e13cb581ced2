// How the emergency department's own presentations (emergency.ts) are written in a note, as
// ACUTE_PRESENTATIONS in notes.ts are for the clinic's illnesses: the symptoms, the differential,
// the exam, and since when and how it began. Injuries begin hours before the visit and have a
// mechanism in place of an illness's course; the mechanism names no condition, drug, test or body
// site (those are annotated mentions). Codes: ICD-10-CM 2024.
import type { Presentation } from './notes.js'

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
}
