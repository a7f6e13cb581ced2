// UCUM codes (lib/validation/ucum.ts). The common units are a fast path past the NLM library, so
// each must be one the library itself calls valid; generated data must use only them, so that
// validating it never loads the library (about 12 MB per validating thread); and units outside
// the list are still judged by the library.
import t from 'tap'
import { createRequire } from 'node:module'
import { Rng } from '../../generators/random.js'
import { makeFaker } from '../../generators/faker-source.js'
import { buildPool } from '../../generators/population/pool.js'
import { generatePatient } from '../../generators/clinical/record.js'
import { COMMON_UNITS, ucumIssue } from '../../lib/validation/ucum.js'
import { validateResource } from '../../lib/validation/validator.js'

const require = createRequire(import.meta.url)
const UCUM = 'http://unitsofmeasure.org'
const libraryLoaded = () => require.resolve('@lhncbc/ucum-lhc') in require.cache

t.test('UCUM-01: generated data uses only the common units, and validating it leaves the library unloaded', async (t) => {
  const rng = new Rng(11)
  const { faker, randomizer } = makeFaker(rng)
  const pool = buildPool(11, 40)
  const ctx = { seed: 11, referenceMs: Date.UTC(2025, 0, 1), years: 10, pool, rng, faker, randomizer }
  const units = new Set<string>()
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect)
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>
      if (o.system === UCUM && typeof o.code === 'string') units.add(o.code)
      Object.values(o).forEach(collect)
    }
  }
  let issues = 0
  for (let i = 0; i < 40; i++) {
    for (const r of generatePatient(ctx, i).resources) {
      collect(r)
      issues += validateResource(r as Record<string, unknown>, { requireId: true }).length
    }
  }
  t.equal(issues, 0, 'the generated resources validate')
  t.ok(units.size >= 10, `the sample uses UCUM (${units.size} units)`)
  const common = new Set(COMMON_UNITS)
  t.same(
    [...units].filter((u) => !common.has(u)),
    [],
    'every generated unit is a common one',
  )
  t.notOk(libraryLoaded(), 'the UCUM library was not loaded')
})

t.test('UCUM-02: every common unit is valid UCUM by the NLM library', async (t) => {
  const utils = (require('@lhncbc/ucum-lhc') as { UcumLhcUtils: { getInstance(): { validateUnitString(u: string, s: boolean): { status: string } } } }).UcumLhcUtils.getInstance()
  t.equal(new Set(COMMON_UNITS).size, COMMON_UNITS.length, 'no unit is listed twice')
  for (const u of COMMON_UNITS) t.equal(utils.validateUnitString(u, false).status, 'valid', `\`${u}\` is UCUM`)
})

t.test('UCUM-03: units outside the list are judged by the library', async (t) => {
  for (const bad of ['mmHg', 'kilograms', 'mg/dl/', 'beats/minute']) {
    t.match(ucumIssue({ system: UCUM, code: bad }, 'Observation.valueQuantity'), { rule: 'ucum', path: 'Observation.valueQuantity.code' }, `\`${bad}\` is not UCUM`)
  }
  for (const good of ['mg/(24.h)', 'mm[H2O]', 'kg.m/s2', 'umol/min/g']) {
    t.equal(COMMON_UNITS.includes(good), false, `\`${good}\` is not a common unit`)
    t.equal(ucumIssue({ system: UCUM, code: good }, 'Observation.valueQuantity'), undefined, `\`${good}\` is UCUM`)
  }
  t.equal(ucumIssue({ system: 'http://example.org/units', code: 'mmHg' }, 'x'), undefined, 'another system is not judged')
})
