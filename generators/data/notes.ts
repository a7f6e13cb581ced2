// The words clinical notes are written in, as data (STYLE.md 6): how clinicians name each
// condition (with the abbreviations they use), the symptoms an acute illness presents with and the
// pertinent negatives a note records, exam findings by body site, family history, and drug names
// as prescribers write them. Codes: ICD-10-CM 2024 (cms.gov, "ICD-10-CM Tabular List") for every
// condition and symptom a note can mention without a record behind it; SNOMED CT for the allergy
// reactions the record holds (data/allergies.ts). Abbreviations are the common ones in US primary
// care notes (Stedman's Medical Abbreviations); brand names from Drugs@FDA labels.

import { EMERGENCY_PRESENTATIONS, EMERGENCY_TERMS } from './notes-emergency.js'

export type Code = { code: string; display: string }

/** Names a condition is written under (data/conditions.ts keys); abbreviations apart, so a note can use them at a rate. */
export const CONDITION_TERMS: Readonly<Record<string, { names: readonly string[]; abbreviations: readonly string[] }>> = {
  obesity: { names: ['obesity'], abbreviations: [] },
  hypertension: { names: ['hypertension', 'essential hypertension', 'high blood pressure'], abbreviations: ['HTN'] },
  diabetes: { names: ['type 2 diabetes', 'type 2 diabetes mellitus', 'diabetes mellitus type 2'], abbreviations: ['T2DM', 'DM2'] },
  prediabetes: { names: ['prediabetes'], abbreviations: [] },
  hyperlipidemia: { names: ['hyperlipidemia', 'high cholesterol'], abbreviations: ['HLD'] },
  asthma: { names: ['asthma'], abbreviations: [] },
  copd: { names: ['chronic obstructive pulmonary disease'], abbreviations: ['COPD'] },
  ckd: { names: ['chronic kidney disease stage 3', 'stage 3 chronic kidney disease'], abbreviations: ['CKD 3', 'CKD3'] },
  depression: { names: ['major depressive disorder', 'depression'], abbreviations: ['MDD'] },
  anxiety: { names: ['anxiety disorder', 'anxiety'], abbreviations: [] },
  osteoarthritis: { names: ['osteoarthritis of the knee', 'knee osteoarthritis'], abbreviations: ['knee OA'] },
  hipOsteoarthritis: { names: ['osteoarthritis of the hip', 'hip osteoarthritis'], abbreviations: ['hip OA'] },
  gerd: { names: ['gastroesophageal reflux disease', 'acid reflux'], abbreviations: ['GERD'] },
  bronchitis: { names: ['acute bronchitis'], abbreviations: [] },
  pharyngitis: { names: ['viral pharyngitis', 'acute pharyngitis'], abbreviations: [] },
  sinusitis: { names: ['acute sinusitis', 'sinusitis'], abbreviations: [] },
  uti: { names: ['urinary tract infection'], abbreviations: ['UTI'] },
  otitis: { names: ['otitis media', 'acute otitis media'], abbreviations: ['AOM'] },
  ankleSprain: { names: ['ankle sprain', 'sprained ankle'], abbreviations: [] },
  uri: { names: ['upper respiratory infection', 'viral upper respiratory infection'], abbreviations: ['URI'] },
  gastroenteritis: { names: ['viral gastroenteritis', 'acute gastroenteritis'], abbreviations: [] },
  ...EMERGENCY_TERMS,
}

export interface SymptomDef {
  /** How a note words it; the first is the plain form. */
  text: readonly string[]
  icd10: Code
  /** SYMPTOM when the patient reports it, SIGN when the clinician observes it. */
  trait: 'SYMPTOM' | 'SIGN'
  /** Wordings that fit only from an age: younger, the plain form is written. */
  textFromAge?: Readonly<Record<string, number>>
}

