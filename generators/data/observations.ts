// Vital signs and laboratory tests: LOINC codes (loinc.org), UCUM units, and the distributions
// values are drawn from. Normal ranges: Mayo Clinic Laboratories reference values and MedlinePlus;
// vital-sign profile per the FHIR R4 vital signs profile (hl7.org/fhir/R4/observation-vitalsigns.html).

export interface ObsCode {
  code: string
  display: string
  unit: string
  /** UCUM code when it differs from the printed unit. */
  ucum?: string
  decimals: number
  /** The US Core 6.1 profile the result claims (a StructureDefinition name), when it has its own. */
  profile?: string
  /** Further LOINC codings a profile requires beside the main one. */
  also?: ReadonlyArray<{ code: string; display: string }>
}

export const VITALS = {
  panel: { code: '85353-1', display: 'Vital signs, weight, height, head circumference, oxygen saturation and BMI panel', unit: '', decimals: 0 },
  bpPanel: { code: '85354-9', display: 'Blood pressure panel with all children optional', unit: '', decimals: 0, profile: 'us-core-blood-pressure' },
  systolic: { code: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]', decimals: 0 },
  diastolic: { code: '8462-4', display: 'Diastolic blood pressure', unit: 'mm[Hg]', decimals: 0 },
  heartRate: { code: '8867-4', display: 'Heart rate', unit: '/min', decimals: 0, profile: 'us-core-heart-rate' },
  respRate: { code: '9279-1', display: 'Respiratory rate', unit: '/min', decimals: 0, profile: 'us-core-respiratory-rate' },
  temperature: { code: '8310-5', display: 'Body temperature', unit: 'Cel', decimals: 1, profile: 'us-core-body-temperature' },
  // US Core Pulse Oximetry (6.1) requires 59408-5 beside the vital-signs code 2708-6.
  spo2: { code: '2708-6', display: 'Oxygen saturation in Arterial blood', unit: '%', decimals: 0, profile: 'us-core-pulse-oximetry', also: [{ code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry' }] },
  height: { code: '8302-2', display: 'Body height', unit: 'cm', decimals: 1, profile: 'us-core-body-height' },
  weight: { code: '29463-7', display: 'Body weight', unit: 'kg', decimals: 1, profile: 'us-core-body-weight' },
  bmi: { code: '39156-5', display: 'Body mass index (BMI) [Ratio]', unit: 'kg/m2', decimals: 1, profile: 'us-core-bmi' },
  // US Core Pediatric BMI for Age (2 to 20 years): the CDC 2000 percentile (data/growth.ts), UCUM '%'.
  bmiForAge: { code: '59576-9', display: 'Body mass index (BMI) [Percentile] Per age and sex', unit: '%', decimals: 1, profile: 'pediatric-bmi-for-age' },
  // Infants (data/growth-infant.ts): US Core Head Circumference, Pediatric Head Occipital-frontal Circumference Percentile and Pediatric Weight for Height.
  headCircumference: { code: '9843-4', display: 'Head Occipital-frontal circumference', unit: 'cm', decimals: 1, profile: 'us-core-head-circumference' },
  headCircumferencePercentile: {
    code: '8289-1',
    display: 'Head Occipital-frontal circumference Percentile',
    unit: '%',
    decimals: 1,
    profile: 'head-occipital-frontal-circumference-percentile',
  },
  weightForLength: { code: '77606-2', display: 'Weight-for-length Per age and sex', unit: '%', decimals: 1, profile: 'pediatric-weight-for-height' },
} as const satisfies Record<string, ObsCode>

/**
 * Tobacco use, recorded at adult wellness visits as US Core Smoking Status (LOINC 72166-2, SNOMED
 * CT answers). Current smokers 11.5 % of adults (CDC, Current Cigarette Smoking Among Adults, NHIS
 * 2021); former about one adult in five (NHIS); with COPD 38 % smoke (CDC, COPD facts) and most of
 * the rest are former smokers (our estimate of that split).
 */
export const SMOKING = {
  code: { code: '72166-2', display: 'Tobacco smoking status', unit: '', decimals: 0, profile: 'us-core-smokingstatus' } as ObsCode,
  answers: {
    current: { code: '449868002', display: 'Smokes tobacco daily (finding)' },
    former: { code: '8517006', display: 'Ex-smoker (finding)' },
    never: { code: '266919005', display: 'Never smoked tobacco (finding)' },
  },
  adults: { current: 0.115, former: 0.2 },
  withCopd: { current: 0.38, former: 0.5 },
  fromAge: 18,
} as const

/** Mean and SD of a lab value, with the condition-driven variants. */
export interface LabDef extends ObsCode {
  key: string
  /** Name used in note text. */
  short: string
  normal: { mean: number; sd: number; female?: number; min: number; max: number }
  /** Overrides of the mean (and sd) under a condition effect key (see conditions.ts). */
  when?: Partial<Record<'prediabetes' | 'diabetes' | 'lipidsHigh' | 'ckd3', { mean: number; sd: number }>>
  /** Reference range printed in the Observation (normal adult range). */
  range: { low?: number; high?: number }
}

export const LABS: Record<string, LabDef> = {
  hba1c: { key: 'hba1c', short: 'HbA1c', code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: '%', decimals: 1, normal: { mean: 5.3, sd: 0.25, min: 4.2, max: 5.6 }, when: { prediabetes: { mean: 6.0, sd: 0.15 }, diabetes: { mean: 7.6, sd: 0.9 } }, range: { low: 4, high: 5.6 } },
  glucose: { key: 'glucose', short: 'Glucose', code: '2345-7', display: 'Glucose [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 0, normal: { mean: 88, sd: 8, min: 65, max: 99 }, when: { prediabetes: { mean: 112, sd: 7 }, diabetes: { mean: 155, sd: 30 } }, range: { low: 70, high: 99 } },
  cholesterol: { key: 'cholesterol', short: 'Total cholesterol', code: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 0, normal: { mean: 180, sd: 22, min: 120, max: 239 }, when: { lipidsHigh: { mean: 245, sd: 25 } }, range: { high: 200 } },
  ldl: { key: 'ldl', short: 'LDL', code: '18262-6', display: 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay', unit: 'mg/dL', decimals: 0, normal: { mean: 100, sd: 22, min: 50, max: 159 }, when: { lipidsHigh: { mean: 165, sd: 22 } }, range: { high: 100 } },
  hdl: { key: 'hdl', short: 'HDL', code: '2085-9', display: 'Cholesterol in HDL [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 0, normal: { mean: 52, sd: 10, female: 60, min: 28, max: 95 }, range: { low: 40 } },
  triglycerides: { key: 'triglycerides', short: 'Triglycerides', code: '2571-8', display: 'Triglyceride [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 0, normal: { mean: 115, sd: 35, min: 40, max: 199 }, when: { lipidsHigh: { mean: 210, sd: 50 }, diabetes: { mean: 190, sd: 50 } }, range: { high: 150 } },
  bun: { key: 'bun', short: 'BUN', code: '6299-2', display: 'Urea nitrogen [Mass/volume] in Blood', unit: 'mg/dL', decimals: 0, normal: { mean: 14, sd: 3.5, min: 6, max: 24 }, when: { ckd3: { mean: 32, sd: 7 } }, range: { low: 6, high: 24 } },
  creatinine: { key: 'creatinine', short: 'Creatinine', code: '38483-4', display: 'Creatinine [Mass/volume] in Blood', unit: 'mg/dL', decimals: 2, normal: { mean: 1.0, sd: 0.13, female: 0.8, min: 0.5, max: 1.3 }, when: { ckd3: { mean: 1.75, sd: 0.25 } }, range: { low: 0.6, high: 1.3 } },
  sodium: { key: 'sodium', short: 'Sodium', code: '2951-2', display: 'Sodium [Moles/volume] in Serum or Plasma', unit: 'mmol/L', decimals: 0, normal: { mean: 140, sd: 2, min: 135, max: 145 }, range: { low: 135, high: 145 } },
  potassium: { key: 'potassium', short: 'Potassium', code: '2823-3', display: 'Potassium [Moles/volume] in Serum or Plasma', unit: 'mmol/L', decimals: 1, normal: { mean: 4.2, sd: 0.3, min: 3.5, max: 5.1 }, when: { ckd3: { mean: 4.8, sd: 0.35 } }, range: { low: 3.5, high: 5.1 } },
  chloride: { key: 'chloride', short: 'Chloride', code: '2075-0', display: 'Chloride [Moles/volume] in Serum or Plasma', unit: 'mmol/L', decimals: 0, normal: { mean: 103, sd: 2, min: 98, max: 107 }, range: { low: 98, high: 107 } },
  co2: { key: 'co2', short: 'CO2', code: '2028-9', display: 'Carbon dioxide, total [Moles/volume] in Serum or Plasma', unit: 'mmol/L', decimals: 0, normal: { mean: 25, sd: 2, min: 22, max: 29 }, when: { ckd3: { mean: 21, sd: 2 } }, range: { low: 22, high: 29 } },
  calcium: { key: 'calcium', short: 'Calcium', code: '17861-6', display: 'Calcium [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 1, normal: { mean: 9.5, sd: 0.3, min: 8.6, max: 10.3 }, range: { low: 8.6, high: 10.3 } },
  egfr: { key: 'egfr', short: 'eGFR', code: '98979-8', display: 'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)', unit: 'mL/min/{1.73_m2}', decimals: 0, normal: { mean: 0, sd: 0, min: 0, max: 0 }, range: { low: 60 } },
  albumin: { key: 'albumin', short: 'Albumin', code: '1751-7', display: 'Albumin [Mass/volume] in Serum or Plasma', unit: 'g/dL', decimals: 1, normal: { mean: 4.2, sd: 0.3, min: 3.5, max: 5.0 }, range: { low: 3.5, high: 5.0 } },
  protein: { key: 'protein', short: 'Total protein', code: '2885-2', display: 'Protein [Mass/volume] in Serum or Plasma', unit: 'g/dL', decimals: 1, normal: { mean: 7.0, sd: 0.4, min: 6.0, max: 8.3 }, range: { low: 6.0, high: 8.3 } },
  alt: { key: 'alt', short: 'ALT', code: '1742-6', display: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma', unit: 'U/L', decimals: 0, normal: { mean: 24, sd: 8, min: 7, max: 55 }, range: { low: 7, high: 55 } },
  ast: { key: 'ast', short: 'AST', code: '1920-8', display: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma', unit: 'U/L', decimals: 0, normal: { mean: 23, sd: 7, min: 8, max: 48 }, range: { low: 8, high: 48 } },
  alp: { key: 'alp', short: 'ALP', code: '6768-6', display: 'Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma', unit: 'U/L', decimals: 0, normal: { mean: 72, sd: 18, min: 40, max: 129 }, range: { low: 40, high: 129 } },
  bilirubin: { key: 'bilirubin', short: 'Total bilirubin', code: '1975-2', display: 'Bilirubin.total [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 1, normal: { mean: 0.7, sd: 0.2, min: 0.1, max: 1.2 }, range: { low: 0.1, high: 1.2 } },
  wbc: { key: 'wbc', short: 'WBC', code: '6690-2', display: 'Leukocytes [#/volume] in Blood by Automated count', unit: '10*3/uL', decimals: 1, normal: { mean: 7.0, sd: 1.4, min: 3.5, max: 10.5 }, range: { low: 3.4, high: 9.6 } },
  rbc: { key: 'rbc', short: 'RBC', code: '789-8', display: 'Erythrocytes [#/volume] in Blood by Automated count', unit: '10*6/uL', decimals: 2, normal: { mean: 5.0, sd: 0.3, female: 4.4, min: 3.8, max: 5.8 }, range: { low: 3.9, high: 5.7 } },
  hemoglobin: { key: 'hemoglobin', short: 'Hemoglobin', code: '718-7', display: 'Hemoglobin [Mass/volume] in Blood', unit: 'g/dL', decimals: 1, normal: { mean: 15.0, sd: 0.9, female: 13.4, min: 11.0, max: 17.5 }, when: { ckd3: { mean: 11.8, sd: 0.9 } }, range: { low: 11.6, high: 17.2 } },
  hematocrit: { key: 'hematocrit', short: 'Hematocrit', code: '4544-3', display: 'Hematocrit [Volume Fraction] of Blood by Automated count', unit: '%', decimals: 1, normal: { mean: 44, sd: 2.5, female: 40, min: 33, max: 52 }, range: { low: 35.5, high: 50.3 } },
  platelets: { key: 'platelets', short: 'Platelets', code: '777-3', display: 'Platelets [#/volume] in Blood by Automated count', unit: '10*3/uL', decimals: 0, normal: { mean: 250, sd: 50, min: 140, max: 420 }, range: { low: 135, high: 371 } },
}

/** Panels grouped into one DiagnosticReport each. */
/**
 * A child's serum creatinine, µmol/L, by whole years of age up to EGFR_RULES.fromAge (care.ts; from
 * there it follows the adult's eGFR): the median of healthy children, the FAS equation's Q (Pottel et
 * al., Nephrol Dial Transplant 2016;31(5):798, ages 1 to 17, boys and girls apart from 15), and 22 in
 * the first year (Boer et al., Pediatr Nephrol 2010;25:2107: 20–22 from the second month). Drawn with
 * the adult table's relative spread and reported against two thirds to four thirds of the median, our
 * estimate of the interval (the adult one is about that wide around its median).
 */
export const CHILD_CREATININE = {
  female: [22, 23, 26, 27, 30, 34, 36, 39, 41, 43, 45, 47, 50, 52, 54, 57, 59, 61],
  male: [22, 23, 26, 27, 30, 34, 36, 39, 41, 43, 45, 47, 50, 52, 54, 64, 69, 72],
  umolPerMgDl: 88.4,
  spread: 0.13,
  interval: [2 / 3, 4 / 3],
} as const

/** A child's band of a lab (CHILD_LABS): from an age in months, for one sex or both, the mean and the interval it is drawn in and reported against. */
export interface ChildLabBand {
  fromMonths: number
  sex?: 'female' | 'male'
  mean: number
  low: number
  high: number
}

/**
 * Red cell values of children, who are not small adults: a 1-year-old's hemoglobin is about 12 g/dL
 * where a man's is 15. Dallman's normal values (Rudolph's Pediatrics, 16th ed., 1977, as printed in
 * Nathan and Oski's Hematology of Infancy and Childhood): each band's mean, and its mean less two SD
 * as the low limit; the high limit is the mean plus two SD (our reading: the table gives the low side
 * only). The first band is the table's 3 to 6 months, used from birth (neonates' higher values are not
 * drawn); the University of Iowa's pediatric ranges agree (hemoglobin 11.3–14.1 from 6 months to a
 * year). Bands are by age in months, the last ending at EGFR_RULES.fromAge's 18 years, from which
 * the adult table applies.
 */
export const CHILD_LABS: Readonly<Record<string, readonly ChildLabBand[]>> = {
  hemoglobin: [
    { fromMonths: 0, mean: 11.5, low: 9.5, high: 13.5 },
    { fromMonths: 6, mean: 12.0, low: 10.5, high: 13.5 },
    { fromMonths: 24, mean: 12.5, low: 11.5, high: 13.5 },
    { fromMonths: 72, mean: 13.5, low: 11.5, high: 15.5 },
    { fromMonths: 144, sex: 'female', mean: 14.0, low: 12.0, high: 16.0 },
    { fromMonths: 144, sex: 'male', mean: 14.5, low: 13.0, high: 16.0 },
  ],
  hematocrit: [
    { fromMonths: 0, mean: 35, low: 29, high: 41 },
    { fromMonths: 6, mean: 36, low: 33, high: 39 },
    { fromMonths: 24, mean: 37, low: 34, high: 40 },
    { fromMonths: 72, mean: 40, low: 35, high: 45 },
    { fromMonths: 144, sex: 'female', mean: 41, low: 36, high: 46 },
    { fromMonths: 144, sex: 'male', mean: 43, low: 37, high: 49 },
  ],
  rbc: [
    { fromMonths: 0, mean: 3.8, low: 3.1, high: 4.5 },
    { fromMonths: 6, mean: 4.5, low: 3.7, high: 5.3 },
    { fromMonths: 24, mean: 4.6, low: 3.9, high: 5.3 },
    { fromMonths: 72, mean: 4.6, low: 4.0, high: 5.2 },
    { fromMonths: 144, sex: 'female', mean: 4.6, low: 4.1, high: 5.1 },
    { fromMonths: 144, sex: 'male', mean: 4.9, low: 4.5, high: 5.3 },
  ],
}

export const LAB_PANELS: Record<string, { code: string; display: string; labs: readonly string[] }> = {
  hba1c: { code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', labs: ['hba1c'] },
  lipid: { code: '57698-3', display: 'Lipid panel with direct LDL - Serum or Plasma', labs: ['cholesterol', 'triglycerides', 'ldl', 'hdl'] },
  bmp: { code: '51990-0', display: 'Basic metabolic panel - Blood', labs: ['glucose', 'bun', 'creatinine', 'egfr', 'sodium', 'potassium', 'chloride', 'co2', 'calcium'] },
  cmp: { code: '24323-8', display: 'Comprehensive metabolic 2000 panel - Serum or Plasma', labs: ['glucose', 'bun', 'creatinine', 'egfr', 'sodium', 'potassium', 'chloride', 'co2', 'calcium', 'albumin', 'protein', 'alt', 'ast', 'alp', 'bilirubin'] },
  cbc: { code: '58410-2', display: 'CBC panel - Blood by Automated count', labs: ['wbc', 'rbc', 'hemoglobin', 'hematocrit', 'platelets'] },
}

/**
 * Stature by age (cm), roughly the CDC 2000 growth charts' 50th percentile; adults keep their
 * own height drawn around the adult mean. [age, female, male].
 */
export const STATURE_BY_AGE: ReadonlyArray<readonly [number, number, number]> = [
  [0, 49.5, 50], [1, 74, 76], [2, 86, 87.5], [3, 95, 96], [4, 102, 103], [5, 109, 110], [6, 115, 116],
  [8, 127, 128], [10, 138, 138], [12, 151, 149], [14, 160, 164], [16, 162, 173], [18, 163, 176],
]

/**
 * Adult stature SD (cm) and BMI distribution without obesity (CDC anthropometric reference data
 * 2015–2018), and with it: a normal truncated to 30.5–65 that puts 22 % of adults with obesity at
 * 40 or more, as NHANES 2017–2018 found (severe obesity 9.2 % of adults, of the 42.4 % with obesity:
 * NCHS Data Brief 360). Children's BMI follows data/growth.ts.
 */
export const ANTHROPOMETRY = {
  adultHeightSd: 7,
  bmi: { mean: 25.5, sd: 2.6, min: 18.5, max: 29.9 },
  bmiObese: { mean: 35.5, sd: 5, min: 30.5, max: 65 },
  /** Adults at a BMI of 40 or more, of all adults (NCHS Data Brief 360). */
  severeObesityShare: 0.092,
  /** Visit-to-visit variation of an adult's measured BMI (kg/m²), bounded: with obesity it stays at 30 or more. */
  noise: { sd: 0.3, max: 0.45 },
} as const

/** Resting vital-sign distributions by age group (adult/child), from MedlinePlus normal values; a child's heart and breathing rates are CHILD_RATES'. */
export const VITAL_DISTRIBUTIONS = {
  adult: { systolic: [116, 9], diastolic: [75, 6], heartRate: [72, 9], respRate: [15, 1.8] },
  child: { systolic: [102, 7], diastolic: [62, 5] },
  temperature: [36.8, 0.25],
  fever: [38.4, 0.4],
  spo2: [97.6, 0.9],
} as const

/**
 * A child's resting heart and breathing rates (before 18), which fall steeply through infancy: the
 * medians at ages in months, with the age's median read on the straight line between them. Fleming et
 * al., Lancet 2011;377(9770):1011 (a systematic review of 143,346 children): heart rate 127 at birth,
 * 145 at one month, 124 at one year, 113 at two, and 84, 78 and 73 in the 8–12, 12–15 and 15–18
 * bands (placed at their middles); breathing 44 at birth and 26 at two. From there to 18 the lines
 * run to the adult table's medians (72 and 15), our reading where Fleming's later breathing medians
 * are not at hand. Spread: Fleming's 10th–90th centiles at 8–18 years put one SD at about 17 % of the
 * heart rate's median; 13 % for breathing is our estimate (the child table had 14 %).
 */
export const CHILD_RATES = {
  heartRate: [
    [0, 127],
    [1, 145],
    [12, 124],
    [24, 113],
    [120, 84],
    [162, 78],
    [198, 73],
    [216, 72],
  ],
  respRate: [
    [0, 44],
    [24, 26],
    [216, 15],
  ],
  spread: { heartRate: 0.17, respRate: 0.13 },
} as const
