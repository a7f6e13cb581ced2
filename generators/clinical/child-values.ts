// What a child's measurements are drawn from where they are not an adult's: lab values and their
// reference intervals by age (data/observations.ts CHILD_CREATININE, CHILD_LABS) and the resting
// heart and breathing rates by age (CHILD_RATES).
import type { Rng } from '../random.js'
import { CHILD_CREATININE, CHILD_LABS } from '../data/observations.js'
import { round } from '../fhir.js'

/**
 * A child's lab and the interval it is reported against, where the patient's own z puts it:
 * creatinine around CHILD_CREATININE's median for the age (whole years) and sex, red cell values in
 * their CHILD_LABS band for the age in months (its interval four SD wide).
 */
export function childLab(key: string, age: number, months: number, female: boolean, z: number, rng: Rng): { value: number; range: { low: number; high: number } } {
  const c = CHILD_CREATININE
  let mean: number
  let sd: number
  let range: { low: number; high: number }
  if (key === 'creatinine') {
    mean = (female ? c.female : c.male)[Math.max(0, Math.min(age, c.male.length - 1))]! / c.umolPerMgDl
    sd = c.spread * mean
    range = { low: round(c.interval[0] * mean, 2), high: round(c.interval[1] * mean, 2) }
  } else {
    const sex = female ? 'female' : 'male'
    const band = CHILD_LABS[key]!.filter((b) => b.fromMonths <= months && (!b.sex || b.sex === sex)).at(-1)!
    mean = band.mean
    sd = (band.high - band.low) / 4
    range = { low: band.low, high: band.high }
  }
  return { value: rng.normal(mean + 0.5 * sd * z, 0.6 * sd, range.low, range.high), range }
}

/** A child's median and SD of a resting rate at an age in months, on the straight line between CHILD_RATES' points. */
export function childRate(points: ReadonlyArray<readonly [number, number]>, spread: number, months: number): readonly [number, number] {
  let i = points.findIndex(([m]) => m > months)
  // Before the first point the first segment; past the last (the day before an 18th birthday can be a few hours past 216 months) the last.
  if (i < 1) i = i === 0 ? 1 : points.length - 1
  const [m0, v0] = points[i - 1]!
  const [m1, v1] = points[i]!
  const median = v0 + (v1 - v0) * Math.min(1, (months - m0) / (m1 - m0))
  return [median, spread * median]
}
