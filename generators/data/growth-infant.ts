// Infant growth beyond weight and length (data/growth.ts): head circumference-for-age and
// weight-for-length, the two CDC 2000 infant charts US Core's Pediatric Head Occipital-frontal
// Circumference Percentile and Pediatric Weight for Height profiles report, and when a well-child
// visit measures them.
//
// Source: CDC/NCHS, 2000 CDC Growth Charts for the United States, the infant charts' LMS data files
// hcageinf (head circumference-for-age, birth to 36 months) and wtleninf (weight-for-recumbent-
// length, 45 to 103.5 cm). The files tabulate every month and every centimetre; these tables keep
// the rows the curves need (monthly while the head grows fastest, then every two or three months;
// every centimetre to 47.5 cm, then every two) and interpolate linearly between them. test/generators/growth-infant.test.ts
// holds them to CDC's own 5th and 95th or 97th percentile columns, at kept rows and between them.
// Public-domain US government data.
import { normalCdf } from '../random.js'
import { bmiAtZ, zOfBmi, type Lms } from './growth.js'

const row = (months: number, L: number, M: number, S: number): Lms => ({ months, L, M, S })

/** Head circumference-for-age (cm), CDC hcageinf, by sex: L, M and S at an age in months. */
export const HEAD_CIRCUMFERENCE_FOR_AGE: { readonly male: readonly Lms[]; readonly female: readonly Lms[] } = {
  male: [
    row(0, 4.427825037, 35.81366835, 0.052172542),
    row(0.5, 4.310927464, 37.19361054, 0.047259148),
    row(1.5, 3.869576802, 39.20742929, 0.040947903),
    row(2.5, 3.305593039, 40.65233195, 0.037027722),
    row(3.5, 2.720590297, 41.76516959, 0.034364245),
    row(4.5, 2.16804824, 42.66116148, 0.032462175),
    row(5.5, 1.675465689, 43.40488731, 0.031064702),
    row(6.5, 1.255160322, 44.03609923, 0.03002267),
    row(7.5, 0.91054114, 44.58096912, 0.029242173),
    row(8.5, 0.639510474, 45.05761215, 0.028660454),
    row(10.5, 0.296275856, 45.85505706, 0.027929764),
    row(12.5, 0.171147024, 46.49853438, 0.027601686),
    row(15.5, 0.270226126, 47.2629533, 0.027590417),
    row(18.5, 0.577227615, 47.85820606, 0.0279429),
    row(21.5, 0.984266833, 48.3337732, 0.028520407),
    row(24.5, 1.424084853, 48.72064621, 0.029242207),
  ],
  female: [
    row(0, -1.298749689, 34.7115617, 0.046905108),
    row(0.5, -1.440271514, 36.03453876, 0.042999604),
    row(1.5, -1.581016348, 37.97671987, 0.038067862),
    row(2.5, -1.593136386, 39.3801263, 0.035079612),
    row(3.5, -1.521492427, 40.46773733, 0.033096443),
    row(4.5, -1.394565915, 41.34841008, 0.03170963),
    row(5.5, -1.231713389, 42.0833507, 0.030709039),
    row(6.5, -1.046582628, 42.71033603, 0.029974303),
    row(7.5, -0.848932692, 43.25428882, 0.029430992),
    row(8.5, -0.645779124, 43.73249646, 0.029030379),
    row(10.5, -0.24163206, 44.53836794, 0.028533537),
    row(12.5, 0.141031094, 45.19507651, 0.028314722),
    row(15.5, 0.65193505, 45.98486901, 0.028314363),
    row(18.5, 1.079784984, 46.60950084, 0.028562759),
    row(21.5, 1.429602576, 47.11681039, 0.028968459),
    row(24.5, 1.71165803, 47.53687649, 0.029478937),
  ],
}

/** A weight-for-length row: L, M (median weight, kg) and S at a recumbent length in cm. */
export interface LmsAtLength {
  cm: number
  L: number
  M: number
  S: number
}

const len = (cm: number, L: number, M: number, S: number): LmsAtLength => ({ cm, L, M, S })

