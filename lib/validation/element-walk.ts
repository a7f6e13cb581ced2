// Gap checks: what the HL7 R4 JSON schema accepts but R4 forbids (../shared/healthlake-contract.md
// §5.4): missing 1..1 primitives, two value[x] at once, a Reference given as a string, positiveInt
// 0 or 1.5, unsignedInt below 0. Walks a resource with the element table generated from the R4
// StructureDefinitions (scripts/gen-element-table.mjs).
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { RULES } from './rules.js'

/** [min, many, types ('|'-joined), choice flag, child path] */
export type Row = [number, number, string, number?, string?]

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

/** [min, many, types ('|'-joined), choice flag, child path] per element, and the summary elements per type. */
export interface ElementTable {
  primitives: Set<string>
  resources: Set<string>
  elements: Record<string, Record<string, Row>>
  summary: Record<string, string[]>
}
let loaded: ElementTable | undefined

/**
 * The R4 element table (validation, the server's _summary and search paths), read on first use:
 * imported as a module it cost every thread that loads the validator about 6 MB, and a generating
 * thread that does not validate never needs it. Beside this file in the sources; dist/ chunks
 * find it under ../lib/validation.
 */
export function elementTable(): ElementTable {
  if (loaded) return loaded
  const here = [new URL('./element-table.json', import.meta.url), new URL('../lib/validation/element-table.json', import.meta.url)].map((u) => fileURLToPath(u))
  const file = here.find((f) => existsSync(f))
  if (!file) throw new Error(`internal: the element table is missing (looked in ${here.join(', ')})`)
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    primitives: string[]
    resources: string[]
    elements: Record<string, Record<string, Row>>
    summary: Record<string, string[]>
  }
  return (loaded = { primitives: new Set(json.primitives), resources: new Set(json.resources), elements: json.elements, summary: json.summary })
}

/** One node's elements, arranged for a walk that costs what the object holds, not what R4 defines. */
interface Node {
  /** JSON key (each choice variant, each `_key`) → element and the variant's type. */
  byKey: Map<string, { e: Elem; type: string; underscore: boolean }>
  required: Elem[]
  hasChoice: boolean
}
const nodes = new Map<string, Node | null>()

function node(path: string): Node | undefined {
  const cached = nodes.get(path)
  if (cached !== undefined) return cached ?? undefined
  const rows = elementTable().elements[path]
  if (!rows) {
    nodes.set(path, null)
    return undefined
  }
  const n: Node = { byKey: new Map(), required: [], hasChoice: false }
  for (const [key, r] of Object.entries(rows)) {
    const types = r[2] ? r[2].split('|') : []
    const choice = r[3] === 1
    const e: Elem = { key, min: r[0], many: r[1] === 1, types, choice, variants: choice ? types.map((t) => key + t.charAt(0).toUpperCase() + t.slice(1)) : [key], child: r[4] }
    e.variants.forEach((v, i) => {
      const type = (choice ? types[i] : types[0]) ?? ''
      n.byKey.set(v, { e, type, underscore: false })
      n.byKey.set('_' + v, { e, type, underscore: true })
    })
    if (e.min > 0) n.required.push(e)
    if (choice) n.hasChoice = true
  }
  nodes.set(path, n)
  return n
}

export function isResourceType(name: string): boolean {
  return elementTable().resources.has(name)
}

export const resourceTypes = (): ReadonlySet<string> => elementTable().resources

/** Does R4 define this element (a top-level key, e.g. `identifier`) on the resource type? */
export function hasElement(type: string, key: string): boolean {
  return node(type)?.byKey.has(key) ?? false
}

/** Returns the gap issues of one resource (assumed to be an object with a known resourceType). */
export function gapCheck(resource: Record<string, unknown>): GapIssue[] {
  const issues: GapIssue[] = []
  walk(resource, String(resource.resourceType), String(resource.resourceType), issues, 0)
  return issues
}

function walk(obj: Record<string, unknown>, typePath: string, at: string, issues: GapIssue[], depth: number) {
  if (depth > 40) return
  const n = node(typePath)
  if (!n) return
  for (const e of n.required) {
    if (!e.variants.some((v) => obj[v] !== undefined || obj['_' + v] !== undefined)) {
      const name = e.choice ? e.key + '[x]' : e.key
      issues.push({ rule: RULES.requiredElement, path: `${at}.${name}`, message: `missing required element \`${name}\` (min ${e.min})` })
    }
  }
  let choices: Map<Elem, Set<string>> | undefined
  for (const key in obj) {
    const hit = n.byKey.get(key)
    const value = obj[key]
    if (!hit || value === undefined) continue
    if (hit.e.choice) {
      choices ??= new Map()
      const seen = choices.get(hit.e) ?? new Set<string>()
      seen.add(hit.underscore ? key.slice(1) : key)
      choices.set(hit.e, seen)
    }
    if (hit.underscore) continue
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) checkValue(value[i], hit.type, hit.e, at, key, i, issues, depth)
    } else checkValue(value, hit.type, hit.e, at, key, -1, issues, depth)
  }
  if (choices) {
    for (const [e, keys] of choices) {
      if (keys.size > 1) issues.push({ rule: RULES.choice, path: `${at}.${e.key}[x]`, message: `more than one \`${e.key}[x]\`: ${[...keys].map((k) => `\`${k}\``).join(', ')}` })
    }
  }
}

/** A value's path, built only when an issue or a descent needs it. */
function pathOf(at: string, key: string, index: number): string {
  return index < 0 ? `${at}.${key}` : `${at}.${key}[${index}]`
}

function checkValue(item: unknown, type: string, e: Elem, at: string, key: string, index: number, issues: GapIssue[], depth: number) {
  if (typeof item === 'object') {
    if (item === null || Array.isArray(item)) return
    if (type === 'Resource') {
      const rt = (item as Record<string, unknown>).resourceType
      if (typeof rt === 'string' && elementTable().resources.has(rt)) walk(item as Record<string, unknown>, rt, `${pathOf(at, key, index)}(${rt})`, issues, depth + 1)
      return
    }
    const childPath = e.child ?? (elementTable().primitives.has(type) ? undefined : type)
    if (childPath) walk(item as Record<string, unknown>, childPath, pathOf(at, key, index), issues, depth + 1)
    return
  }
  if (type === 'Reference' && typeof item === 'string') {
    issues.push({
      rule: RULES.referenceType,
      path: pathOf(at, key, index),
      message: `\`${key}\` is a Reference given as a string (${JSON.stringify(item).slice(0, 60)}); expected {"reference": …}`,
    })
    return
  }
  if (typeof item !== 'number') return
  if (type === 'positiveInt' && !(Number.isInteger(item) && item >= 1)) {
    issues.push({ rule: RULES.primitiveFormat, path: pathOf(at, key, index), message: `\`${key}\` must be a positiveInt (integer ≥ 1), got ${item}` })
  } else if ((type === 'unsignedInt' || type === 'integer') && !(Number.isInteger(item) && (type === 'integer' || item >= 0))) {
    issues.push({ rule: RULES.primitiveFormat, path: pathOf(at, key, index), message: `\`${key}\` must be an ${type}, got ${item}` })
  }
}
