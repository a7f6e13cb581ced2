// The infant charts behind US Core's head circumference percentile and weight-for-length profiles
// (generators/data/growth-infant.ts), held to CDC's own published percentile columns: at the rows
// the tables keep (to rounding) and at rows they leave out (the interpolation's error).
import t from 'tap'
import { bmiAtZ } from '../../generators/data/growth.js'
import {
  HEAD_CIRCUMFERENCE_FOR_AGE,
  headCircumferencePercentile,
  headLmsAt,
  WEIGHT_FOR_LENGTH,
  weightForLengthLmsAt,
  weightForLengthPercentile,
} from '../../generators/data/growth-infant.js'

const Z5 = -1.6448536
const Z95 = 1.6448536
const Z97 = 1.8807936

// [months, 5th, 97th] from CDC's hcageinf percentile columns (cm).
const CDC_HEAD = {
  male: [
    [0, 32.14881105, 38.85417217],
    [3.5, 39.27893049, 44.3273323],
    [7.5, 42.44134027, 47.03879825],
    [9.5, 43.39457866, 47.93026746],
    [12.5, 44.42679395, 48.96494367],
    [13.5, 44.69638826, 49.25225076],
    [17.5, 45.52229008, 50.20260675],
    [20.5, 45.95096016, 50.76258871],
    [24.5, 46.35258644, 51.36997568],
  ],
  female: [
    [0, 32.25089861, 38.12110271],
    [3.5, 38.40560987, 43.20260356],
    [7.5, 41.25016088, 45.77750554],
    [9.5, 42.1391311, 46.64053024],
    [12.5, 43.13181766, 47.65765724],
    [13.5, 43.39852553, 47.9437344],
    [17.5, 44.24620133, 48.90418837],
    [20.5, 44.71521065, 49.48243771],
    [24.5, 45.19047292, 50.12270782],
  ],
} as const

// [length cm, 5th, 95th] from CDC's wtleninf percentile columns (kg).
const CDC_WFL = {
  male: [
    [45, 1.690593749, 2.824861387],
    [46.5, 2.00306056, 3.165635227],
    [48.5, 2.441421905, 3.65864093],
    [52.5, 3.368517223, 4.738836361],
    [60.5, 5.289754427, 7.058196003],
    [65.5, 6.460765369, 8.494298133],
    [70.5, 7.579307642, 9.870316803],
    [84.5, 10.46885221, 13.45213869],
    [92.5, 12.10123261, 15.5622076],
    [95.5, 12.74530738, 16.42909034],
  ],
  female: [
    [45, 1.69530853, 2.974943903],
    [46.5, 2.026496007, 3.220172553],
    [48.5, 2.474214132, 3.630584823],
    [52.5, 3.384266533, 4.654076004],
    [60.5, 5.201863101, 7.028227249],
    [65.5, 6.306059022, 8.486850867],
    [70.5, 7.378297165, 9.840866488],
    [84.5, 10.2392715, 13.26804494],
    [92.5, 11.87348344, 15.45583919],
    [95.5, 12.51179974, 16.41242128],
  ],
} as const

t.test('GEN-GROWTH-05: the head circumference-for-age rows give CDC’s 5th and 97th percentiles, and between rows within 0.05 cm (half a percentile point)', async (t) => {
  for (const sex of ['male', 'female'] as const) {
    const kept = new Set(HEAD_CIRCUMFERENCE_FOR_AGE[sex].map((r) => r.months))
    for (const [months, p5, p97] of CDC_HEAD[sex]) {
      const p = headLmsAt(sex === 'female', months)
      const slack = kept.has(months) ? 0.001 : 0.05
      const got = [bmiAtZ(p, Z5), bmiAtZ(p, Z97)]
      t.ok(
        Math.abs(got[0]! - p5) < slack && Math.abs(got[1]! - p97) < slack,
        `${sex}, ${months} mo (${kept.has(months) ? 'a kept row' : 'between rows'}): ${got.map((g) => g.toFixed(2)).join(' and ')} cm, CDC ${p5.toFixed(2)} and ${p97.toFixed(2)}`,
      )
      t.ok(Math.abs(headCircumferencePercentile(sex === 'female', months, p5) - 5) < (kept.has(months) ? 0.01 : 0.5), `${sex}, ${months} mo: CDC's 5th reads back as the 5th`)
    }
  }
  // Girls' heads are smaller: the same head reads as a higher percentile for a girl.
  t.ok(headCircumferencePercentile(true, 12, 45.5) > headCircumferencePercentile(false, 12, 45.5), 'the sexes have their own charts')
})

t.test('GEN-GROWTH-06: the weight-for-length rows give CDC’s 5th and 95th percentiles, and between rows within 0.02 kg (half a percentile point)', async (t) => {
  for (const sex of ['male', 'female'] as const) {
    const kept = new Set(WEIGHT_FOR_LENGTH[sex].map((r) => r.cm))
    for (const [cm, p5, p95] of CDC_WFL[sex]) {
      const p = weightForLengthLmsAt(sex === 'female', cm)
      const slack = kept.has(cm) ? 0.001 : 0.02
      const got = [bmiAtZ(p, Z5), bmiAtZ(p, Z95)]
      t.ok(
        Math.abs(got[0]! - p5) < slack && Math.abs(got[1]! - p95) < slack,
        `${sex}, ${cm} cm (${kept.has(cm) ? 'a kept row' : 'between rows'}): ${got.map((g) => g.toFixed(3)).join(' and ')} kg, CDC ${p5.toFixed(3)} and ${p95.toFixed(3)}`,
      )
      t.ok(Math.abs(weightForLengthPercentile(sex === 'female', cm, p95) - 95) < (kept.has(cm) ? 0.01 : 0.5), `${sex}, ${cm} cm: CDC's 95th reads back as the 95th`)
    }
  }
  const last = WEIGHT_FOR_LENGTH.male[WEIGHT_FOR_LENGTH.male.length - 1]!
  const held = weightForLengthLmsAt(false, 120)
  t.same([held.L, held.M, held.S], [last.L, last.M, last.S], 'past the last row: held')
})
