// Base R4 invariants (FHIRPath constraints in the core StructureDefinitions) that a JSON schema
// cannot express, for the elements our data uses: per-1 (a Period's start is not after its end),
// qty-3 (a Quantity with a unit code names its system), obs-6 (an Observation's dataAbsentReason
// only where it has no value), ref-1 (a local `#id` reference has a contained resource to point at).
// hl7.org/fhir/R4/datatypes.html#Period, #Quantity; observation.html#invs; references.html#contained.
// The same walk reports UCUM codes that are not UCUM (ucum.ts), under their own rule.
import { RULES } from './rules.js'
import type { GapIssue } from './element-walk.js'
import { ucumIssue } from './ucum.js'

type Json = Record<string, unknown>

export function invariantCheck(resource: Json): GapIssue[] {
  const issues: GapIssue[] = []
  const rt = String(resource.resourceType)
  let contained: Set<string> | undefined
  // Paths are built only for what is walked into (objects and arrays), not for every primitive.
  const walk = (v: unknown, path: string, key: string) => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (typeof v[i] === 'object' && v[i] !== null) walk(v[i], `${path}[${i}]`, key)
      return
    }
    const o = v as Json
    if ((key === 'period' || key.endsWith('Period')) && typeof o.start === 'string' && typeof o.end === 'string' && startOf(o.start) > endOf(o.end)) {
      issues.push({ rule: RULES.invariant, path, message: `per-1: the period starts (${o.start}) after it ends (${o.end})` })
    }
    if (typeof o.value === 'number' && typeof o.code === 'string' && o.system === undefined) {
      issues.push({ rule: RULES.invariant, path, message: 'qty-3: a Quantity with a unit code must name its system' })
    }
    // In the same walk: a unit code in the UCUM system must be UCUM (its own rule, strict only).
    const unit = ucumIssue(o, path)
    if (unit) issues.push(unit)
    if (key === 'reference' || typeof o.reference !== 'string') {
      /* not a Reference */
    } else if (o.reference.startsWith('#')) {
      contained ??= new Set(((resource.contained as Json[] | undefined) ?? []).map((c) => `#${String(c.id)}`))
      if (!contained.has(o.reference)) issues.push({ rule: RULES.invariant, path, message: `ref-1: local reference ${o.reference} has no contained resource` })
    }
    descend(o, path)
  }
  const descend = (o: Json, path: string) => {
    for (const k in o) {
      const x = o[k]
      if (k !== 'contained' && typeof x === 'object' && x !== null) walk(x, `${path}.${k}`, k)
    }
  }
  descend(resource, rt)
  if (rt === 'Observation' && resource.dataAbsentReason !== undefined && Object.keys(resource).some((k) => k.startsWith('value'))) {
    issues.push({ rule: RULES.invariant, path: 'Observation.dataAbsentReason', message: 'obs-6: dataAbsentReason only where there is no value' })
  }
  return issues
}

/** The first and last instant a date/dateTime at its own precision covers (ms). */
function startOf(s: string): number {
  return Date.parse(s.length === 4 ? `${s}-01-01` : s.length === 7 ? `${s}-01` : s)
}

function endOf(s: string): number {
  if (s.length === 4) return Date.UTC(Number(s) + 1, 0, 1) - 1
  if (s.length === 7) return Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)), 1) - 1
  if (s.length === 10) return Date.parse(s) + 86_400_000 - 1
  return Date.parse(s)
}
