// The BMI-for-age reference (data/growth.ts) held to CDC's own published percentiles: the 5th,
// 50th and 95th computed from the table's L, M and S must match the percentile columns of the CDC
// 2000 data file at the table's ages, and its straight-line interpolation must stay close to the
// monthly rows between them. The expected values are CDC's, typed from the file's percentile
// columns (not from L, M and S), so a slip in the table shows.
import t from 'tap'
import { BMI_FOR_AGE, bmiAtZ, bmiForAgePercentile, CHILD_BMI_Z, INFANT_GROWTH, infantLmsAt, lmsAt, zOfBmi } from '../../generators/data/growth.js'
import { normalCdf } from '../../generators/random.js'

const Z5 = -1.6448536
const Z95 = 1.6448536

// [months, 5th, 95th] from CDC's bmiagerev percentile columns.
const CDC_MALE: ReadonlyArray<readonly [number, number, number]> = [
  [24, 14.71929257, 19.27889813],
  [36, 14.32851119, 18.23841666],
  [48, 14.03295533, 17.8361423],
  [60, 13.83854804, 17.93892524],
  [72, 13.73623987, 18.41421242],
  [84, 13.72112886, 19.15236073],
  [96, 13.79574779, 20.06792538],
  [108, 13.9621189, 21.08892746],
  [120, 14.21865508, 22.15409238],
  [132, 14.56000917, 23.21358351],
  [144, 14.97744768, 24.22984982],
  [156, 15.4591825, 25.17811163],
  [168, 15.99065148, 26.04662217],
  [180, 16.55481067, 26.83688026],
  [192, 17.13249925, 27.56392793],
  [204, 17.70284417, 28.25675709],
  [216, 18.24348662, 28.9586172],
  [228, 18.73019025, 29.72674204],
  [240, 19.13539969, 30.63106054],
]
const CDC_FEMALE: ReadonlyArray<readonly [number, number, number]> = [
  [24, 14.3801866, 19.05823845],
  [36, 14.00209476, 18.25475381],
  [48, 13.71472021, 18.02851473],
  [60, 13.52091027, 18.25738105],
  [72, 13.42587042, 18.83777954],
  [84, 13.43276016, 19.67793583],
  [96, 13.54050176, 20.69525186],
  [108, 13.74412656, 21.8172543],
  [120, 14.03535405, 22.98257733],
  [132, 14.40290497, 24.14141407],
  [144, 14.83262428, 25.25564304],
  [156, 15.30748565, 26.298799],
  [168, 15.80752854, 27.25597392],
  [180, 16.30973602, 28.12369169],
  [192, 16.78787442, 28.90980533],
  [204, 17.21234472, 29.63350259],
  [216, 17.55015468, 30.32554216],
  [228, 17.76515018, 31.02880054],
  [240, 17.81856356, 31.79902964],
]
// Between the table's ages (monthly rows of the same file): [female, months, 5th, 95th].
const CDC_BETWEEN: ReadonlyArray<readonly [boolean, number, number, number]> = [
  [false, 30, 14.51319492, 18.67077841],
  [false, 90, 13.74702309, 19.59271539],
  [true, 30, 14.17991775, 18.5759903],
  [true, 90, 13.47425174, 20.16923016],
]

t.test('GEN-GROWTH-01: the table’s L, M and S give CDC’s 5th, 50th and 95th percentiles at every age it holds', async (t) => {
  for (const [female, table, cdc] of [
    [false, BMI_FOR_AGE.male, CDC_MALE],
    [true, BMI_FOR_AGE.female, CDC_FEMALE],
  ] as const) {
    t.same(
      table.map((r) => r.months),
      cdc.map((r) => r[0]),
      `${female ? 'girls' : 'boys'}: every year from 2 to 20`,
    )
    for (const [months, p5, p95] of cdc) {
      const p = lmsAt(female, months)
      t.ok(Math.abs(bmiAtZ(p, Z5) - p5) < 0.001, `${female ? 'girls' : 'boys'} ${months} mo: 5th ${bmiAtZ(p, Z5).toFixed(3)} (CDC ${p5.toFixed(3)})`)
      t.ok(Math.abs(bmiAtZ(p, Z95) - p95) < 0.001, `${female ? 'girls' : 'boys'} ${months} mo: 95th ${bmiAtZ(p, Z95).toFixed(3)} (CDC ${p95.toFixed(3)})`)
      t.ok(Math.abs(bmiForAgePercentile(female, months, p95) - 95) < 0.01, `${months} mo: CDC's 95th reads back as the 95th percentile`)
    }
  }
  for (const [female, months, p5, p95] of CDC_BETWEEN) {
    const p = lmsAt(female, months)
    t.ok(Math.abs(bmiAtZ(p, Z5) - p5) < 0.1, `${female ? 'girls' : 'boys'} ${months} mo, interpolated: 5th ${bmiAtZ(p, Z5).toFixed(2)} (CDC ${p5.toFixed(2)})`)
    t.ok(Math.abs(bmiAtZ(p, Z95) - p95) < 0.1, `${female ? 'girls' : 'boys'} ${months} mo, interpolated: 95th ${bmiAtZ(p, Z95).toFixed(2)} (CDC ${p95.toFixed(2)})`)
  }
})

