// Pediatric body mass: the CDC 2000 growth charts' BMI-for-age reference (ages 2 to 20), as the
// L, M and S parameters of Cole's LMS method, the share of US children in each weight band, and
// the infant weight- and length-for-age charts (under 2, below).
//
// Source: CDC/NCHS, 2000 CDC Growth Charts for the United States, BMI-for-age LMS parameters (the
// charts' data file bmiagerev). The charts tabulate every month; this table keeps every twelfth
// (24, 36, … 240 months) and interpolates linearly between them, which moves the 5th and 95th
// percentiles by less than 0.1 kg/m² against the monthly rows (test/generators/growth.test.ts
// holds it to CDC's published percentiles at the table's ages and between them). The charts are
// public-domain US government data.
import { normalCdf } from '../random.js'

/** L (Box-Cox power), M (median BMI, kg/m²) and S (coefficient of variation) at an age in months. */
export interface Lms {
  months: number
  L: number
  M: number
  S: number
}

const row = (months: number, L: number, M: number, S: number): Lms => ({ months, L, M, S })

/** BMI-for-age LMS by sex, at whole years from 2 to 20. */
export const BMI_FOR_AGE: { readonly male: readonly Lms[]; readonly female: readonly Lms[] } = {
  male: [
    row(24, -1.982373595, 16.54777487, 0.080127429),
    row(36, -1.419991255, 16.00030401, 0.072634432),
    row(48, -1.714869347, 15.62817269, 0.071889214),
    row(60, -2.61516595, 15.41914163, 0.07599225),
    row(72, -3.21170511, 15.38353217, 0.083048178),
    row(84, -3.323188896, 15.51286936, 0.092131305),
    row(96, -3.18305795, 15.78231007, 0.102091189),
    row(108, -2.971148225, 16.16712234, 0.111720691),
    row(120, -2.765648008, 16.64613844, 0.120112464),
    row(132, -2.590560148, 17.20088732, 0.126734613),
    row(144, -2.447426113, 17.81463359, 0.131389042),
    row(156, -2.3294571, 18.47179706, 0.13414147),
    row(168, -2.227362173, 19.15758672, 0.135251083),
    row(180, -2.132344989, 19.85766121, 0.135110159),
    row(192, -2.039015385, 20.5576474, 0.134198323),
    row(204, -1.949134561, 21.24247982, 0.13305669),
    row(216, -1.874670324, 21.8958685, 0.132286382),
    row(228, -1.835138046, 22.50071778, 0.132566359),
    row(240, -1.843580575, 23.04137734, 0.134675001),
  ],
  female: [
    row(24, -1.024496827, 16.38804056, 0.085025838),
    row(36, -2.096828937, 15.69924188, 0.078605255),
    row(48, -3.018521987, 15.29854897, 0.078713325),
    row(60, -3.35007771, 15.15188405, 0.084300139),
    row(72, -3.225606516, 15.21690296, 0.093803033),
    row(84, -2.926186592, 15.45356545, 0.105325289),
    row(96, -2.617192204, 15.82699517, 0.117158667),
    row(108, -2.360920527, 16.30609316, 0.128013515),
    row(120, -2.171295888, 16.86231366, 0.137057004),
    row(132, -2.045235058, 17.46906585, 0.143868341),
    row(144, -1.975521156, 18.10148804, 0.148361495),
    row(156, -1.954977947, 18.73643338, 0.150705138),
    row(168, -1.977073595, 19.35257209, 0.151255713),
    row(180, -2.034893091, 19.9305662, 0.150511645),
    row(192, -2.119156972, 20.45325617, 0.14909006),
    row(204, -2.215737645, 20.90575839, 0.147723315),
    row(216, -2.303687802, 21.27532239, 0.14726877),
    row(228, -2.355677743, 21.55082155, 0.148723546),
    row(240, -2.342796948, 21.72190973, 0.153240872),
  ],
}

/** The ages the reference covers, in years (US Core Pediatric BMI for Age: 2 to 20). */
export const PEDIATRIC_BMI_AGES = { from: 2, to: 20 } as const

/**
 * A child's BMI z-score (against the CDC 2000 reference) is drawn once and kept: BMI tracks
 * through childhood. The US distribution today sits above the 2000 reference: with z ~ N(0.56,
 * 1.27), 4.1 % fall below the 5th percentile (underweight), 15.7 % between the 85th and 95th
 * (overweight) and 19.6 % at or above the 95th (obesity). NHANES 2017–2018, ages 2–19: overweight
 * 16.1 % and obesity 19.3 % (NCHS Health E-Stats, Fryar, Carroll & Afful, December 2020), underweight
 * 4.1 % (their companion Health E-Stats on underweight); obesity 19.7 % in 2017–March 2020 (CDC
 * Childhood Obesity Facts). The generator draws each child a z-score below the 95th percentile
 * and one at or above it (CDC's definition of obesity in children): a child with obesity moves
 * from the first to the second over the two years before the diagnosis, so the share of children
 * with obesity follows the obesity condition's prevalence (data/conditions.ts). The upper
 * bound keeps the LMS curve where its tail is meaningful (CDC's 2022 extended charts exist because
 * it is not beyond).
 */
