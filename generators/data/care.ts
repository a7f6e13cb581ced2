// Care patterns as data (STYLE.md 9): who sees the patient, how often, and what each kind of visit
// orders and measures. Every rule the record builder applies that is not a code or a distribution
// is a row here with its source; generators/clinical/ only interprets these tables.

/** Primary-care specialties a patient is assigned by age (keys of SPECIALTIES): children see pediatrics or family medicine (AAP Bright Futures); adults family, internal medicine or an NP (AAFP). */
export const PRIMARY_CARE: ReadonlyArray<{ fromAge: number; toAge: number; specialties: readonly string[] }> = [
  { fromAge: 0, toAge: 17, specialties: ['pediatrics', 'family'] },
  { fromAge: 18, toAge: 200, specialties: ['family', 'internal', 'np'] },
]

/**
 * Share of years with a wellness visit (our estimate): adults 0.82, near the share CDC's NHIS
 * reports with a doctor visit in the past year; children higher, 0.92, as the AAP periodicity
 * schedule asks for a well-child visit every year.
 */
export const WELLNESS_ATTENDANCE = { child: 0.92, adult: 0.82 } as const

/**
 * Well-child visits in the first years (AAP/Bright Futures, Recommendations for Preventive
 * Pediatric Health Care): by 3 to 5 days (taken as the 4th day), then at 1, 2, 4, 6, 9, 12, 15,
 * 18, 24 and 30 months and 3 years, each kept with the child attendance share. The yearly wellness
 * visit, on the patient's own day of the year, takes over once it falls at 42 months or later (half a
 * year past the 3-year visit).
 */
export const WELL_CHILD_SCHEDULE = {
  months: [4 / (365.2425 / 12), 1, 2, 4, 6, 9, 12, 15, 18, 24, 30, 36],
  yearlyFromMonths: 42,
} as const

/** A chronic condition not given when another is present (prediabetes is superseded by diabetes: ADA Standards of Care 2024, §2). */
export const SUPERSEDED_BY: Readonly<Record<string, readonly string[]>> = {
  prediabetes: ['diabetes'],
}

/**
 * Chance a newly diagnosed condition starts on two drugs instead of one. Hypertension: the 2017
 * ACC/AHA guideline recommends two first-line agents for stage 2; 0.35 is our estimate of that
 * share of new diagnoses.
 */
export const SECOND_MEDICATION_SHARE: Readonly<Record<string, number>> = {
  hypertension: 0.35,
}

/** Supply of a prescription, days: chronic (active) fills cover 90 days, acute (completed) courses 10. */
export const SUPPLY_DAYS = { active: 90, completed: 10 } as const

/**
 * Annual probability of dying by age (up to `toAge`): US Life Tables, 2021 (Arias & Xu, National
 * Vital Statistics Reports 72(12), 2023), q(x) averaged over each band and rounded. A death ends
 * the record: Patient.deceasedDateTime, the cause recorded (the gravest chronic condition the
 * patient has, in CAUSE_OF_DEATH order, else heart attack), and care ending (CLIN-18); where it
 * happens is PLACE_OF_DEATH's.
 */
export const MORTALITY: ReadonlyArray<{ toAge: number; q: number }> = [
  { toAge: 0, q: 0.0054 },
  { toAge: 14, q: 0.00015 },
  { toAge: 24, q: 0.0009 },
  { toAge: 44, q: 0.002 },
  { toAge: 64, q: 0.0075 },
  { toAge: 74, q: 0.0185 },
  { toAge: 84, q: 0.045 },
  { toAge: 200, q: 0.14 },
]

/**
 * Where people die: in a hospital 35.1 % of deaths in 2018, at home 31.4 %, in long-term care
 * (nursing home, hospice) 26.8 % (MMWR QuickStats 2020;69(19):611, National Vital Statistics
 * System). A hospital death is recorded as one in the emergency department: the patient comes in
 * that day and dies there at the end of the visit (Encounter.hospitalization.dischargeDisposition
 * `exp`, the cause as its reason). Deaths in a ward after days of admission are not modelled: the
 * visit notes would describe such a stay as a planned one. Any other death leaves no visit that
 * day: it is recorded late that evening.
 */
export const PLACE_OF_DEATH = { hospital: 0.351 } as const

/** Chronic conditions taken as the underlying cause of death, gravest first; without one, the default. */
export const CAUSE_OF_DEATH = {
  order: ['copd', 'ckd', 'diabetes', 'hypertension'],
  default: { code: '22298006', display: 'Myocardial infarction (disorder)' },
} as const