export const SYMPTOMS: Readonly<Record<string, SymptomDef>> = {
  // Young children swallow what they cough up rather than bring it up (our reading): no "productive cough" before 6.
  cough: { text: ['cough', 'productive cough', 'dry cough'], icd10: { code: 'R05.9', display: 'Cough, unspecified' }, trait: 'SYMPTOM', textFromAge: { 'productive cough': 6 } },
  fever: { text: ['fever', 'fevers', 'subjective fever'], icd10: { code: 'R50.9', display: 'Fever, unspecified' }, trait: 'SYMPTOM' },
  soreThroat: { text: ['sore throat', 'throat pain'], icd10: { code: 'R07.0', display: 'Pain in throat' }, trait: 'SYMPTOM' },
  congestion: { text: ['nasal congestion', 'congestion'], icd10: { code: 'R09.81', display: 'Nasal congestion' }, trait: 'SYMPTOM' },
  headache: { text: ['headache', 'headaches'], icd10: { code: 'R51.9', display: 'Headache, unspecified' }, trait: 'SYMPTOM' },
  dysuria: { text: ['dysuria', 'burning with urination'], icd10: { code: 'R30.0', display: 'Dysuria' }, trait: 'SYMPTOM' },
  frequency: { text: ['urinary frequency', 'frequent urination'], icd10: { code: 'R35.0', display: 'Frequency of micturition' }, trait: 'SYMPTOM' },
  earPain: { text: ['ear pain', 'otalgia'], icd10: { code: 'H92.09', display: 'Otalgia, unspecified ear' }, trait: 'SYMPTOM' },
  anklePain: { text: ['ankle pain', 'pain in the ankle'], icd10: { code: 'M25.579', display: 'Pain in unspecified ankle and joints of unspecified foot' }, trait: 'SYMPTOM' },
  wheezing: { text: ['wheezing'], icd10: { code: 'R06.2', display: 'Wheezing' }, trait: 'SIGN' },
  shortnessOfBreath: { text: ['shortness of breath', 'SOB', 'dyspnea'], icd10: { code: 'R06.02', display: 'Shortness of breath' }, trait: 'SYMPTOM' },
  chestPain: { text: ['chest pain', 'CP'], icd10: { code: 'R07.9', display: 'Chest pain, unspecified' }, trait: 'SYMPTOM' },
  nausea: { text: ['nausea'], icd10: { code: 'R11.0', display: 'Nausea' }, trait: 'SYMPTOM' },
  vomiting: { text: ['vomiting', 'emesis'], icd10: { code: 'R11.10', display: 'Vomiting, unspecified' }, trait: 'SYMPTOM' },
  abdominalPain: { text: ['abdominal pain'], icd10: { code: 'R10.9', display: 'Unspecified abdominal pain' }, trait: 'SYMPTOM' },
  fatigue: { text: ['fatigue', 'tiredness'], icd10: { code: 'R53.83', display: 'Other fatigue' }, trait: 'SYMPTOM' },
  dizziness: { text: ['dizziness', 'lightheadedness'], icd10: { code: 'R42', display: 'Dizziness and giddiness' }, trait: 'SYMPTOM' },
  palpitations: { text: ['palpitations'], icd10: { code: 'R00.2', display: 'Palpitations' }, trait: 'SYMPTOM' },
  rash: { text: ['rash'], icd10: { code: 'R21', display: 'Rash and other nonspecific skin eruption' }, trait: 'SIGN' },
  diarrhea: { text: ['diarrhea'], icd10: { code: 'R19.7', display: 'Diarrhea, unspecified' }, trait: 'SYMPTOM' },
  edema: { text: ['leg swelling', 'edema'], icd10: { code: 'R60.0', display: 'Localized edema' }, trait: 'SIGN' },
  bleeding: { text: ['bleeding'], icd10: { code: 'R58', display: 'Hemorrhage, not elsewhere classified' }, trait: 'SIGN' },
  handPain: { text: ['hand pain', 'pain in the hand'], icd10: { code: 'M79.643', display: 'Pain in unspecified hand' }, trait: 'SYMPTOM' },
  forearmPain: { text: ['forearm pain', 'pain in the forearm'], icd10: { code: 'M79.639', display: 'Pain in unspecified forearm' }, trait: 'SYMPTOM' },
  swelling: { text: ['swelling'], icd10: { code: 'R22.9', display: 'Localized swelling, mass and lump, unspecified' }, trait: 'SIGN' },
  backPain: { text: ['back pain', 'pain in the lower back'], icd10: { code: 'M54.9', display: 'Dorsalgia, unspecified' }, trait: 'SYMPTOM' },
  legPain: { text: ['leg pain', 'pain radiating down the leg'], icd10: { code: 'M79.606', display: 'Pain in leg, unspecified' }, trait: 'SYMPTOM' },
  neckPain: { text: ['neck pain', 'neck stiffness'], icd10: { code: 'M54.2', display: 'Cervicalgia' }, trait: 'SYMPTOM' },
}