export const CHILD_BMI_Z = {
  /** Children 2–19 with obesity (CDC Childhood Obesity Facts, NHANES 2017–March 2020): what a generated population is held to. */
  obeseShare: 0.197,
  mean: 0.56,
  sd: 1.27,
  /** Without obesity: from the 0.1st percentile to just under the 95th. */
  lean: { lo: -3, hi: 1.6 },
  /** With obesity: the 97th to the 99.4th percentile, clear of the 95th after visit-to-visit noise. */
  obese: { lo: 1.9, hi: 2.5 },
  /** Visit-to-visit variation of a child's measured BMI (kg/m²), bounded. */
  noise: { sd: 0.2, max: 0.4 },
  /** A child's z-score climbs from the lean to the obese band over this many years before obesity is diagnosed. */
  riseYears: 2,
  /** From 20 to 25 a young adult's BMI moves in a straight line from the child curve to the adult baseline. */
  adultFrom: 20,
  adultBy: 25,
} as const

/** The LMS parameters at an age in months, linear between the table's rows and held at its ends. */
export function lmsAt(female: boolean, months: number): Lms {
  const t = female ? BMI_FOR_AGE.female : BMI_FOR_AGE.male
  const first = t[0] as Lms
  const last = t[t.length - 1] as Lms
  if (months <= first.months) return first
  if (months >= last.months) return last
  const i = Math.min(t.length - 1, Math.floor((months - first.months) / 12) + 1)
  const a = t[i - 1] as Lms
  const b = t[i] as Lms
  const f = (months - a.months) / (b.months - a.months)
  return { months, L: a.L + f * (b.L - a.L), M: a.M + f * (b.M - a.M), S: a.S + f * (b.S - a.S) }
}

/** The value (BMI, or an infant's weight or length) at z-score `z` for these parameters (Cole's LMS: M·(1 + L·S·z)^(1/L)). */
export function bmiAtZ(p: Lms, z: number): number {
  return p.L === 0 ? p.M * Math.exp(p.S * z) : p.M * (1 + p.L * p.S * z) ** (1 / p.L)
}

/** The z-score of a BMI for these parameters (((BMI/M)^L − 1) / (L·S)). */
export function zOfBmi(p: Lms, bmi: number): number {
  return p.L === 0 ? Math.log(bmi / p.M) / p.S : ((bmi / p.M) ** p.L - 1) / (p.L * p.S)
}

/** The BMI-for-age percentile (0–100) of a BMI at an age in months. */
export function bmiForAgePercentile(female: boolean, months: number, bmi: number): number {
  return 100 * normalCdf(zOfBmi(lmsAt(female, months), bmi))
}

/**
 * Under 2: the CDC 2000 infant chart of recumbent length-for-age (birth to 36 months; the charts'
 * data file lenageinf), as L, M and S at 0.5, 1.5, 3.5, 6.5, 9.5, 12.5, 18.5 and 24.5 months,
 * linear between rows. The monthly rows start at half a month; below it the first two rows are
 * carried back in a straight line to birth. An infant's weight follows from its length on the
 * weight-for-length chart (data/growth-infant.ts). Public-domain US government data;
 * test/generators/growth.test.ts holds these rows to CDC's own 5th and 95th percentile columns.
 */
export const INFANT_GROWTH: {
  readonly length: { readonly male: readonly Lms[]; readonly female: readonly Lms[] }
} = {
  length: {
    male: [
      row(0.5, 0.511237696, 52.6959753, 0.048692684),
      row(1.5, -0.45224446, 56.62842855, 0.04411683),
      row(3.5, -1.285837689, 62.07700027, 0.040454126),
      row(6.5, -1.456837849, 67.8601799, 0.038811994),
      row(9.5, -1.177919048, 72.34586111, 0.038526262),
      row(12.5, -0.753908107, 76.11837536, 0.038703461),
      row(18.5, 0.165304169, 82.40543643, 0.039494365),
      row(24.5, 1.00720807, 86.86160934, 0.040395626),
    ],
    female: [
      row(0.5, -0.809249882, 51.68358057, 0.046818545),
      row(1.5, -0.050782985, 55.28612813, 0.0434439),
      row(3.5, 0.843299612, 60.45980763, 0.040705173),
      row(6.5, 1.390428859, 66.11841553, 0.039444555),
      row(9.5, 1.534950767, 70.59163924, 0.039221665),
      row(12.5, 1.51550947, 74.39564379, 0.039369875),
      row(18.5, 1.307609654, 80.79851532, 0.040048084),
      row(24.5, 1.051272912, 85.3973169, 0.040859727),
    ],
  },
}

/** From this age (months) an infant's length and weight move in a straight line to the child model (stature table, BMI-for-age), which holds from 24 months. */
export const INFANT_BLEND_FROM_MONTHS = 21

/** An infant chart's L, M and S at an age in months: linear between rows, carried back to birth from the first two, held at the last. */
export function infantLmsAt(table: readonly Lms[], months: number): Lms {
  const last = table[table.length - 1] as Lms
  if (months >= last.months) return last
  let i = table.findIndex((r) => r.months > months)
  if (i < 1) i = 1
  const a = table[i - 1] as Lms
  const b = table[i] as Lms
  const f = (Math.max(0, months) - a.months) / (b.months - a.months)
  return { months, L: a.L + f * (b.L - a.L), M: a.M + f * (b.M - a.M), S: a.S + f * (b.S - a.S) }
}
