// Conditions and the journeys they bring, as data (STYLE.md 9): who has them (prevalence by age
// band and sex), what they change in observations, which medications, follow-up visits and
// procedures they cause. Codes: SNOMED CT International (browser.ihtsdotools.org) and ICD-10-CM
// 2024 (cms.gov), as used in Synthea's modules (synthetichealth/synthea src/main/resources/modules).

import { EMERGENCY_CONDITIONS } from './emergency.js'

export type Sex = 'female' | 'male'

/** Age bands used by the prevalence tables: [from, to] inclusive years. */
export const AGE_BANDS = [
  [0, 17],
  [18, 39],
  [40, 59],
  [60, 120],
] as const

/** Physiological effects a condition has on generated observations (see observations.ts). */
export interface ConditionEffects {
  systolic?: number
  diastolic?: number
  bmiMin?: number
  hba1c?: 'prediabetes' | 'diabetes'
  lipids?: 'high'
  kidney?: 'ckd3'
  spo2?: number
}

export interface ChronicCondition {
  key: string
  kind: 'chronic'
  snomed: { code: string; display: string }
  icd10: { code: string; display: string }
  /**
   * Share of people who have the condition by the reference date, per AGE_BANDS, [female, male]:
   * the rate the source reports, before comorbidity (the journey calibrates its draw so that,
   * with the comorbidity factors, the population still has these shares).
   */
  prevalence: ReadonlyArray<readonly [number, number]>
  /** The cited share of US adults with it; the tables, weighted by the census age pyramid, and a generated population both land within ±25 % of it. */
  adults: { rate: number; source: string }
  /**
   * Ages below this take the first band's rate: obesity is judged by BMI-for-age percentile through
   * 19 (CDC), so an 18- or 19-year-old has a child's prevalence, not an adult's.
   */
  childRatesUntil?: number
  /** Earliest plausible onset age (a rule: no onset before it). */
  minOnsetAge: number
  /** Age at onset, years: a normal truncated to [minOnsetAge, age at the reference date]. */
  onset: { mean: number; sd: number }
  /** Conditions that make this one more likely (multiplier on prevalence). */
  comorbidity?: ReadonlyArray<{ with: string; factor: number }>
  effects?: ConditionEffects
  /** Chronic therapy: one (or two) of these, each allowed for the patient (medications.ts). */
  medications: readonly string[]
  /** Extra ambulatory follow-up visits per year. */
  followUpsPerYear: number
  /** Lab panels each follow-up orders (keys of LAB_PANELS). */
  followUpLabs: readonly string[]
  procedures?: readonly string[]
  source: string
}

export interface AcuteCondition {
  key: string
  kind: 'acute'
  snomed: { code: string; display: string }
  icd10: { code: string; display: string }
  /** Episodes per person-year, per AGE_BANDS, [female, male]. */
  incidence: ReadonlyArray<readonly [number, number]>
  /** Times the first band's incidence before the second birthday, where infants and toddlers fall ill far more often than older children; 1 when absent. */
  underTwoFactor?: number
  /**
   * An illness of the first two years (bronchiolitis): episodes per child-year in the first and in
   * the second year of life, [female, male], in place of the band's rate and `underTwoFactor`. Its
   * `incidence` is 0 in every band, and no episode begins from the second birthday (a rule, CLIN-05).
   */
  firstYears?: readonly [readonly [number, number], readonly [number, number]]
  /** Share of episodes seen in the emergency department rather than in clinic. */
  emergencyShare: number
  durationDays: readonly [number, number]
  fever: boolean
  /** Therapies (medications.ts THERAPIES keys): one prescription each, the first option allowed. */
  medications: readonly string[]
  procedures?: readonly string[]
  /** It begins within hours of the visit (an injury, chest pain), not days before it. */
  sudden?: boolean
  /** Times the age's share of emergency visits admitted (care.ts ADMISSION); 1 when absent. */
  admissionFactor?: number
  source: string
}

export type ConditionDef = ChronicCondition | AcuteCondition