/** What an acute presentation is written with (ACUTE_PRESENTATIONS). */
export interface Presentation {
  always: readonly string[]
  sometimes: readonly string[]
  consider?: { text: string; icd10: Code }
  /** The finding and its site; `replaces`, the normal exam line (NORMAL_EXAM, lower case) it stands in for when that is not its site. */
  exam: { before: string; site: string; after: string; replaces?: string }
  /** Counted in days when absent (an illness); in hours for what begins suddenly (conditions.ts `sudden`). */
  onset?: 'hours'
  /** How it happened, in place of the illness narrative's course and context; names no condition, drug, test or body site. */
  story?: readonly string[]
}

/**
 * What each acute illness presents with: symptoms always reported, and some of `sometimes`
 * (fever only where the illness is febrile, data/conditions.ts `fever`). `consider` is the
 * differential the assessment names with uncertainty; `exam` the finding and the site it is at.
 */
export const ACUTE_PRESENTATIONS: Readonly<Record<string, Presentation>> = {
  bronchitis: { always: ['cough'], sometimes: ['fever', 'wheezing', 'fatigue', 'shortnessOfBreath'], consider: { text: 'pneumonia', icd10: { code: 'J18.9', display: 'Pneumonia, unspecified organism' } }, exam: { before: 'scattered rhonchi over both ', site: 'lungs', after: ', no focal consolidation' } },
  pharyngitis: { always: ['soreThroat'], sometimes: ['fever', 'headache', 'congestion'], consider: { text: 'streptococcal pharyngitis', icd10: { code: 'J02.0', display: 'Streptococcal pharyngitis' } }, exam: { before: 'erythema of the ', site: 'posterior pharynx', after: ' without exudate' } },
  sinusitis: { always: ['congestion'], sometimes: ['headache', 'cough'], exam: { before: 'tenderness over the ', site: 'maxillary sinuses', after: '' } },
  uti: { always: ['dysuria'], sometimes: ['frequency', 'abdominalPain'], consider: { text: 'pyelonephritis', icd10: { code: 'N10', display: 'Acute pyelonephritis' } }, exam: { before: 'mild suprapubic tenderness, ', site: 'abdomen', after: ' otherwise soft' } },
  otitis: { always: ['earPain'], sometimes: ['fever', 'congestion'], exam: { before: 'bulging, erythematous right ', site: 'tympanic membrane', after: '' } },
  ankleSprain: { always: ['anklePain'], sometimes: ['edema'], exam: { before: 'swelling and tenderness of the ', site: 'right ankle', after: ' over the lateral ligaments' } },
  uri: { always: ['congestion'], sometimes: ['cough', 'soreThroat', 'fever', 'headache'], exam: { before: 'clear rhinorrhea, swollen ', site: 'nasal turbinates', after: ', lungs clear' } },
  gastroenteritis: {
    always: ['vomiting', 'diarrhea'],
    sometimes: ['nausea', 'abdominalPain', 'fever'],
    consider: { text: 'appendicitis', icd10: { code: 'K35.80', display: 'Unspecified acute appendicitis' } },
    exam: { before: 'hyperactive bowel sounds, mild diffuse tenderness of the ', site: 'abdomen', after: ' without guarding, mucous membranes moist' },
  },
  ...EMERGENCY_PRESENTATIONS,
}

/** Symptoms a note may record as absent (pertinent negatives), by the kind of visit. */
export const PERTINENT_NEGATIVES: Readonly<Record<'chronic' | 'acute' | 'wellness', readonly string[]>> = {
  chronic: ['chestPain', 'shortnessOfBreath', 'palpitations', 'dizziness', 'edema', 'headache', 'fatigue'],
  acute: ['chestPain', 'shortnessOfBreath', 'vomiting', 'diarrhea', 'rash', 'abdominalPain', 'nausea'],
  wellness: ['chestPain', 'shortnessOfBreath', 'fatigue', 'dizziness', 'abdominalPain'],
}

