// Gap checks: what the HL7 R4 JSON schema accepts but R4 forbids (../shared/healthlake-contract.md
// §5.4): missing 1..1 primitives, two value[x] at once, a Reference given as a string, positiveInt
// 0 or 1.5, unsignedInt below 0. Walks a resource with the element table generated from the R4
// StructureDefinitions (scripts/gen-element-table.mjs).
import tableJson from './element-table.json' with { type: 'json' }
import { RULES } from './rules.js'

/** [min, many, types ('|'-joined), choice flag, child path] */
type Row = [number, number, string, number?, string?]

interface Elem {
  key: string
  min: number
  many: boolean
  types: string[]
  choice: boolean
  /** For a choice: the JSON keys of each variant (valueQuantity, valueString …). */
  variants: string[]
  child?: string
}

export interface GapIssue {
  rule: string
  path: string
  message: string
}

const table = tableJson as unknown as { primitives: string[]; resources: string[]; elements: Record<string, Record<string, Row>> }
const PRIMITIVES = new Set<string>(table.primitives)
const nodes = new Map<string, Elem[]>()

function node(path: string): Elem[] | undefined {
  let n = nodes.get(path)
  if (n) return n
  const rows = table.elements[path]
  if (!rows) return undefined
  n = Object.entries(rows).map(([key, r]) => {
    const types = r[2] ? r[2].split('|') : []
    const choice = r[3] === 1
    return {
      key,
      min: r[0],
      many: r[1] === 1,
      types,
      choice,
      variants: choice ? types.map((t) => key + t[0].toUpperCase() + t.slice(1)) : [key],
      child: r[4],
    }
  })
  nodes.set(path, n)
  return n
}

export function isResourceType(name: string): boolean {
  return RESOURCE_TYPES.has(name)
}

const RESOURCE_TYPES = new Set<string>(table.resources)
export const resourceTypes = (): ReadonlySet<string> => RESOURCE_TYPES

/** Returns the gap issues of one resource (assumed to be an object with a known resourceType). */
export function gapCheck(resource: Record<string, unknown>): GapIssue[] {
  const issues: GapIssue[] = []
  walk(resource, String(resource.resourceType), String(resource.resourceType), issues, 0)
  return issues
}

function walk(obj: Record<string, unknown>, typePath: string, at: string, issues: GapIssue[], depth: number) {
  if (depth > 40) return
  const elems = node(typePath)
  if (!elems) return
  for (const e of elems) {
    let present = 0
    let presentKey = ''
    for (const v of e.variants) {
      if (obj[v] !== undefined || obj['_' + v] !== undefined) {
        present++
        presentKey = v
      }
    }
    if (present === 0) {
      if (e.min > 0) issues.push({ rule: RULES.requiredElement, path: `${at}.${e.choice ? e.key + '[x]' : e.key}`, message: `missing required element \`${e.choice ? e.key + '[x]' : e.key}\` (min ${e.min})` })
      continue
    }
    if (e.choice && present > 1) {
      const keys = e.variants.filter((v) => obj[v] !== undefined || obj['_' + v] !== undefined)
      issues.push({ rule: RULES.choice, path: `${at}.${e.key}[x]`, message: `more than one \`${e.key}[x]\`: ${keys.map((k) => `\`${k}\``).join(', ')}` })
    }
    const value = obj[presentKey]
    if (value === undefined) continue
    const type = e.choice ? e.types[e.variants.indexOf(presentKey)] : e.types[0]
    const items = Array.isArray(value) ? value : [value]
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      const where = Array.isArray(value) ? `${at}.${presentKey}[${i}]` : `${at}.${presentKey}`
      checkValue(item, type, e, where, issues, depth)
    }
  }
}

function checkValue(item: unknown, type: string, e: Elem, where: string, issues: GapIssue[], depth: number) {
  if (type === 'Reference' && typeof item === 'string') {
    issues.push({ rule: RULES.referenceType, path: where, message: `\`${where.split('.').pop()}\` is a Reference given as a string (${JSON.stringify(item).slice(0, 60)}); expected {"reference": …}` })
    return
  }
  if (type === 'positiveInt' && typeof item === 'number' && !(Number.isInteger(item) && item >= 1)) {
    issues.push({ rule: RULES.primitiveFormat, path: where, message: `\`${where.split('.').pop()}\` must be a positiveInt (integer ≥ 1), got ${item}` })
    return
  }
  if ((type === 'unsignedInt' || type === 'integer') && typeof item === 'number' && !(Number.isInteger(item) && (type === 'integer' || item >= 0))) {
    issues.push({ rule: RULES.primitiveFormat, path: where, message: `\`${where.split('.').pop()}\` must be an ${type}, got ${item}` })
    return
  }
  if (!item || typeof item !== 'object' || Array.isArray(item)) return
  if (type === 'Resource') {
    const rt = (item as Record<string, unknown>).resourceType
    if (typeof rt === 'string' && RESOURCE_TYPES.has(rt)) walk(item as Record<string, unknown>, rt, `${where}(${rt})`, issues, depth + 1)
    return
  }
  const childPath = e.child ?? (PRIMITIVES.has(type) ? undefined : type)
  if (childPath) walk(item as Record<string, unknown>, childPath, where, issues, depth + 1)
}
