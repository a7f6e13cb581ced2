// Lab values and vital signs fit the patient's age: a child's creatinine and red cell values are a
// child's (data/observations.ts CHILD_CREATININE, CHILD_LABS), not an adult's, and are reported
// against the child's age's interval; a baby's heart beats and breathes faster (CHILD_RATES).
import t from 'tap'
import { generatePatient } from '../../generators/clinical/record.js'
import { CHILD_CREATININE, CHILD_LABS, CHILD_RATES, LABS, VITAL_DISTRIBUTIONS, VITALS } from '../../generators/data/observations.js'
import { ENCOUNTER_TYPES } from '../../generators/data/encounters.js'
import { EGFR_RULES } from '../../generators/data/care.js'
import { ageAt, MS, type Resource } from '../../generators/fhir.js'
import { genContext } from './gen-context.js'

type Quantity = { value: number }
type Lab = Resource & { valueQuantity: Quantity; referenceRange: Array<{ low?: Quantity; high?: Quantity }>; interpretation: Array<{ coding: Array<{ code: string }> }> }
const BY_CODE = new Map(Object.values(LABS).map((d) => [d.code, d.key]))

/** What the tables give a child of this age (whole years, and months) and sex for a lab: its mean and interval. */
function expected(key: string, age: number, months: number, female: boolean): { mean: number; low: number; high: number } | undefined {
  if (key === 'creatinine') {
    const c = CHILD_CREATININE
    const mean = (female ? c.female : c.male)[age]! / c.umolPerMgDl
    return { mean, low: c.interval[0] * mean, high: c.interval[1] * mean }
  }
  const bands = CHILD_LABS[key]?.filter((b) => b.fromMonths <= months && (!b.sex || b.sex === (female ? 'female' : 'male')))
  return bands?.[bands.length - 1]
}

t.test('GEN-LAB-01: the children’s tables cover every age before 18, rise with it, and hold their means inside their intervals', async (t) => {
  const c = CHILD_CREATININE
  t.equal(c.female.length, EGFR_RULES.fromAge, 'a creatinine median for every year of age before eGFR is reported')
  t.equal(c.male.length, EGFR_RULES.fromAge, 'for boys too')
  for (const list of [c.female, c.male])
    t.ok(
      list.every((v, i) => i === 0 || v >= list[i - 1]!),
      'the creatinine median rises with age',
    )
  for (const [key, bands] of Object.entries(CHILD_LABS)) {
    t.ok(LABS[key], `${key}: a lab of the table`)
    t.equal(bands[0]?.fromMonths, 0, `${key}: from birth`)
    t.ok(
      bands.every((b, i) => b.low < b.mean && b.mean < b.high && (i === 0 || b.fromMonths >= bands[i - 1]!.fromMonths) && b.fromMonths < 12 * EGFR_RULES.fromAge),
      `${key}: bands in order of age, each mean inside its interval`,
    )
  }
})

