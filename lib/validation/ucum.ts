// Units of measure: a Quantity (or Coding) that names UCUM as its system carries a code UCUM's
// grammar defines (unitsofmeasure.org; R4 Quantity: the code is the unit in the system named).
// Checked with the NLM's UCUM library: `mmHg` and `kilograms` are not UCUM, `mm[Hg]` and `kg` are.
import { createRequire } from 'node:module'
import { RULES } from './rules.js'
import type { GapIssue } from './element-walk.js'

const UCUM = 'http://unitsofmeasure.org'
const require = createRequire(import.meta.url)
let utils: { validateUnitString(unit: string, suggest: boolean): { status: string } } | undefined

/**
 * Units common in clinical data, every one valid UCUM (test/lib/ucum.test.ts asks the library).
 * A thread that meets only these never loads the library, which costs it about 12 MB of memory:
 * generated data uses about twenty units, all of them here.
 */
export const COMMON_UNITS: readonly string[] = [
  ...['%', '1', '/min', '{beats}/min', '{breaths}/min', 'mm[Hg]', 'Cel', '[degF]'],
  ...['kg', 'g', 'mg', 'ug', 'ng', '[lb_av]', '[oz_av]', 'cm', 'mm', 'm', '[in_i]', 'kg/m2', 'm2'],
  ...['L', 'dL', 'mL', 'uL', 'fL', 'pg', 'mL/min', 'L/min', 'mL/min/{1.73_m2}', 'mm/h'],
  ...['mg/dL', 'g/dL', 'g/L', 'mg/L', 'ug/L', 'ug/dL', 'ng/mL', 'pg/mL', 'ng/dL'],
  ...['mmol/L', 'umol/L', 'nmol/L', 'pmol/L', 'meq/L', 'mosm/kg', 'mmol/mol'],
  ...['U/L', '[IU]/L', 'm[IU]/L', 'u[IU]/mL', '10*3/uL', '10*6/uL', '10*9/L', '10*12/L'],
  ...['s', 'min', 'h', 'd', 'wk', 'mo', 'a', 'mg/kg', 'mL/kg', 'kcal'],
  ...['{score}', '{tbl}', '{cap}', '{puff}', '{drop}', '{count}'],
]
const seen = new Map<string, boolean>(COMMON_UNITS.map((u) => [u, true]))

function valid(code: string): boolean {
  let ok = seen.get(code)
  if (ok === undefined) {
    // Loaded on first use, for a unit not among the common ones.
    utils ??= (require('@lhncbc/ucum-lhc') as { UcumLhcUtils: { getInstance(): NonNullable<typeof utils> } }).UcumLhcUtils.getInstance()
    ok = utils.validateUnitString(code, false).status === 'valid'
    if (seen.size < 10_000) seen.set(code, ok)
  }
  return ok
}

/** The issue for a `{system: UCUM, code}` whose code is not UCUM (the invariant walk calls this). */
export function ucumIssue(node: Record<string, unknown>, path: string): GapIssue | undefined {
  if (node.system !== UCUM || typeof node.code !== 'string' || valid(node.code)) return undefined
  return { rule: RULES.ucum, path: `${path}.code`, message: `\`${node.code}\` is not a valid UCUM unit (${UCUM})` }
}