t.test('GEN-GROWTH-02: z-scores and BMIs invert each other, and the ages outside the table hold its ends', async (t) => {
  for (const months of [24, 31.5, 100, 179.25, 240]) {
    const p = lmsAt(true, months)
    for (const z of [-2.5, -1, 0, 1, 2.5]) t.ok(Math.abs(zOfBmi(p, bmiAtZ(p, z)) - z) < 1e-9, `${months} mo, z ${z}`)
  }
  t.same(lmsAt(false, 12), BMI_FOR_AGE.male[0], 'under 2: the 2-year row')
  t.same(lmsAt(false, 300), BMI_FOR_AGE.male[BMI_FOR_AGE.male.length - 1], 'over 20: the 20-year row')
})

t.test('GEN-GROWTH-03: the children’s z-score distribution reproduces the NHANES weight bands it cites', async (t) => {
  const { mean, sd } = CHILD_BMI_Z
  const share = (lo: number, hi: number) => normalCdf((hi - mean) / sd) - normalCdf((lo - mean) / sd)
  const under = share(-Infinity, Z5)
  const over = share(1.0364334, Z95)
  const obese = share(Z95, Infinity)
  t.ok(Math.abs(under - 0.041) < 0.005, `below the 5th percentile: ${(under * 100).toFixed(1)} % (NHANES 4.1 %)`)
  t.ok(Math.abs(over - 0.161) < 0.01, `85th to 95th: ${(over * 100).toFixed(1)} % (NHANES 16.1 %)`)
  t.ok(Math.abs(obese - 0.197) < 0.005, `95th and above: ${(obese * 100).toFixed(1)} % (NHANES 19.7 %)`)
  t.ok(CHILD_BMI_Z.lean.hi < Z95 && CHILD_BMI_Z.obese.lo > Z95, 'the two bands sit either side of the 95th percentile')
})

// [months, 5th, 95th] from CDC's lenageinf percentile columns.
const CDC_INFANT = {
  length: {
    male: [
      [0.5, 48.55809206, 56.99907737],
      [1.5, 52.72610659, 60.96465379],
      [3.5, 58.23744339, 66.5488903],
      [6.5, 63.84166131, 72.56306798],
      [9.5, 68.05674555, 77.2709525],
      [12.5, 71.52941204, 81.24990316],
      [18.5, 77.19523002, 87.90595157],
      [24.5, 81.08868489, 92.63176749],
    ],
    female: [
      [0.5, 47.96323977, 55.96094226],
      [1.5, 51.4799569, 59.38910734],
      [3.5, 56.43334947, 64.52875326],
      [6.5, 61.77208015, 70.35586907],
      [9.5, 65.95519757, 75.07050088],
      [12.5, 69.49379917, 79.13625191],
      [18.5, 75.42012252, 86.06887316],
      [24.5, 79.64776859, 91.12706971],
    ],
  },
} as const

t.test('GEN-GROWTH-04: the infant length-for-age rows give CDC’s 5th and 95th percentiles; birth is carried back from them', async (t) => {
  for (const sex of ['male', 'female'] as const) {
    const table = INFANT_GROWTH.length[sex]
    t.same(
      table.map((r) => r.months),
      CDC_INFANT.length[sex].map(([m]) => m),
      `length, ${sex}: the rows CDC's columns are typed for`,
    )
    for (const [months, p5, p95] of CDC_INFANT.length[sex]) {
      const p = infantLmsAt(table, months)
      t.ok(Math.abs(bmiAtZ(p, Z5) - p5) < 0.001 && Math.abs(bmiAtZ(p, Z95) - p95) < 0.001, `length, ${sex}, ${months} mo: 5th and 95th as CDC's`)
    }
  }
  // Birth, carried back: CDC's birth row has a median boy of 50.0 cm and a girl of 49.3 cm.
  const at0 = (sex: 'male' | 'female') => bmiAtZ(infantLmsAt(INFANT_GROWTH.length[sex], 0), 0)
  t.ok(Math.abs(at0('male') - 50) < 1 && Math.abs(at0('female') - 49.3) < 1, `newborn lengths ${at0('male').toFixed(1)} and ${at0('female').toFixed(1)} cm`)
  t.same(infantLmsAt(INFANT_GROWTH.length.male, 30), INFANT_GROWTH.length.male[INFANT_GROWTH.length.male.length - 1], 'past the last row: held')
})
