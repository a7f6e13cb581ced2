// A compiler for the simple FHIRPath that most R4 search parameters use — dotted paths, choice
// elements with `as`/`ofType`, and `.where(field='value')` / `.where(reference.startsWith('T/'))`
// — into plain property walks. FHIRPath.js costs ~10 µs per expression here; indexing a
// resource evaluates 20–40 of them. Anything else returns undefined and is left to FHIRPath.js.
import { elementTable, type Row } from '../../lib/validation/element-walk.js'

type Step = (items: unknown[]) => unknown[]

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** Returns a getter for `expression` on resources of `type`, or undefined if it is not simple. */
export function compileFast(expression: string, type: string): ((r: Record<string, unknown>) => unknown[]) | undefined {
  let e = expression.trim()
  // (Path as T).rest → Path.ofType(T).rest
  const asMatch = /^\(([^()]+) as ([A-Za-z]+)\)(\..+)?$/.exec(e)
  if (asMatch) return compileFast(`${(asMatch[1] ?? '').trim()}.ofType(${asMatch[2] ?? ''})${asMatch[3] ?? ''}`, type)
  // X.exists() and X != false (Patient.deceased): true when X is there and not false
  const exists = /^(.+)\.exists\(\) and (.+) != false$/.exec(e)
  if (exists?.[1] && exists[1] === exists[2]) {
    const inner = compileFast(exists[1], type)
    return inner && ((r) => (inner(r).some((v) => v !== false) ? [true] : []))
  }
  const steps: Step[] = []
  if (!e.startsWith(`${type}.`)) return undefined
  let rest = e.slice(type.length + 1)
  let typePath: string | undefined = type
  while (rest.length) {
    let m: RegExpExecArray | null
    if ((m = /^([a-zA-Z][a-zA-Z0-9]*)(\.|$)/.exec(rest)) && m[1] && !['where', 'ofType', 'as', 'exists', 'resolve'].includes(m[1])) {
      const name = m[1]
      rest = rest.slice(m[0].length)
      const row: Row | undefined = typePath ? elementTable().elements[typePath]?.[name] : undefined
      if (!row) return undefined
      const types: string[] = row[2] ? row[2].split('|') : []
      const next = ofTypeIn(rest)
      if (row[3] === 1) {
        // a choice: value[x] → valueQuantity, valueString …; narrowed by a following ofType/as
        const chosen: string[] = next ? types.filter((t) => t === next.type) : types
        const keys = chosen.map((t) => name + cap(t))
        steps.push(collect(keys))
        if (next) rest = next.rest
        const [only] = chosen
        typePath = chosen.length === 1 && only !== undefined && !elementTable().primitives.has(only) ? only : undefined
      } else {
        steps.push(collect([name]))
        const [only] = types
        typePath = row[4] ?? (types.length === 1 && only !== undefined && !elementTable().primitives.has(only) ? only : undefined)
      }
      continue
    }
    if ((m = /^where\(reference\.startsWith\('([A-Za-z]+)\/'\)\)(\.|$)/.exec(rest))) {
      const prefix = `${m[1] ?? ''}/`
      steps.push((items) =>
        items.filter(
          (x) =>
            typeof (x as { reference?: unknown })?.reference === 'string' &&
            ((x as { reference: string }).reference.startsWith(prefix) || (x as { reference: string }).reference.includes(`/${prefix}`)),
        ),
      )
      rest = rest.slice(m[0].length)
      continue
    }
    if ((m = /^where\(([a-zA-Z]+) ?= ?'([^']*)'\)(\.|$)/.exec(rest))) {
      const [, field = '', value] = m
      steps.push((items) => items.filter((x) => (x as Record<string, unknown>)?.[field] === value))
      rest = rest.slice(m[0].length)
      continue
    }
    return undefined
  }
  return (r) => {
    let items: unknown[] = [r]
    for (const step of steps) {
      items = step(items)
      if (items.length === 0) break
    }
    return items
  }
}

/** A following `.ofType(T)` / `.as(T)` right after a choice element. */
function ofTypeIn(rest: string): { type: string; rest: string } | undefined {
  const m = /^(?:ofType|as)\(([A-Za-z]+)\)(\.|$)/.exec(rest)
  return m?.[1] ? { type: m[1], rest: rest.slice(m[0].length) } : undefined
}

function collect(keys: string[]): Step {
  return (items) => {
    const out: unknown[] = []
    for (const item of items) {
      if (!item || typeof item !== 'object') continue
      for (const k of keys) {
        const v = (item as Record<string, unknown>)[k]
        if (v === undefined || v === null) continue
        if (Array.isArray(v)) for (const x of v) out.push(x)
        else out.push(v)
      }
    }
    return out
  }
}