/** A normal exam, line by line: the site named (an anatomy mention) and what was found there. */
export const NORMAL_EXAM: ReadonlyArray<{ site: string; finding: string }> = [
  { site: 'Heart', finding: 'regular rate and rhythm, no murmur' },
  { site: 'Lungs', finding: 'clear to auscultation bilaterally' },
  { site: 'Abdomen', finding: 'soft, non-tender' },
  { site: 'Skin', finding: 'warm and dry' },
]

/** Family history a patient may report: the condition, its ICD-10-CM code, and how often (share of patients) it is reported. */
export const FAMILY_HISTORY: ReadonlyArray<{ text: string; icd10: Code; share: number }> = [
  { text: 'hypertension', icd10: { code: 'I10', display: 'Essential (primary) hypertension' }, share: 0.3 },
  { text: 'type 2 diabetes', icd10: { code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' }, share: 0.2 },
  { text: 'coronary artery disease', icd10: { code: 'I25.10', display: 'Atherosclerotic heart disease of native coronary artery without angina pectoris' }, share: 0.12 },
  { text: 'breast cancer', icd10: { code: 'C50.919', display: 'Malignant neoplasm of unspecified site of unspecified female breast' }, share: 0.06 },
  { text: 'colon cancer', icd10: { code: 'C18.9', display: 'Malignant neoplasm of colon, unspecified' }, share: 0.04 },
  { text: 'stroke', icd10: { code: 'I63.9', display: 'Cerebral infarction, unspecified' }, share: 0.06 },
]

export const FAMILY_RELATIONS: readonly string[] = ['mother', 'father', 'sister', 'brother', 'maternal grandmother', 'paternal grandfather']

/** How a note names a drug (keyed by the RxNorm code of data/medications.ts): generic name, the strength as written, and a brand some clinicians use. */
export const DRUG_NAMES: Readonly<Record<string, { generic: string; strength: string; brand?: string }>> = {
  '314076': { generic: 'lisinopril', strength: '10 mg', brand: 'Zestril' },
  '197361': { generic: 'amlodipine', strength: '5 mg', brand: 'Norvasc' },
  '310798': { generic: 'hydrochlorothiazide', strength: '25 mg' },
  '860975': { generic: 'metformin', strength: '500 mg ER', brand: 'Glucophage XR' },
  '617310': { generic: 'atorvastatin', strength: '20 mg', brand: 'Lipitor' },
  '314231': { generic: 'simvastatin', strength: '10 mg', brand: 'Zocor' },
  '745679': { generic: 'albuterol', strength: '90 mcg/actuation', brand: 'Proventil HFA' },
  '895994': { generic: 'fluticasone', strength: '44 mcg/actuation', brand: 'Flovent HFA' },
  '896209': { generic: 'fluticasone-salmeterol', strength: '250/50', brand: 'Advair Diskus' },
  '312940': { generic: 'sertraline', strength: '50 mg', brand: 'Zoloft' },
  '349332': { generic: 'escitalopram', strength: '10 mg', brand: 'Lexapro' },
  '313782': { generic: 'acetaminophen', strength: '325 mg', brand: 'Tylenol' },
  '310965': { generic: 'ibuprofen', strength: '200 mg', brand: 'Advil' },
  '197803': { generic: 'ibuprofen', strength: '100 mg/5 mL suspension', brand: "Children's Motrin" },
  '308182': { generic: 'amoxicillin', strength: '250 mg' },
  '313850': { generic: 'amoxicillin', strength: '400 mg/5 mL suspension' },
  '476576': { generic: 'cefdinir', strength: '250 mg/5 mL suspension' },
  '1649988': { generic: 'doxycycline', strength: '100 mg' },
  '308460': { generic: 'azithromycin', strength: '250 mg', brand: 'Zithromax' },
  '1648759': { generic: 'nitrofurantoin', strength: '100 mg', brand: 'Macrodantin' },
  '309309': { generic: 'ciprofloxacin', strength: '500 mg', brand: 'Cipro' },
  '309114': { generic: 'cephalexin', strength: '500 mg', brand: 'Keflex' },
  '309113': { generic: 'cephalexin', strength: '250 mg/5 mL suspension' },
  '313134': { generic: 'sulfamethoxazole-trimethoprim', strength: '200/40 mg per 5 mL suspension', brand: 'Bactrim' },
}

/** Allergens as a note names them (data/allergies.ts keys); only drug allergens are medication mentions. */
export const ALLERGEN_NAMES: Readonly<Record<string, { text: string; drug: boolean }>> = {
  penicillin: { text: 'penicillin', drug: true },
  sulfa: { text: 'sulfamethoxazole', drug: true },
  peanut: { text: 'peanuts', drug: false },
  shellfish: { text: 'shellfish', drug: false },
  latex: { text: 'latex', drug: false },
  grassPollen: { text: 'grass pollen', drug: false },
  dustMite: { text: 'dust mites', drug: false },
  animalDander: { text: 'animal dander', drug: false },
}

/** Allergy reactions (SNOMED CT codes of data/allergies.ts) as a note words them. */
export const REACTION_TERMS: Readonly<Record<string, { text: string; trait: 'SIGN' | 'SYMPTOM' | 'DIAGNOSIS' }>> = {
  '271807003': { text: 'rash', trait: 'SIGN' },
  '39579001': { text: 'anaphylaxis', trait: 'DIAGNOSIS' },
  '247472004': { text: 'hives', trait: 'SIGN' },
  '76067001': { text: 'sneezing', trait: 'SIGN' },
  '49727002': { text: 'cough', trait: 'SYMPTOM' },
  '418290006': { text: 'itching', trait: 'SYMPTOM' },
}

/** Vital signs as a note abbreviates them (LOINC codes of data/observations.ts), and the units written for UCUM ones. */
export const VITAL_NAMES: Readonly<Record<string, readonly string[]>> = {
  '85354-9': ['BP', 'blood pressure'],
  '8867-4': ['HR', 'pulse', 'heart rate'],
  '9279-1': ['RR', 'resp rate'],
  '8310-5': ['T', 'temp'],
  '2708-6': ['SpO2', 'O2 sat'],
  '8302-2': ['height', 'Ht'],
  '29463-7': ['weight', 'Wt'],
  '39156-5': ['BMI'],
  '59576-9': ['BMI percentile', 'BMI %ile'],
  '9843-4': ['head circumference', 'OFC', 'HC'],
  '8289-1': ['head circumference percentile', 'OFC %ile'],
  '77606-2': ['weight-for-length percentile', 'WFL %ile'],
}

export const UNITS_AS_WRITTEN: Readonly<Record<string, string>> = {
  'mm[Hg]': 'mmHg',
  '/min': '/min',
  Cel: 'C',
  '%': '%',
  cm: 'cm',
  kg: 'kg',
  'kg/m2': 'kg/m2',
  'mg/dL': 'mg/dL',
  'mmol/L': 'mmol/L',
  'g/dL': 'g/dL',
  'U/L': 'U/L',
  'mL/min/{1.73_m2}': 'mL/min/1.73m2',
  '10*3/uL': 'K/uL',
  '10*6/uL': 'M/uL',
}

/** Lab panels a note names by their usual short name (LOINC codes of data/observations.ts LAB_PANELS). */
export const PANEL_NAMES: Readonly<Record<string, string>> = { '57698-3': 'Lipid panel', '51990-0': 'BMP', '24323-8': 'CMP', '58410-2': 'CBC' }

/** How often a note writes the abbreviation of a condition that has one, names a drug by brand, and misspells a condition or drug name. */
export const NOTE_RATES = { abbreviation: 0.35, brand: 0.15, misspelling: 0.02 } as const

/** Procedures as a note names them (codes of data/procedures.ts), and whether the name is a test's or a procedure's. */
export const PROCEDURE_NAMES: Readonly<Record<string, { text: string; type: 'TEST_NAME' | 'PROCEDURE_NAME' }>> = {
  '29303009': { text: 'ECG', type: 'TEST_NAME' },
  '127783003': { text: 'spirometry', type: 'TEST_NAME' },
  '171207006': { text: 'depression screening', type: 'PROCEDURE_NAME' },
  '430193006': { text: 'medication reconciliation', type: 'PROCEDURE_NAME' },
  '117015009': { text: 'throat culture', type: 'TEST_NAME' },
  '73761001': { text: 'colonoscopy', type: 'PROCEDURE_NAME' },
  '71651007': { text: 'screening mammogram', type: 'TEST_NAME' },
  '399208008': { text: 'chest X-ray', type: 'TEST_NAME' },
  '783544001': { text: 'forearm X-ray', type: 'TEST_NAME' },
  '288086009': { text: 'laceration repair', type: 'PROCEDURE_NAME' },
  '274474001': { text: 'splinting', type: 'PROCEDURE_NAME' },
  '27447': { text: 'total knee arthroplasty', type: 'PROCEDURE_NAME' },
  '27130': { text: 'total hip arthroplasty', type: 'PROCEDURE_NAME' },
}

/** Where a patient spends the day, as the social history tells it (NoteBackground.day). */
export type DayKind = 'work' | 'school' | 'preschool' | 'home'

/**
 * A sentence of an illness's context and whom it fits: those whose day is spent at work, school or
 * preschool (so a stay-at-home parent never misses work), from an age, and not beside a symptom it
 * contradicts (eating normally while vomiting).
 */
export interface ContextLine {
  text: string
  day?: Exclude<DayKind, 'home'>
  fromAge?: number
  topic?: 'contacts' | 'travel' | 'remedy' | 'absence' | 'intake'
  notWith?: readonly string[]
}

/**
 * A sentence of a follow-up's narrative and whom it fits: a day at work, ages, and what the patient
 * must have for it to be true (medications, a condition checked at home, no emergency visit or
 * hospital stay since the last visit).
 */
export interface NarrativeLine {
  text: string
  day?: 'work'
  fromAge?: number
  untilAge?: number
  needs?: ReadonlyArray<'medications' | 'homeReadings' | 'noHospitalCare'>
  topic?: 'diet' | 'sleep' | 'adherence'
  /** Doses missed: not after "Adherent to". */
  lapse?: true
}

/**
 * The narrative around the mentions, drawn per note (HPI course and context, counselling) or once
 * per patient (social history), so notes vary as real ones do. None of these phrases names a
 * condition, drug, test or body site: every such mention in a note is annotated, and these stay out
 * of the ground truth by holding none.
 */
export const NARRATIVE = {
  course: [
    'gradually worsening',
    'getting worse each day',
    'slowly improving',
    'unchanged since onset',
    'worse at night',
    'worse in the morning',
    'intermittent',
    'constant',
    'waxing and waning',
    'started after a weekend camping trip',
    'coming and going through the day',
    'steadily better since yesterday',
    'no better despite rest',
    'slightly improved overnight',
    'unchanged over the weekend',
  ],
  /**
   * An illness's context: one or two sentences, each fitting the patient (ContextLine), two never
   * on the same topic (no "No recent travel." beside "Traveled by plane five days ago.").
   */
  context: [
    { text: 'Several sick contacts at home.', topic: 'contacts' },
    { text: 'Coworkers have been ill with similar complaints.', day: 'work', topic: 'contacts' },
    { text: 'Others at preschool have been unwell.', day: 'preschool', topic: 'contacts' },
    { text: 'No recent travel.', topic: 'travel' },
    { text: 'Returned from a family visit out of state last week.', topic: 'travel' },
    // No honey before the first birthday (infant botulism: AAP).
    { text: 'Has tried rest, fluids and honey with little relief.', fromAge: 1, topic: 'remedy' },
    // No over-the-counter cough and cold medicines before 4 (FDA 2008 advisory; the makers' labels since: not under 4).
    { text: 'Over-the-counter remedies gave partial relief.', fromAge: 4, topic: 'remedy' },
    { text: 'Missed two days of work because of it.', day: 'work', topic: 'absence' },
    { text: 'Staying home until feeling better.', topic: 'absence' },
    { text: 'Eating and drinking normally.', topic: 'intake', notWith: ['vomiting', 'nausea', 'diarrhea', 'abdominalPain'] },
    { text: 'Drinking plenty of fluids.', topic: 'intake', notWith: ['vomiting'] },
    { text: 'Someone at home had something similar last week.', topic: 'contacts' },
    { text: 'Traveled by plane five days ago.', topic: 'travel' },
    { text: 'Returned to work yesterday but left early.', day: 'work', topic: 'absence' },
    { text: 'Has been using a humidifier at night.' },
    { text: 'Tried an over-the-counter remedy without much change.', fromAge: 4, topic: 'remedy' },
    { text: 'Has missed a few days of school.', day: 'school', topic: 'absence' },
    { text: 'Several classmates have been out this week.', day: 'school', topic: 'contacts' },
    { text: 'Started after a long shift outdoors.', day: 'work' },
    { text: 'Has not been able to exercise this week.', fromAge: 12 },
    { text: 'Came in today to have it checked.' },
  ] as readonly ContextLine[],
  /** A follow-up's narrative: one or two sentences, each fitting the patient (NarrativeLine), two never on the same topic. */
  chronic: [
    { text: 'Checks readings at home most days and brings a log.', needs: ['homeReadings'] },
    { text: 'Has been walking thirty minutes most evenings.', fromAge: 12 },
    { text: 'Trying to cut back on sweets and sugary drinks.', topic: 'diet' },
    { text: 'Reports more stress at work lately.', day: 'work' },
    { text: 'Sleeping about six hours a night.', fromAge: 14, topic: 'sleep' },
    { text: 'Joined a gym in the spring and goes twice a week.', fromAge: 16 },
    { text: 'Diet has been inconsistent over the holidays.', topic: 'diet' },
    { text: 'Wants to discuss ways to simplify the regimen.', needs: ['medications'] },
    { text: 'Occasionally forgets evening doses.', needs: ['medications'], topic: 'adherence', lapse: true },
    { text: 'Uses a weekly pill organizer.', needs: ['medications'], topic: 'adherence' },
    { text: 'Has kept to the meal plan since the last visit.', topic: 'diet' },
    { text: 'No emergency visits or hospital stays since the last visit.', needs: ['noHospitalCare'] },
    { text: 'Has been keeping a food diary since the last appointment.', topic: 'diet' },
    { text: 'Reports the new pharmacy delivery service has helped with refills.', needs: ['medications'] },
    { text: 'A family member comes along today and helps with the schedule.', needs: ['medications'] },
    { text: 'Recently changed jobs and the new hours make routines harder.', day: 'work' },
    { text: 'Cut down on takeout meals to twice a week.', topic: 'diet' },
    { text: 'Attends a community walking group on Saturdays.', fromAge: 18 },
    { text: 'Interested in a referral to a nutrition class.', topic: 'diet' },
    { text: 'Misses occasional doses when traveling for work.', day: 'work', needs: ['medications'], topic: 'adherence', lapse: true },
    { text: 'Home readings have been within the targets we discussed.', needs: ['homeReadings'] },
    { text: 'Sleeping better since reducing late-evening screen time.', fromAge: 10, topic: 'sleep' },
    // A parent who needs care is 20 to 40 years older.
    { text: 'Caring for an elderly parent, which leaves little free time.', fromAge: 35, untilAge: 75 },
    { text: 'Has questions about costs and coverage of refills.', needs: ['medications'] },
    { text: 'Brought in by a parent today.', untilAge: 17 },
    { text: 'Has kept to the follow-up schedule.' },
  ] as readonly NarrativeLine[],
  /** The chronic conditions a patient checks at home (blood pressure, glucose): what "readings" are. */
  homeReadings: ['hypertension', 'diabetes'] as readonly string[],
  /** The exam's general appearance, by age: no one under 4 speaks in full sentences or answers questions, no adult is playful. */
  appearance: [
    { text: 'Well-appearing, in no acute distress.' },
    { text: 'Alert, oriented and conversant.', fromAge: 5 },
    { text: 'Pleasant and cooperative.', fromAge: 3 },
    { text: 'Appears comfortable.' },
    { text: 'Well-nourished, well-groomed.' },
    { text: 'Comfortable, speaking in full sentences.', fromAge: 4 },
    { text: 'Well-appearing and interactive.', untilAge: 17 },
    { text: 'Calm, answers questions appropriately.', fromAge: 4 },
    { text: 'Smiling and playful.', untilAge: 12 },
    { text: 'Quiet but cooperative.', fromAge: 3 },
  ] as ReadonlyArray<{ text: string; fromAge?: number; untilAge?: number }>,
  /** Counselling in the plan, by whom it fits: a child's is given to a parent; adult guidance to adults; what is about medications only to those taking some. */
  counselling: [
    { text: 'Discussed diet, exercise and sleep hygiene.', fromAge: 5 },
    { text: 'Reviewed the medication list with the patient.', fromAge: 12, medications: true },
    { text: 'Patient verbalized understanding of the plan.', fromAge: 12 },
    { text: 'Questions answered; agrees with the plan.', fromAge: 12 },
    { text: 'Printed instructions provided.' },
    // 150 minutes a week is the adult guideline (children: 60 minutes a day; HHS Physical Activity Guidelines, 2nd ed., 2018).
    { text: 'Encouraged regular physical activity, at least 150 minutes a week.', fromAge: 18 },
    { text: 'Discussed limiting alcohol and added salt.', fromAge: 18 },
    { text: 'Advised a balanced diet rich in vegetables and whole grains.', fromAge: 2 },
    { text: 'Shared decision making regarding next steps.' },
    { text: 'Time spent counseling exceeded half of the visit.' },
    { text: 'Discussed warning signs that should prompt a call to the office.' },
    { text: 'Reviewed when to seek urgent care after hours.' },
    { text: 'Medication schedule written out for the patient.', medications: true },
    { text: 'Teach-back used; patient restated the plan correctly.', fromAge: 12 },
    { text: 'Encouraged keeping a log to bring to the next visit.', fromAge: 12 },
    { text: 'Patient prefers text reminders; added to the outreach list.', fromAge: 18 },
    { text: 'Discussed goals the patient would like to work on before the next visit.', fromAge: 12 },
    { text: 'Provided information on local community resources.' },
    { text: 'Plan discussed with the patient and family, who agree.' },
    { text: 'Return sooner if anything changes or new concerns arise.' },
    { text: 'Discussed the plan with the parent, who agrees.', untilAge: 11 },
    { text: 'Reviewed home care and when to return with the parent.', untilAge: 11 },
  ] as ReadonlyArray<{ text: string; fromAge?: number; untilAge?: number; medications?: true }>,
  occupations: [
    'teacher', 'registered nurse', 'electrician', 'accountant', 'truck driver', 'software developer', 'restaurant cook', 'warehouse associate', 'dental hygienist',
    'bus driver', 'machinist', 'stay-at-home parent', 'real estate agent', 'pharmacy technician', 'carpenter', 'librarian', 'mail carrier', 'hair stylist', 'farmer',
    'police officer', 'customer service representative', 'social worker', 'mechanic', 'postal worker', 'barista', 'construction worker', 'office manager', 'home health aide', 'musician',
  ],
  household: [
    'Lives with spouse.',
    'Lives with partner and two children.',
    'Lives alone.',
    'Lives with adult daughter.',
    'Lives with roommates.',
    'Lives with spouse and a dog.',
    'Lives with a sister.',
  ],
  exercise: [
    'Walks daily.',
    'Exercises rarely.',
    'Swims twice a week.',
    'Bikes to work.',
    'Plays recreational soccer.',
    'Mostly sedentary.',
    'Does yoga on weekends.',
    'Gardens most days.',
    'Walks the dog twice a day.',
    'Lifts weights three times a week.',
    'Dances on weekends.',
  ],
  alcohol: [
    'No alcohol.',
    'Drinks socially.',
    'One or two drinks on weekends.',
    'A glass of wine with dinner most nights.',
    'Quit drinking years ago.',
    'Rarely drinks, only at celebrations.',
    'Two beers on Friday nights.',
  ],
  /** Households of older adults (65 and over), drawn beside the others and used from that age. */
  olderHousehold: ['Lives in a retirement community.', 'Lives with spouse and grandchildren.', 'Lives alone; daughter visits daily.'],
  /** The age from which the occupation is told as retired, and the age below which some are students. */
  retiresAt: 67,
  childHousehold: ['Lives with parents.', 'Lives with mother and a younger brother.', 'Lives with father and grandmother.', 'Lives with both parents and two siblings.'],
  /** A child's day by age (years, the band's last year): the first that fits the age is told; some families homeschool from 5. */
  school: [
    { upTo: 2, text: 'At home with a parent.', day: 'home' },
    { upTo: 4, text: 'Attends preschool.', day: 'preschool' },
    { upTo: 10, text: 'Attends elementary school.', day: 'school' },
    { upTo: 13, text: 'In middle school, doing well.', day: 'school' },
    { upTo: 17, text: 'In high school, plays in the band.', day: 'school' },
  ],
  homeschooled: { share: 0.04, fromAge: 5, text: 'Homeschooled.', day: 'home' },
  tobacco: { never: ['Never smoker.', 'Denies tobacco use.'], former: ['Former smoker, quit several years ago.', 'Ex-smoker.'], current: ['Current smoker, about half a pack a day.', 'Smokes daily; interested in cutting down.'] },
} as const