/**
 * How much care a patient uses beyond what their conditions call for. Use is long-tailed: in AHRQ's
 * MEPS the top 5 % of the population accounts for about half of health spending and the top 1 %
 * for about a fifth (MEPS Statistical Brief #521, 2016). Each patient's follow-up and acute-episode
 * rates are multiplied by a lognormal factor with mean 1 (σ below); a share of patients with two
 * or more chronic conditions are high utilizers, seen monthly with labs repeated after four weeks
 * (care management of multimorbidity). The σ and the share are our estimates, set so that the
 * 99th percentile of resources per patient is well over five times the median.
 */
export const UTILIZATION = { sigma: 0.55, highShare: 0.08, highMinChronic: 2, highFollowUpsPerYear: 12, highLabRepeatDays: 28 } as const

/** A panel is not repeated within this many days (HbA1c every 3–6 months in diabetes: ADA Standards of Care 2024, §6). */
export const LAB_REPEAT_DAYS = 150

/**
 * Adult wellness labs: a panel is ordered when the patient is at least `fromAge` and has one of
 * the conditions (each from its own age), else by chance (from its own age). Sources: lipids from
 * 20 (ACC/AHA 2018 cholesterol guideline), HbA1c in diabetes, prediabetes, obesity from 35 and
 * anyone from 45 (USPSTF 2021 prediabetes and type 2 diabetes screening), BMP in diabetes,
 * hypertension and CKD (KDIGO 2024), CBC in CKD and COPD; the chance terms (our estimates) stand
 * for orders without a listed indication.
 */
export const WELLNESS_LABS: ReadonlyArray<{ panel: string; fromAge: number; conditions: ReadonlyArray<{ key: string; fromAge?: number }>; chance?: { p: number; fromAge?: number } }> = [
  { panel: 'lipid', fromAge: 20, conditions: [{ key: 'hyperlipidemia' }, { key: 'diabetes' }], chance: { p: 0.25 } },
  { panel: 'bmp', fromAge: 18, conditions: [{ key: 'diabetes' }, { key: 'hypertension' }, { key: 'ckd' }], chance: { p: 0.25 } },
  { panel: 'cbc', fromAge: 18, conditions: [{ key: 'ckd' }, { key: 'copd' }], chance: { p: 0.15 } },
  { panel: 'hba1c', fromAge: 18, conditions: [{ key: 'diabetes' }, { key: 'prediabetes' }, { key: 'obesity', fromAge: 35 }], chance: { p: 0.2, fromAge: 45 } },
]

/** Labs on acute hospital visits: every admission, half of emergency visits (our estimate; CBC and metabolic panels are among the commonest ED tests in CDC's NHAMCS). */
export const ACUTE_VISIT_LABS: ReadonlyArray<{ kind: 'inpatient' | 'emergency'; share: number; panels: readonly string[] }> = [
  { kind: 'inpatient', share: 1, panels: ['cbc', 'bmp'] },
  { kind: 'emergency', share: 0.5, panels: ['cbc', 'bmp'] },
]

/** A panel replaced by a fuller one from an age: BMP becomes CMP from 50 (our convention: liver values as medication use grows with age). */
export const PANEL_UPGRADES: ReadonlyArray<{ panel: string; to: string; fromAge: number }> = [{ panel: 'bmp', to: 'cmp', fromAge: 50 }]

/** The order panels are resulted in, and which panel's repeat interval an upgraded one shares. */
export const PANEL_ORDER: readonly string[] = ['hba1c', 'lipid', 'bmp', 'cmp', 'cbc']
export const PANEL_REPEATS_AS: Readonly<Record<string, string>> = { cmp: 'bmp' }

/** Which condition puts a lab in which of its `when` states (observations.ts LABS), first match wins. */
export const LAB_STATES: ReadonlyArray<{ condition: string; state: 'diabetes' | 'prediabetes' | 'lipidsHigh' | 'ckd3' }> = [
  { condition: 'diabetes', state: 'diabetes' },
  { condition: 'prediabetes', state: 'prediabetes' },
  { condition: 'hyperlipidemia', state: 'lipidsHigh' },
  { condition: 'ckd', state: 'ckd3' },
]