// Order matters: a condition's comorbidities are decided before it (obesity first).
export const CHRONIC_CONDITIONS: readonly ChronicCondition[] = [
  {
    key: 'obesity',
    kind: 'chronic',
    snomed: { code: '414916001', display: 'Obesity (disorder)' },
    icd10: { code: 'E66.9', display: 'Obesity, unspecified' },
    prevalence: [[0.19, 0.2], [0.4, 0.4], [0.45, 0.44], [0.39, 0.4]],
    adults: { rate: 0.419, source: 'CDC Adult Obesity Facts (NHANES 2017–March 2020): 41.9 % of adults' },
    childRatesUntil: 20,
    minOnsetAge: 2,
    onset: { mean: 25, sd: 15 },
    effects: { bmiMin: 30 },
    medications: [],
    followUpsPerYear: 0,
    followUpLabs: [],
    source: 'CDC NCHS Data Brief 360 (adult obesity by age, NHANES 2017–2018); childhood obesity 19.7 %',
  },
  {
    key: 'hypertension',
    kind: 'chronic',
    snomed: { code: '59621000', display: 'Essential hypertension (disorder)' },
    icd10: { code: 'I10', display: 'Essential (primary) hypertension' },
    prevalence: [[0, 0], [0.08, 0.12], [0.33, 0.38], [0.6, 0.58]],
    adults: { rate: 0.324, source: 'MMWR 2020;69(14):393 (BRFSS 2017): 32.4 % of adults ever told they have high blood pressure' },
    minOnsetAge: 18,
    onset: { mean: 48, sd: 12 },
    comorbidity: [{ with: 'obesity', factor: 1.5 }],
    effects: { systolic: 16, diastolic: 9 },
    medications: ['lisinopril', 'amlodipine', 'hydrochlorothiazide'],
    followUpsPerYear: 1,
    followUpLabs: ['bmp'],
    procedures: ['ecg'],
    source: 'CDC NCHS Data Brief 364 (hypertension prevalence by age and sex, NHANES 2017–2018)',
  },
  {
    key: 'diabetes',
    kind: 'chronic',
    snomed: { code: '44054006', display: 'Diabetes mellitus type 2 (disorder)' },
    icd10: { code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
    prevalence: [[0, 0], [0.03, 0.035], [0.11, 0.13], [0.19, 0.23]],
    adults: { rate: 0.113, source: 'CDC National Diabetes Statistics Report 2023: 11.3 % of adults have diagnosed diabetes' },
    minOnsetAge: 18,
    onset: { mean: 50, sd: 12 },
    comorbidity: [{ with: 'obesity', factor: 2 }],
    effects: { hba1c: 'diabetes' },
    medications: ['metformin'],
    followUpsPerYear: 2,
    followUpLabs: ['hba1c', 'bmp'],
    source: 'CDC National Diabetes Statistics Report 2023 (diagnosed diabetes by age)',
  },
  {
    key: 'prediabetes',
    kind: 'chronic',
    snomed: { code: '15777000', display: 'Prediabetes (finding)' },
    icd10: { code: 'R73.03', display: 'Prediabetes' },
    prevalence: [[0, 0], [0.035, 0.045], [0.08, 0.09], [0.1, 0.11]],
    adults: { rate: 0.072, source: 'CDC National Diabetes Statistics Report 2023: 38.0 % of adults have prediabetes, 19.0 % of them were told so (7.2 % diagnosed)' },
    minOnsetAge: 18,
    onset: { mean: 45, sd: 12 },
    comorbidity: [{ with: 'obesity', factor: 1.4 }],
    effects: { hba1c: 'prediabetes' },
    medications: [],
    followUpsPerYear: 0,
    followUpLabs: [],
    source: 'CDC National Diabetes Statistics Report 2023 (prediabetes, ~38 % of adults, about 1 in 5 aware)',
  },
  {
    key: 'hyperlipidemia',
    kind: 'chronic',
    snomed: { code: '55822004', display: 'Hyperlipidemia (disorder)' },
    icd10: { code: 'E78.5', display: 'Hyperlipidemia, unspecified' },
    prevalence: [[0, 0], [0.12, 0.16], [0.38, 0.42], [0.5, 0.5]],
    adults: { rate: 0.335, source: 'MMWR 2011;60(4):109 (NHANES 2005–2008): 33.5 % of adults had high LDL cholesterol or took cholesterol-lowering medication' },
    minOnsetAge: 20,
    onset: { mean: 48, sd: 12 },
    comorbidity: [{ with: 'diabetes', factor: 1.6 }],
    effects: { lipids: 'high' },
    medications: ['atorvastatin', 'simvastatin'],
    followUpsPerYear: 0,
    followUpLabs: ['lipid'],
    source: 'CDC, High Cholesterol Facts (NHANES 2015–2018, high total cholesterol and statin use by age)',
  },
  {
    key: 'asthma',
    kind: 'chronic',
    snomed: { code: '195967001', display: 'Asthma (disorder)' },
    icd10: { code: 'J45.909', display: 'Unspecified asthma, uncomplicated' },
    prevalence: [[0.055, 0.068], [0.1, 0.055], [0.1, 0.06], [0.09, 0.055]],
    adults: { rate: 0.08, source: 'CDC Most Recent National Asthma Data (NHIS 2021): current asthma in 8.0 % of adults, 6.5 % of children' },
    minOnsetAge: 2,
    onset: { mean: 15, sd: 15 },
    medications: ['albuterol', 'fluticasone'],
    followUpsPerYear: 1,
    followUpLabs: [],
    procedures: ['spirometry'],
    source: 'CDC Most Recent National Asthma Data (current asthma by age and sex, NHIS 2021)',
  },
  {
    key: 'copd',
    kind: 'chronic',
    snomed: { code: '13645005', display: 'Chronic obstructive lung disease (disorder)' },
    icd10: { code: 'J44.9', display: 'Chronic obstructive pulmonary disease, unspecified' },
    prevalence: [[0, 0], [0.005, 0.005], [0.055, 0.05], [0.13, 0.12]],
    adults: { rate: 0.06, source: 'MMWR 2023;72(46):1250 (BRFSS 2021): 6.0 % of adults told they have COPD, age-standardized' },
    minOnsetAge: 35,
    onset: { mean: 58, sd: 10 },
    effects: { spo2: -3.5 },
    medications: ['albuterol', 'fluticasoneSalmeterol'],
    followUpsPerYear: 1,
    followUpLabs: ['cbc'],
    procedures: ['spirometry'],
    source: 'CDC MMWR 2023;72(5) (COPD prevalence by age, BRFSS 2021)',
  },
  {
    key: 'ckd',
    kind: 'chronic',
    snomed: { code: '433144002', display: 'Chronic kidney disease stage 3 (disorder)' },
    icd10: { code: 'N18.30', display: 'Chronic kidney disease, stage 3 unspecified' },
    prevalence: [[0, 0], [0.01, 0.01], [0.04, 0.035], [0.16, 0.15]],
    adults: { rate: 0.07, source: 'CDC Chronic Kidney Disease in the United States 2023: 14 % of adults have CKD (NHANES 2017–March 2020), about half of them at stage 3' },
    minOnsetAge: 25,
    onset: { mean: 62, sd: 12 },
    comorbidity: [
      { with: 'diabetes', factor: 2.5 },
      { with: 'hypertension', factor: 1.7 },
    ],
    effects: { kidney: 'ckd3' },
    medications: [],
    followUpsPerYear: 1,
    followUpLabs: ['bmp', 'cbc'],
    source: 'CDC Chronic Kidney Disease in the United States, 2023 (stage 3 share of CKD by age)',
  },
  {
    key: 'depression',
    kind: 'chronic',
    snomed: { code: '370143000', display: 'Major depressive disorder (disorder)' },
    icd10: { code: 'F32.9', display: 'Major depressive disorder, single episode, unspecified' },
    prevalence: [[0.12, 0.05], [0.15, 0.09], [0.085, 0.055], [0.055, 0.035]],
    adults: { rate: 0.083, source: 'NIMH Major Depression (NSDUH 2021): 8.3 % of adults had a major depressive episode in the past year' },
    minOnsetAge: 12,
    onset: { mean: 28, sd: 12 },
    medications: ['sertraline'],
    followUpsPerYear: 2,
    followUpLabs: [],
    procedures: ['depressionScreening'],
    source: 'NIMH, Major Depression statistics (NSDUH 2021, past-year episode by age and sex)',
  },
  {
    key: 'anxiety',
    kind: 'chronic',
    snomed: { code: '197480006', display: 'Anxiety disorder (disorder)' },
    icd10: { code: 'F41.9', display: 'Anxiety disorder, unspecified' },
    prevalence: [[0.05, 0.03], [0.27, 0.17], [0.25, 0.16], [0.11, 0.07]],
    adults: { rate: 0.191, source: 'NIMH Any Anxiety Disorder (NCS-R): 19.1 % of adults in the past year (women 23.4 %, men 14.3 %)' },
    minOnsetAge: 8,
    onset: { mean: 22, sd: 10 },
    medications: ['escitalopram'],
    followUpsPerYear: 1,
    followUpLabs: [],
    source: 'NIMH, Any Anxiety Disorder statistics (NCS-R, past-year prevalence by sex)',
  },
  {
    key: 'osteoarthritis',
    kind: 'chronic',
    snomed: { code: '239873007', display: 'Osteoarthritis of knee (disorder)' },
    icd10: { code: 'M17.9', display: 'Osteoarthritis of knee, unspecified' },
    prevalence: [[0, 0], [0.01, 0.01], [0.06, 0.04], [0.14, 0.1]],
    adults: { rate: 0.056, source: 'Deshpande et al., Arthritis Care Res 2016;68(12):1743: 14 million US adults (about 5.6 %) with symptomatic knee osteoarthritis' },
    minOnsetAge: 30,
    onset: { mean: 58, sd: 10 },
    comorbidity: [{ with: 'obesity', factor: 1.5 }],
    medications: ['acetaminophen', 'ibuprofen'],
    followUpsPerYear: 1,
    followUpLabs: [],
    source: 'CDC Arthritis Data & Statistics (doctor-diagnosed arthritis by age, NHIS 2019–2021)',
  },
  {
    key: 'hipOsteoarthritis',
    kind: 'chronic',
    snomed: { code: '239872002', display: 'Osteoarthritis of hip (disorder)' },
    icd10: { code: 'M16.9', display: 'Osteoarthritis of hip, unspecified' },
    prevalence: [[0, 0], [0.004, 0.004], [0.045, 0.035], [0.13, 0.1]],
    adults: {
      rate: 0.05,
      source:
        'Jordan et al., J Rheumatol 2009;36(4):809 (Johnston County Osteoarthritis Project): nearly 10 % of adults 45 and over with symptomatic hip osteoarthritis; about half of US adults are 45 or over (Census 2020), so about 5 % of adults',
    },
    minOnsetAge: 35,
    onset: { mean: 62, sd: 10 },
    // No comorbidity factor: lifetime risk did not differ by BMI (Murphy et al., Osteoarthritis Cartilage 2010;18(11):1372).
    medications: ['acetaminophen', 'ibuprofen'],
    followUpsPerYear: 1,
    followUpLabs: [],
    source: 'Jordan 2009 (prevalence by age and sex, higher in women and with age); Murphy 2010 (lifetime risk 25 %)',
  },
  {
    key: 'gerd',
    kind: 'chronic',
    snomed: { code: '235595009', display: 'Gastroesophageal reflux disease (disorder)' },
    icd10: { code: 'K21.9', display: 'Gastro-esophageal reflux disease without esophagitis' },
    prevalence: [[0.01, 0.01], [0.15, 0.13], [0.23, 0.2], [0.25, 0.23]],
    adults: { rate: 0.2, source: 'El-Serag et al., Gut 2014;63:871: GERD in 18.1–27.8 % of North American adults (the lower part taken: 20 %)' },
    minOnsetAge: 10,
    onset: { mean: 40, sd: 15 },
    comorbidity: [{ with: 'obesity', factor: 1.3 }],
    medications: [],
    followUpsPerYear: 0,
    followUpLabs: [],
    source: 'El-Serag et al., Gut 2014;63:871 (GERD prevalence in North America 18–28 %)',
  },
]

/** The common acute illnesses, seen mostly in clinic (the emergency department's own presentations are in emergency.ts). */
const COMMON_ACUTE: readonly AcuteCondition[] = [
  {
    key: 'bronchitis',
    kind: 'acute',
    snomed: { code: '10509002', display: 'Acute bronchitis (disorder)' },
    icd10: { code: 'J20.9', display: 'Acute bronchitis, unspecified' },
    incidence: [[0.04, 0.04], [0.04, 0.03], [0.05, 0.04], [0.06, 0.05]],
    emergencyShare: 0.1,
    durationDays: [7, 21],
    fever: true,
    medications: ['painFever'],
    source: 'Kinkade & Long, Am Fam Physician 2016;94(7):560 (acute bronchitis ~5 % of adults a year)',
  },
  {
    key: 'pharyngitis',
    kind: 'acute',
    snomed: { code: '195662009', display: 'Acute viral pharyngitis (disorder)' },
    icd10: { code: 'J02.9', display: 'Acute pharyngitis, unspecified' },
    incidence: [[0.15, 0.15], [0.07, 0.05], [0.05, 0.04], [0.03, 0.03]],
    emergencyShare: 0.08,
    durationDays: [5, 10],
    fever: true,
    medications: ['painFever'],
    procedures: ['throatCulture'],
    source: 'Kalra et al., Am Fam Physician 2016;94(1):24 (sore throat visits, highest in children)',
  },
  {
    key: 'sinusitis',
    kind: 'acute',
    snomed: { code: '36971009', display: 'Sinusitis (disorder)' },
    icd10: { code: 'J01.90', display: 'Acute sinusitis, unspecified' },
    incidence: [[0.03, 0.03], [0.1, 0.06], [0.1, 0.06], [0.07, 0.05]],
    emergencyShare: 0.03,
    durationDays: [10, 28],
    fever: false,
    medications: ['sinusitisAntibiotic'],
    source: 'CDC, Sinus Infection (about 1 in 8 adults diagnosed each year)',
  },
  {
    key: 'uti',
    kind: 'acute',
    snomed: { code: '68566005', display: 'Urinary tract infectious disease (disorder)' },
    icd10: { code: 'N39.0', display: 'Urinary tract infection, site not specified' },
    incidence: [[0.02, 0.005], [0.1, 0.01], [0.09, 0.015], [0.12, 0.04]],
    emergencyShare: 0.15,
    durationDays: [3, 10],
    fever: false,
    medications: ['utiAntibiotic'],
    source: 'Foxman, Am J Med 2002;113 Suppl 1A:5S (UTI incidence by sex)',
  },
  {
    key: 'otitis',
    kind: 'acute',
    snomed: { code: '65363002', display: 'Otitis media (disorder)' },
    icd10: { code: 'H66.90', display: 'Otitis media, unspecified, unspecified ear' },
    incidence: [[0.25, 0.28], [0.01, 0.01], [0.005, 0.005], [0.005, 0.005]],
    emergencyShare: 0.1,
    durationDays: [5, 14],
    fever: true,
    medications: ['otitisAntibiotic', 'painFever'],
    underTwoFactor: 2,
    source: 'Kaur et al., Pediatrics 2017;140(3):e20170181 (acute otitis media incidence in children: 23 % have had an episode by their first birthday, 60 % by their third; the peak is at 6 to 18 months)',
  },
  {
    key: 'ankleSprain',
    kind: 'acute',
    snomed: { code: '44465007', display: 'Sprain of ankle (disorder)' },
    icd10: { code: 'S93.401A', display: 'Sprain of unspecified ligament of right ankle, initial encounter' },
    incidence: [[0.02, 0.025], [0.02, 0.025], [0.01, 0.01], [0.005, 0.004]],
    emergencyShare: 0.5,
    durationDays: [14, 42],
    fever: false,
    medications: ['pain'],
    source: 'Waterman et al., J Bone Joint Surg Am 2010;92(13):2279 (ankle sprain ED incidence 2.15/1000 person-years)',
  },
  {
    key: 'uri',
    kind: 'acute',
    snomed: { code: '54150009', display: 'Upper respiratory infection (disorder)' },
    icd10: { code: 'J06.9', display: 'Acute upper respiratory infection, unspecified' },
    incidence: [[0.15, 0.15], [0.04, 0.03], [0.035, 0.025], [0.03, 0.025]],
    emergencyShare: 0.25,
    durationDays: [5, 10],
    fever: true,
    medications: ['painFever'],
    admissionFactor: 0.1,
    underTwoFactor: 3,
    source:
      'Fendrick et al., Arch Intern Med 2003;163(4):487 (about 500 million non-influenza viral respiratory infections a year in the US, most never seen by a clinician); Monto & Ullman, JAMA 1974;227(2):164 (Tecumseh study: respiratory illnesses most frequent in the first years of life); McCaig & Ly, Adv Data 2002;326 (NHAMCS 2000: acute upper respiratory infections among the leading illness diagnoses in the emergency department, most in children)',
  },
  {
    key: 'gastroenteritis',
    kind: 'acute',
    snomed: { code: '25374005', display: 'Gastroenteritis (disorder)' },
    icd10: { code: 'A09', display: 'Infectious gastroenteritis and colitis, unspecified' },
    incidence: [[0.11, 0.11], [0.04, 0.032], [0.04, 0.032], [0.055, 0.045]],
    emergencyShare: 0.2,
    durationDays: [2, 5],
    fever: true,
    medications: [],
    admissionFactor: 1.2,
    underTwoFactor: 2.5,
    source:
      'Gastañaduy et al., J Infect Dis 2013;207(7):1058 (MarketScan 2001–2009: norovirus 14 emergency and 57 outpatient visits per 10,000 persons a year, 13 % of all gastroenteritis visits, so about 1.1 and 4.4 per 100 for every cause; under 5, 38 and 233 against 10 and 85 at 5–17); Hall et al., Emerg Infect Dis 2013;19(8):1198 (norovirus: 400,000 emergency visits and 56,000–71,000 hospitalizations a year)',
  },
]

/** Every acute condition a journey may bring, in the order their episodes are drawn. */
export const ACUTE_CONDITIONS: readonly AcuteCondition[] = [...COMMON_ACUTE, ...EMERGENCY_CONDITIONS]

export const ALL_CONDITIONS: readonly ConditionDef[] = [...CHRONIC_CONDITIONS, ...ACUTE_CONDITIONS]

export function bandIndex(age: number): number {
  for (const [i, band] of AGE_BANDS.entries()) if (age <= band[1]) return i
  return AGE_BANDS.length - 1
}
