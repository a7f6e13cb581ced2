// Population tables. Weights are percentages; logic only selects from them (STYLE.md 6).

/**
 * US resident population by 5-year age band, 2020 (US Census Bureau, 2020 Census Demographic and
 * Housing Characteristics File, table P12; rounded to 0.1 %). The last band is 85–100.
 */
export const AGE_PYRAMID: ReadonlyArray<{ from: number; to: number; weight: number }> = [
  { from: 0, to: 4, weight: 5.7 },
  { from: 5, to: 9, weight: 6.0 },
  { from: 10, to: 14, weight: 6.5 },
  { from: 15, to: 19, weight: 6.6 },
  { from: 20, to: 24, weight: 6.5 },
  { from: 25, to: 29, weight: 6.8 },
  { from: 30, to: 34, weight: 6.9 },
  { from: 35, to: 39, weight: 6.6 },
  { from: 40, to: 44, weight: 6.3 },
  { from: 45, to: 49, weight: 6.1 },
  { from: 50, to: 54, weight: 6.3 },
  { from: 55, to: 59, weight: 6.6 },
  { from: 60, to: 64, weight: 6.4 },
  { from: 65, to: 69, weight: 5.5 },
  { from: 70, to: 74, weight: 4.5 },
  { from: 75, to: 79, weight: 3.0 },
  { from: 80, to: 84, weight: 1.9 },
  { from: 85, to: 100, weight: 1.9 },
]

/** Share of females (US Census 2020: 50.5 %). */
export const FEMALE_SHARE = 0.505

/**
 * OMB race categories with CDC Race & Ethnicity codes (urn:oid:2.16.840.1.113883.6.238), shares
 * from the 2020 Census (race alone; "two or more" gets two categories).
 */
export const RACES: ReadonlyArray<{ code: string; display: string; weight: number }> = [
  { code: '2106-3', display: 'White', weight: 61.6 },
  { code: '2054-5', display: 'Black or African American', weight: 12.4 },
  { code: '2028-9', display: 'Asian', weight: 6.0 },
  { code: '1002-5', display: 'American Indian or Alaska Native', weight: 1.1 },
  { code: '2076-8', display: 'Native Hawaiian or Other Pacific Islander', weight: 0.2 },
  { code: 'multi', display: 'Two or more races', weight: 10.2 },
]

/** Hispanic or Latino share, 2020 Census: 18.7 %. */
export const ETHNICITY = {
  hispanic: { code: '2135-2', display: 'Hispanic or Latino' },
  notHispanic: { code: '2186-5', display: 'Not Hispanic or Latino' },
  hispanicShare: 0.187,
} as const

/**
 * Language spoken at home (ACS 2019, table S1601), BCP-47 codes. `hispanicWeight` replaces the
 * weight for Hispanic patients (about 60 % of Hispanic residents speak Spanish at home).
 */
export const LANGUAGES: ReadonlyArray<{ code: string; display: string; weight: number; hispanicWeight: number }> = [
  { code: 'en-US', display: 'English (United States)', weight: 78.0, hispanicWeight: 39.0 },
  { code: 'es', display: 'Spanish', weight: 13.4, hispanicWeight: 60.0 },
  { code: 'zh', display: 'Chinese', weight: 1.1, hispanicWeight: 0 },
  { code: 'tl', display: 'Tagalog', weight: 0.6, hispanicWeight: 0 },
  { code: 'vi', display: 'Vietnamese', weight: 0.5, hispanicWeight: 0 },
  { code: 'ar', display: 'Arabic', weight: 0.4, hispanicWeight: 0 },
  { code: 'fr', display: 'French', weight: 0.4, hispanicWeight: 0.5 },
  { code: 'ko', display: 'Korean', weight: 0.3, hispanicWeight: 0 },
  { code: 'ru', display: 'Russian', weight: 0.3, hispanicWeight: 0 },
  { code: 'de', display: 'German', weight: 0.3, hispanicWeight: 0.5 },
]

/** Marital status codes (HL7 v3-MaritalStatus), in the column order of MARITAL_BY_AGE. */
export const MARITAL_STATUS: ReadonlyArray<{ code: string; display: string }> = [
  { code: 'M', display: 'Married' },
  { code: 'S', display: 'Never Married' },
  { code: 'D', display: 'Divorced' },
  { code: 'W', display: 'Widowed' },
  { code: 'L', display: 'Legally Separated' },
]

/**
 * Marital status by age, percent in MARITAL_STATUS order (ACS 2021 1-year, table S1201, rounded).
 * Under 18 nobody is married (a rule: MARITAL_MIN_AGE); widowhood grows with age.
 */
export const MARITAL_BY_AGE: ReadonlyArray<{ from: number; to: number; weights: readonly [number, number, number, number, number] }> = [
  { from: 18, to: 19, weights: [1.5, 98, 0.2, 0.1, 0.2] },
  { from: 20, to: 34, weights: [30, 66, 2.8, 0.2, 1] },
  { from: 35, to: 44, weights: [59, 28, 10, 0.7, 2.3] },
  { from: 45, to: 54, weights: [62, 17, 16.5, 2, 2.5] },
  { from: 55, to: 64, weights: [61, 11, 20, 6, 2] },
  { from: 65, to: 74, weights: [60, 6, 15, 17, 2] },
  { from: 75, to: 200, weights: [45, 4, 9, 41, 1] },
]

/** Below this age the status is always "S" (never married). */
export const MARITAL_MIN_AGE = 18