/** Weight-for-length, CDC wtleninf, by sex, from 45 to 95.5 cm (an 18-month-old at z = +2.5 is about 91 cm). */
export const WEIGHT_FOR_LENGTH: { readonly male: readonly LmsAtLength[]; readonly female: readonly LmsAtLength[] } = {
  male: [
    len(45, 1.44903689, 2.289757735, 0.149236691),
    len(45.5, 1.31794165, 2.38617219, 0.144790131),
    len(46.5, 1.041730589, 2.587097922, 0.1365472),
    len(47.5, 0.756615683, 2.797952593, 0.129156077),
    len(49.5, 0.197455933, 3.245225583, 0.116802688),
    len(51.5, -0.305663778, 3.719739648, 0.107316407),
    len(53.5, -0.726356263, 4.214033476, 0.100139369),
    len(55.5, -1.055126826, 4.721730669, 0.09473644),
    len(57.5, -1.292531809, 5.237504753, 0.09066765),
    len(59.5, -1.445563111, 5.756939907, 0.087591418),
    len(61.5, -1.525332827, 6.276400575, 0.085246598),
    len(63.5, -1.545098045, 6.792942366, 0.083434649),
    len(65.5, -1.518786093, 7.304248994, 0.082005843),
    len(67.5, -1.459487925, 7.808610136, 0.080850107),
    len(69.5, -1.378835366, 8.304892397, 0.079888977),
    len(71.5, -1.286605147, 8.792519752, 0.079069193),
    len(73.5, -1.19066716, 9.271448675, 0.078357096),
    len(75.5, -1.097263403, 9.742129356, 0.077733651),
    len(77.5, -1.011294273, 10.20546331, 0.077190512),
    len(79.5, -0.936705887, 10.66274993, 0.076726804),
    len(81.5, -0.876777097, 11.11563177, 0.076346711),
    len(83.5, -0.834375406, 11.56603512, 0.076057579),
    len(85.5, -0.81214646, 12.01610828, 0.075868383),
    len(87.5, -0.812636889, 12.46815824, 0.075788413),
    len(89.5, -0.838354876, 12.92458613, 0.075826044),
    len(91.5, -0.891773904, 13.38782185, 0.075987476),
    len(93.5, -0.975268944, 13.86025986, 0.076275395),
    len(95.5, -1.091024455, 14.34419522, 0.076687482),
  ],
  female: [
    len(45, 0.666839915, 2.305396985, 0.168969897),
    len(45.5, 0.699616404, 2.403256702, 0.157654766),
    len(46.5, 0.747915684, 2.606020484, 0.139389663),
    len(47.5, 0.751754737, 2.817114082, 0.125837223),
    len(49.5, 0.559107556, 3.259693318, 0.108648608),
    len(51.5, 0.116436203, 3.723195489, 0.099599651),
    len(53.5, -0.421478627, 4.202270022, 0.09480477),
    len(55.5, -0.889973526, 4.693220151, 0.092246459),
    len(57.5, -1.216671445, 5.192403337, 0.090923715),
    len(59.5, -1.408261687, 5.69581328, 0.090246768),
    len(61.5, -1.499105627, 6.199640267, 0.089820688),
    len(63.5, -1.521479703, 6.700736725, 0.089393174),
    len(65.5, -1.498204976, 7.196744733, 0.088822943),
    len(67.5, -1.443808911, 7.686067039, 0.088048963),
    len(69.5, -1.367521025, 8.167783677, 0.087064605),
    len(71.5, -1.275834578, 8.641566305, 0.085899159),
    len(73.5, -1.174555804, 9.107590221, 0.084605096),
    len(75.5, -1.070302348, 9.566453061, 0.083249631),
    len(77.5, -0.971544123, 10.01909902, 0.081908788),
    len(79.5, -0.889046221, 10.46675386, 0.080662561),
    len(81.5, -0.835600041, 10.91086924, 0.079589888),
    len(83.5, -0.824673085, 11.35309164, 0.078762888),
    len(85.5, -0.868191531, 11.79524697, 0.078240047),
    len(87.5, -0.973732843, 12.23934838, 0.078059544),
    len(89.5, -1.141750538, 12.68763627, 0.078234935),
    len(91.5, -1.363881842, 13.1426393, 0.078755652),
    len(93.5, -1.623204367, 13.60723197, 0.079593737),
    len(95.5, -1.896722704, 14.08464853, 0.080715361),
  ],
}

