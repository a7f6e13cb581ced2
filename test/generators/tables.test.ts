// Each data table: no duplicates, and codes in the right format — including the check digits
// SNOMED CT (Verhoeff) and LOINC (mod 10) carry, which catch a mistyped code.
import t, { type Test } from 'tap'
import { ACUTE_CONDITIONS, AGE_BANDS, CHRONIC_CONDITIONS } from '../../generators/data/conditions.js'
import { LAB_PANELS, LABS, VITALS } from '../../generators/data/observations.js'
import { MEDICATIONS, THERAPIES } from '../../generators/data/medications.js'
import { VACCINES } from '../../generators/data/immunizations.js'
import { ALLERGIES } from '../../generators/data/allergies.js'
import { PROCEDURES } from '../../generators/data/procedures.js'
import { ENCOUNTER_TYPES, SPECIALTIES } from '../../generators/data/encounters.js'
import { AGE_PYRAMID, LANGUAGES, MARITAL_STATUS, RACES } from '../../generators/data/demographics.js'

const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]
/** SNOMED CT identifiers end in a Verhoeff check digit; concept ids have partition 00 or 10. */
function snomedOk(id: string): boolean {
  if (!/^[1-9]\d{5,17}$/.test(id)) return false
  let c = 0
  const digits = id.split('').reverse().map(Number)
  for (let i = 0; i < digits.length; i++) c = D[c]![P[i % 8]![digits[i]!]!]!
  const partition = id.slice(-3, -1)
  return c === 0 && (partition === '00' || partition === '10')
}
/** LOINC codes end in a mod-10 (Luhn-style) check digit. */
function loincOk(code: string): boolean {
  const m = /^(\d{1,7})-(\d)$/.exec(code)
  if (!m) return false
  const digits = `${m[1]}${m[2]}`.split('').reverse().map(Number)
  const sum = digits.reduce((s, d, i) => s + (i % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0)
  return sum % 10 === 0
}
const icd10Ok = (c: string) => /^[A-TV-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$/.test(c)
const noDupes = (t: Test, label: string, values: string[]) =>
  t.same(
    values.filter((v, i) => values.indexOf(v) !== i),
    [],
    `${label}: no duplicates`,
  )

t.test('GEN-TAB-01: conditions', async (t) => {
  const all = [...CHRONIC_CONDITIONS, ...ACUTE_CONDITIONS]
  t.ok(all.length >= 12, 'at least 12 conditions')
  noDupes(
    t,
    'keys',
    all.map((c) => c.key),
  )
  noDupes(
    t,
    'SNOMED codes',
    all.map((c) => c.snomed.code),
  )
  for (const c of all) {
    t.ok(snomedOk(c.snomed.code), `${c.key}: SNOMED ${c.snomed.code} has a valid check digit`)
    t.ok(icd10Ok(c.icd10.code), `${c.key}: ICD-10-CM ${c.icd10.code}`)
    t.match(c.source, /\w/, `${c.key}: cites a source`)
    const table = c.kind === 'chronic' ? c.prevalence : c.incidence
    t.equal(table.length, AGE_BANDS.length, `${c.key}: one row per age band`)
    t.ok(
      table.every(([f, m]) => f >= 0 && f <= 1 && m >= 0 && m <= 1),
      `${c.key}: probabilities in [0, 1]`,
    )
    if (c.kind === 'acute' && c.underTwoFactor !== undefined)
      t.ok(
        c.underTwoFactor >= 1 && c.underTwoFactor * Math.max(...c.incidence[0]!) <= 1,
        `${c.key}: under 2, ${c.underTwoFactor}× the children's rate, still under an episode a year`,
      )
    for (const m of c.medications) t.ok(MEDICATIONS[m] ?? (c.kind === 'acute' ? THERAPIES[m] : undefined), `${c.key}: medication or therapy ${m} exists`)
    for (const p of c.procedures ?? []) t.ok(PROCEDURES[p], `${c.key}: procedure ${p} exists`)
    if (c.kind === 'chronic') for (const k of c.followUpLabs) t.ok(LAB_PANELS[k], `${c.key}: panel ${k} exists`)
    if (c.kind === 'chronic')
      for (const x of c.comorbidity ?? []) {
        const i = CHRONIC_CONDITIONS.findIndex((d) => d.key === x.with)
        t.ok(i >= 0 && i < CHRONIC_CONDITIONS.indexOf(c), `${c.key}: comorbidity ${x.with} is decided first`)
      }
  }
})

t.test('GEN-TAB-02: observations (LOINC, UCUM)', async (t) => {
  const codes = [...Object.values(VITALS), ...Object.values(LABS)].map((o) => o.code)
  noDupes(t, 'LOINC codes', codes)
  const also = Object.values(VITALS).flatMap((v) => ('also' in v ? v.also.map((a) => a.code) : []))
  t.ok(also.includes('59408-5'), 'pulse oximetry carries 59408-5 (US Core)')
  for (const code of [...codes, ...also, ...Object.values(LAB_PANELS).map((p) => p.code)]) t.ok(loincOk(code), `LOINC ${code} has a valid check digit`)
  for (const lab of Object.values(LABS)) {
    t.ok(lab.normal.min <= lab.normal.max, `${lab.key}: range`)
    for (const [k, w] of Object.entries(lab.when ?? {})) t.ok(w.sd > 0 && w.mean > 0, `${lab.key}: ${k}`)
  }
  for (const p of Object.values(LAB_PANELS)) for (const l of p.labs) t.ok(LABS[l], `panel lab ${l} exists`)
})

t.test('GEN-TAB-03: medications, vaccines, allergies, procedures, encounters, specialties', async (t) => {
  noDupes(
    t,
    'RxNorm',
    Object.values(MEDICATIONS).map((m) => m.rxnorm),
  )
  for (const m of Object.values(MEDICATIONS)) t.match(m.rxnorm, /^\d{3,8}$/, `RxNorm ${m.rxnorm}`)
  // A sig that names a course ("for 10 days") is dispensed for exactly that course.
  for (const m of Object.values(MEDICATIONS)) {
    const days = /for (\d+) days/.exec(m.dosage)
    if (!days) {
      t.notOk(m.course, `${m.display}: no course without one in the sig`)
      continue
    }
    const loading = /on day 1, then/.test(m.dosage)
    t.equal(m.course?.days, Number(days[1]) + (loading ? 1 : 0), `${m.display}: course days as the sig says`)
    // Units: a loading dose (2 tablets on day 1) adds one dose's worth.
    t.equal(m.course?.quantity, m.dose.value * m.timesPerDay * Number(days[1]) + (loading ? 2 * m.dose.value : 0), `${m.display}: quantity for the course`)
  }
  noDupes(
    t,
    'CVX',
    VACCINES.map((v) => v.cvx),
  )
  for (const v of VACCINES) {
    t.match(v.cvx, /^\d{2,3}$/, `CVX ${v.cvx}`)
    t.ok(v.uptake > 0 && v.uptake <= 1, `${v.key}: uptake`)
    t.ok(v.doses || v.every, `${v.key}: has a schedule`)
  }
  noDupes(
    t,
    'allergy codes',
    ALLERGIES.map((a) => a.code),
  )
  for (const a of ALLERGIES) {
    if (a.system === 'snomed') t.ok(snomedOk(a.code), `allergy ${a.key}: SNOMED ${a.code}`)
    for (const r of a.reactions) t.ok(snomedOk(r.code), `allergy reaction ${r.code}`)
  }
  noDupes(
    t,
    'procedure codes',
    Object.values(PROCEDURES).map((p) => p.code),
  )
  for (const p of Object.values(PROCEDURES)) t.ok(p.system === 'cpt' ? /^\d{4}[0-9FT]$/.test(p.code) : snomedOk(p.code), `procedure ${p.code}${p.system === 'cpt' ? ' (CPT)' : ''}`)
  for (const e of Object.values(ENCOUNTER_TYPES)) t.ok(snomedOk(e.code), `encounter type ${e.code}`)
  for (const s of SPECIALTIES) t.match(s.code, /^\d{3}[0-9A-Z]{6}X$/, `NUCC ${s.code}`)
  t.equal(Math.round(SPECIALTIES.reduce((s, x) => s + x.share, 0) * 100), 100, 'specialty shares sum to 1')
})

t.test('GEN-TAB-04: demographics', async (t) => {
  noDupes(
    t,
    'languages',
    LANGUAGES.map((l) => l.code),
  )
  noDupes(
    t,
    'races',
    RACES.map((r) => r.code),
  )
  noDupes(
    t,
    'marital',
    MARITAL_STATUS.map((m) => m.code),
  )
  for (const r of RACES) if (r.code !== 'multi') t.match(r.code, /^\d{4}-\d$/, `CDC race code ${r.code}`)
  t.ok(Math.abs(AGE_PYRAMID.reduce((s, b) => s + b.weight, 0) - 100) < 1, 'age pyramid sums to ~100 %')
  for (let i = 1; i < AGE_PYRAMID.length; i++) t.equal(AGE_PYRAMID[i]!.from, AGE_PYRAMID[i - 1]!.to + 1, 'bands are contiguous')
})

t.test('TABLE-CARE: every care rule names conditions, panels and specialties that exist', async (t) => {
  const { ACUTE_VISIT_LABS, LAB_STATES, PANEL_ORDER, PANEL_REPEATS_AS, PANEL_UPGRADES, PRIMARY_CARE, SECOND_MEDICATION_SHARE, SUPERSEDED_BY, VITAL_RULES, WELLNESS_LABS } =
    await import('../../generators/data/care.js')
  const chronic = new Set(CHRONIC_CONDITIONS.map((c) => c.key))
  const panels = new Set(Object.keys(LAB_PANELS))
  const specialties = new Set(SPECIALTIES.map((s) => s.key))
  for (const p of PRIMARY_CARE) for (const s of p.specialties) t.ok(specialties.has(s), `primary care specialty ${s}`)
  t.same([...PRIMARY_CARE].sort((a, b) => a.fromAge - b.fromAge).map((p) => p.fromAge)[0], 0, 'primary care covers birth')
  for (const [k, by] of Object.entries(SUPERSEDED_BY)) for (const c of [k, ...by]) t.ok(chronic.has(c), `superseded condition ${c}`)
  for (const k of Object.keys(SECOND_MEDICATION_SHARE)) t.ok(chronic.has(k), `second-medication condition ${k}`)
  for (const r of WELLNESS_LABS) {
    t.ok(panels.has(r.panel), `wellness panel ${r.panel}`)
    for (const c of r.conditions) t.ok(chronic.has(c.key), `wellness-lab condition ${c.key}`)
  }
  for (const r of ACUTE_VISIT_LABS) for (const p of r.panels) t.ok(panels.has(p), `acute-visit panel ${p}`)
  for (const u of PANEL_UPGRADES) t.ok(panels.has(u.panel) && panels.has(u.to), `upgrade ${u.panel} → ${u.to}`)
  t.same([...PANEL_ORDER].sort(), [...panels].sort(), 'PANEL_ORDER lists every panel once')
  for (const [p, as] of Object.entries(PANEL_REPEATS_AS)) t.ok(panels.has(p) && panels.has(as), `repeat ${p} as ${as}`)
  for (const s of LAB_STATES) t.ok(chronic.has(s.condition), `lab state condition ${s.condition}`)
  t.ok(
    LAB_STATES.every((s) => Object.values(LABS).some((l) => l.when?.[s.state] !== undefined)),
    'every lab state is used by some lab',
  )
  for (const c of VITAL_RULES.lungConditions) t.ok(chronic.has(c), `lung condition ${c}`)
})
