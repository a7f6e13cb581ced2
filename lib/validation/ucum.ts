// Units of measure: a Quantity (or Coding) that names UCUM as its system carries a code UCUM's
// grammar defines (unitsofmeasure.org; R4 Quantity: the code is the unit in the system named).
// Checked with the NLM's UCUM library: `mmHg` and `kilograms` are not UCUM, `mm[Hg]` and `kg` are.
import { createRequire } from 'node:module'
import { RULES } from './rules.js'
import type { GapIssue } from './element-walk.js'

const UCUM = 'http://unitsofmeasure.org'
const require = createRequire(import.meta.url)
let utils: { validateUnitString(unit: string, suggest: boolean): { status: string } } | undefined
const seen = new Map<string, boolean>()

function valid(code: string): boolean {
  let ok = seen.get(code)
  if (ok === undefined) {
    // Loaded on first use: most validations meet only a handful of distinct units.
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