/**
 * What a well-child visit measures, by age (AAP/Bright Futures, Recommendations for Preventive
 * Pediatric Health Care, the periodicity schedule): head circumference from birth through the
 * 24-month visit, weight-for-length through the 18-month visit (BMI takes over at 24 months,
 * VITAL_RULES.bmiFromAge). The limits are in months of age at the visit, with a month's slack for
 * a visit a little late. A child's head-circumference z-score is drawn once (N(0, 1), as the
 * reference population) and kept; each measurement varies by a bounded amount (our estimate of a
 * tape measure's repeatability, a few millimetres).
 */
export const INFANT_MEASURES = {
  headCircumferenceToMonths: 25,
  weightForLengthToMonths: 19,
  headZ: { lo: -2.5, hi: 2.5 },
  headNoiseCm: { sd: 0.2, max: 0.4 },
  /**
   * An infant's own weight-for-length z-score, until the child's body-mass z-score (data/growth.ts)
   * takes over between 21 and 24 months: N(0.25, 1), which puts 8.1 % at or above the 95th
   * percentile, the share of US infants and toddlers (birth to 2) with high weight for recumbent
   * length in NHANES 2011–2012 (Ogden, Carroll, Kit & Flegal, JAMA 2014;311(8):806), and 2.9 % below
   * the 5th.
   */
  weightForLengthZ: { mean: 0.25, sd: 1, lo: -2.5, hi: 3, highShare: 0.081 },
} as const

/** L, M and S at `x` in rows ordered by `at`: linear between rows, held at the ends. */
function between<T extends { L: number; M: number; S: number }>(rows: readonly T[], at: (r: T) => number, x: number): { L: number; M: number; S: number } {
  const first = rows[0] as T
  const last = rows[rows.length - 1] as T
  if (x <= at(first)) return first
  if (x >= at(last)) return last
  const i = rows.findIndex((r) => at(r) > x)
  const a = rows[i - 1] as T
  const b = rows[i] as T
  const f = (x - at(a)) / (at(b) - at(a))
  return { L: a.L + f * (b.L - a.L), M: a.M + f * (b.M - a.M), S: a.S + f * (b.S - a.S) }
}

const asLms = (p: { L: number; M: number; S: number }, months = 0): Lms => ({ months, L: p.L, M: p.M, S: p.S })

/** The head-circumference chart's L, M and S at an age in months. */
export function headLmsAt(female: boolean, months: number): Lms {
  return asLms(between(female ? HEAD_CIRCUMFERENCE_FOR_AGE.female : HEAD_CIRCUMFERENCE_FOR_AGE.male, (r) => r.months, months), months)
}

/** The weight-for-length chart's L, M and S at a length in cm. */
export function weightForLengthLmsAt(female: boolean, cm: number): Lms {
  return asLms(between(female ? WEIGHT_FOR_LENGTH.female : WEIGHT_FOR_LENGTH.male, (r) => r.cm, cm))
}

/** Head circumference (cm) at a z-score and an age in months. */
export function headCircumferenceAt(female: boolean, months: number, z: number): number {
  return bmiAtZ(headLmsAt(female, months), z)
}

/** The head circumference-for-age percentile (0–100) of a measurement. */
export function headCircumferencePercentile(female: boolean, months: number, cm: number): number {
  return 100 * normalCdf(zOfBmi(headLmsAt(female, months), cm))
}

/** Whether a recumbent length (cm) is within the weight-for-length rows (the sexes share their lengths); outside them the chart says nothing. */
export function onWeightForLengthChart(cm: number): boolean {
  const rows = WEIGHT_FOR_LENGTH.male
  return cm >= rows[0]!.cm && cm <= rows[rows.length - 1]!.cm
}

/** The weight-for-length percentile (0–100) of a weight (kg) at a recumbent length (cm). */
export function weightForLengthPercentile(female: boolean, lengthCm: number, kg: number): number {
  return 100 * normalCdf(zOfBmi(weightForLengthLmsAt(female, lengthCm), kg))
}