t.test('GEN-LAB-02: a child’s creatinine and red cell values are drawn around its age’s and sex’s, inside its age’s interval and reported against it', async (t) => {
  const patients = 1000
  const years = 10
  const { ctx } = genContext(3, patients, years)
  const problems: string[] = []
  // Each child's value over the table's mean: the median of these ratios is about 1 when the draw centres on the table.
  const ratios = new Map<string, number[]>()
  for (let i = 0; i < patients; i++) {
    const rec = generatePatient(ctx, i)
    const p = rec.person.resource
    const birthMs = Date.parse(String(p.birthDate))
    for (const r of rec.resources) {
      const key = r.resourceType === 'Observation' ? BY_CODE.get((r.code as { coding: Array<{ code: string }> }).coding[0]!.code) : undefined
      if (!key) continue
      const at = Date.parse(String(r.effectiveDateTime))
      const age = ageAt(birthMs, at)
      const want = age < EGFR_RULES.fromAge ? expected(key, age, ((at - birthMs) / MS.year) * 12, p.gender === 'female') : undefined
      if (!want) continue
      const lab = r as Lab
      const value = lab.valueQuantity.value
      const low = lab.referenceRange[0]?.low?.value ?? NaN
      const high = lab.referenceRange[0]?.high?.value ?? NaN
      const where = `patient ${i} Observation/${r.id} ${key} at ${age}`
      if (!(Math.abs(low - want.low) < 0.006 && Math.abs(high - want.high) < 0.006))
        problems.push(`${where}: reference range ${low}–${high}, not ${want.low.toFixed(2)}–${want.high.toFixed(2)}`)
      if (value < low || value > high) problems.push(`${where}: ${value} outside ${low}–${high}`)
      if (lab.interpretation[0]?.coding[0]?.code !== 'N') problems.push(`${where}: ${value} interpreted ${lab.interpretation[0]?.coding[0]?.code}`)
      const band = `${key} ${age < 2 ? 'under 2' : age < 12 ? '2 to 11' : '12 to 17'}`
      ratios.set(band, [...(ratios.get(band) ?? []), value / want.mean])
    }
  }
  t.same(problems.slice(0, 5), [], 'every child’s value within its age’s interval, reported against it and read as normal')
  t.equal(ratios.size, 12, 'creatinine, hemoglobin, hematocrit and red cells in each age group')
  for (const [band, list] of ratios) {
    list.sort((a, b) => a - b)
    const mid = list[Math.floor(list.length / 2)] ?? 0
    t.ok(list.length >= 10 && Math.abs(mid - 1) < 0.06, `${band}: ${list.length} values, their median ${mid.toFixed(3)} times the table's mean for the age`)
  }
})

/** A rate's median at an age in months, read on the straight line between the table's points (as a clinician reads a centile chart). */
function onLine(points: ReadonlyArray<readonly [number, number]>, months: number): number {
  for (let i = 1; i < points.length; i++) {
    const [m0, v0] = points[i - 1]!
    const [m1, v1] = points[i]!
    if (months <= m1) return v0 + ((v1 - v0) * (months - m0)) / (m1 - m0)
  }
  return points[points.length - 1]![1]
}

t.test('GEN-LAB-03: a child’s resting heart and breathing rates fall with age as the centile charts do, meeting the adult’s at 18', async (t) => {
  for (const k of ['heartRate', 'respRate'] as const) {
    const points = CHILD_RATES[k]
    t.ok(points[0]![0] === 0 && points.every(([m], i) => i === 0 || m > points[i - 1]![0]), `${k}: from birth, in order of age`)
    t.same(points[points.length - 1], [216, VITAL_DISTRIBUTIONS.adult[k][0]], `${k}: the adult median at 18`)
  }
  const patients = 1000
  const { ctx } = genContext(5, patients, 10)
  const wellChild = ENCOUNTER_TYPES.wellChild.code
  const ratios = new Map<string, number[]>()
  for (let i = 0; i < patients; i++) {
    const rec = generatePatient(ctx, i)
    const birthMs = Date.parse(String(rec.person.resource.birthDate))
    const well = new Set(rec.resources.filter((r) => r.resourceType === 'Encounter' && JSON.stringify(r.type).includes(`"${wellChild}"`)).map((r) => `Encounter/${r.id}`))
    for (const r of rec.resources) {
      if (r.resourceType !== 'Observation' || !well.has((r.encounter as { reference?: string } | undefined)?.reference ?? '')) continue
      const code = (r.code as { coding: Array<{ code: string }> }).coding[0]!.code
      const k = code === VITALS.heartRate.code ? 'heartRate' : code === VITALS.respRate.code ? 'respRate' : undefined
      if (!k) continue
      const months = ((Date.parse(String(r.effectiveDateTime)) - birthMs) / MS.year) * 12
      const band = `${k} ${months < 12 ? 'under 1' : months < 60 ? '1 to 4' : months < 144 ? '5 to 11' : '12 to 17'}`
      ratios.set(band, [...(ratios.get(band) ?? []), (r as Lab).valueQuantity.value / onLine(CHILD_RATES[k], months)])
    }
  }
  t.equal(ratios.size, 8, 'heart and breathing rates at well-child visits in each age group')
  for (const [band, list] of ratios) {
    list.sort((a, b) => a - b)
    const mid = list[Math.floor(list.length / 2)] ?? 0
    t.ok(list.length >= 20 && Math.abs(mid - 1) < 0.06, `${band}: ${list.length} at well-child visits, their median ${mid.toFixed(3)} times the chart's for the age`)
  }
})