/**
 * eGFR (CKD-EPI 2021): reported from 18 (the equation is for adults); CKD stage 3 is an eGFR of
 * 30–59 mL/min/1.73 m² (KDIGO 2024), so with it the eGFR is drawn inside 32–57, and without it at
 * least 62 (margins keep the value, recomputed from a creatinine rounded to 0.01 mg/dL, inside its
 * stage). Without CKD it declines about 0.8 a year after 40 (Glassock & Winearls, Trans Am Clin
 * Climatol Assoc 2009), floored at 62; our estimate of the means and spreads.
 */
export const EGFR_RULES = {
  fromAge: 18,
  ckd3: { mean: 46, sd: 6, perYearOver40: 0, min: 32, max: 57 },
  normal: { mean: 105, sd: 11, perYearOver40: 0.8, min: 62, max: 130 },
} as const

/**
 * Vital signs: blood pressure from age 3 (AAP 2017 Clinical Practice Guideline for high BP in
 * children), BMI from 2 (CDC growth charts), heart rate about 10 bpm higher per °C of fever
 * (Karjalainen & Viitasalo 1986), a fever measured in 70 % of febrile visits (our estimate);
 * respiratory rate and SpO2 at every visit for chronic lung disease (GOLD 2024; GINA 2024).
 */
export const VITAL_RULES = {
  bloodPressureFromAge: 3,
  bmiFromAge: 2,
  feverHeartRateDelta: 12,
  feverMeasuredShare: 0.7,
  /** Extra breaths per minute in an acute illness. */
  acuteRespRateDelta: 2,
  lungConditions: ['copd', 'asthma'],
} as const

/**
 * Share of emergency visits that end in a hospital admission, by age (up to `toAge`): about one in
 * eight overall in CDC's NHAMCS emergency department summaries, rising with age; children are
 * rarely admitted. Multimorbid patients (two or more chronic conditions) are admitted at
 * `multimorbidFactor` times the rate. The split by age and the factor are our estimates.
 */
export const ADMISSION = { byAge: [{ toAge: 17, share: 0.04 }, { toAge: 64, share: 0.1 }, { toAge: 200, share: 0.28 }], multimorbidFactor: 1.5 } as const

/** Clinical note type per visit (LOINC document ontology): an H&P for wellness visits, a progress note otherwise. */
export const NOTE_TYPES = {
  wellness: { code: '34117-2', display: 'History and physical note' },
  other: { code: '11506-3', display: 'Progress note' },
} as const

/**
 * Care plans for chronic conditions: a Goal with a measurable target where guidelines give one
 * (HbA1c below 7 %: ADA Standards of Care 2024 §6; blood pressure below 130/80: 2017 ACC/AHA
 * guideline; PHQ-9 below 5 as remission: APA 2019 depression guideline; 5 % weight loss: USPSTF
 * 2018 obesity recommendation), the plan's activities in words, and a care team of the patient's
 * primary care clinician and the patient.
 */
export const CARE_PLANS: Readonly<Record<string, { goal: string; measure?: { loinc: string; display: string; below: number; unit: string }; activity: string }>> = {
  diabetes: { goal: 'Hemoglobin A1c below 7 %', measure: { loinc: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', below: 7, unit: '%' }, activity: 'Metformin, HbA1c every 3 to 6 months, diet and exercise counselling' },
  hypertension: { goal: 'Blood pressure below 130/80 mm[Hg]', measure: { loinc: '8480-6', display: 'Systolic blood pressure', below: 130, unit: 'mm[Hg]' }, activity: 'Antihypertensive therapy, home blood pressure monitoring, sodium restriction' },
  depression: { goal: 'Remission: PHQ-9 score below 5', measure: { loinc: '44261-6', display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]', below: 5, unit: '{score}' }, activity: 'SSRI therapy, referral for psychotherapy, follow-up every 4 to 8 weeks' },
  obesity: { goal: 'Lose 5 % of body weight', activity: 'Intensive behavioural counselling on diet and physical activity' },
  asthma: { goal: 'Asthma well controlled (symptoms twice a week or less)', activity: 'Inhaled corticosteroid, rescue inhaler, written asthma action plan' },
  copd: { goal: 'Fewer exacerbations and preserved exercise tolerance', activity: 'Long-acting bronchodilator, pulmonary rehabilitation referral, smoking cessation support' },
  ckd: { goal: 'Slow the decline of kidney function', activity: 'Blood pressure control, avoid nephrotoxic drugs, eGFR and potassium monitoring' },
}
