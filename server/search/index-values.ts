// What a search parameter's values become in the index tables, per parameter type
// (hl7.org/fhir/R4/search.html §3.1.1.4): strings normalised for case- and accent-insensitive
// matching, tokens as (system, code), dates and numbers as the range their precision implies,
// references as (type, id).
import { cut } from '../../lib/text.js'

export interface StringRow {
  norm: string
  exact: string
}
export interface TokenRow {
  system: string | null
  value: string | null
  text: string | null
}
export interface RangeRow {
  lo: number
  hi: number
}
export interface QuantityRow {
  value: number
  lo: number
  hi: number
  system: string | null
  code: string | null
}
export interface ReferenceRow {
  targetType: string | null
  targetId: string | null
  url: string
}

/** Far bounds for open ranges (a Period without an end). */
export const MIN_TIME = -8.64e15
export const MAX_TIME = 8.64e15

export function normalizeString(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
}

export function stringRows(values: unknown[]): StringRow[] {
  const out: StringRow[] = []
  const add = (s: unknown) => {
    if (typeof s === 'string' && s.length) out.push({ norm: normalizeString(s), exact: s })
  }
  for (const v of values) {
    if (typeof v === 'string') add(v)
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>
      // HumanName and Address: every part is searchable (R4 search §3.1.1.4.6 string).
      for (const key of ['family', 'city', 'district', 'state', 'postalCode', 'country', 'text']) add(o[key])
      for (const key of ['given', 'prefix', 'suffix', 'line']) if (Array.isArray(o[key])) (o[key] as unknown[]).forEach(add)
    }
  }
  return out
}

export function tokenRows(values: unknown[]): TokenRow[] {
  const out: TokenRow[] = []
  for (const v of values) {
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') {
      out.push({ system: null, value: String(v), text: null })
      continue
    }
    if (!v || typeof v !== 'object') continue
    const o = v as Record<string, unknown>
    if (Array.isArray(o.coding) || typeof o.text === 'string') {
      // CodeableConcept
      const text = typeof o.text === 'string' ? o.text : null
      for (const c of (o.coding as Array<Record<string, unknown>> | undefined) ?? []) {
        out.push({ system: str(c.system), value: str(c.code), text: text ?? str(c.display) })
      }
      if (!o.coding && text) out.push({ system: null, value: null, text })
    } else if ('code' in o && !('value' in o)) {
      // Coding
      out.push({ system: str(o.system), value: str(o.code), text: str(o.display) })
    } else if ('value' in o) {
      // Identifier or ContactPoint
      const type = o.type as Record<string, unknown> | undefined
      out.push({
        system: typeof o.system === 'string' && !['phone', 'email', 'fax', 'pager', 'url', 'sms', 'other'].includes(o.system) ? o.system : null,
        value: str(o.value),
        text: type && typeof type.text === 'string' ? type.text : null,
      })
    }
  }
  return out
}

/** The [lo, hi) range in ms that a FHIR date, dateTime or instant covers at its precision. */
export function dateRange(s: string): RangeRow | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.exec(s)
  if (!m) return undefined
  const [, y = '', mo, d, h, mi, sec, frac, zone] = m
  if (!mo) return { lo: Date.UTC(+y, 0, 1), hi: Date.UTC(+y + 1, 0, 1) }
  if (!d) return { lo: Date.UTC(+y, +mo - 1, 1), hi: Date.UTC(+y, +mo, 1) }
  if (!h) {
    const lo = Date.UTC(+y, +mo - 1, +d)
    return { lo, hi: lo + 86_400_000 }
  }
  const lo = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec ?? '00'}${frac ?? ''}${zone ?? 'Z'}`)
  if (Number.isNaN(lo)) return undefined
  const step = frac ? 10 ** (3 - Math.min(3, frac.length - 1)) : sec ? 1000 : 60_000
  return { lo, hi: lo + step }
}

export function dateRows(values: unknown[]): RangeRow[] {
  const out: RangeRow[] = []
  for (const v of values) {
    if (typeof v === 'string') {
      const r = dateRange(v)
      if (r) out.push(r)
    } else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>
      if ('start' in o || 'end' in o) {
        const start = typeof o.start === 'string' ? dateRange(o.start) : undefined
        const end = typeof o.end === 'string' ? dateRange(o.end) : undefined
        out.push({ lo: start?.lo ?? MIN_TIME, hi: end?.hi ?? MAX_TIME })
      } else if (Array.isArray(o.event)) {
        for (const e of o.event)
          if (typeof e === 'string') {
            const r = dateRange(e)
            if (r) out.push(r)
          }
      }
    }
  }
  return out
}

/** Implicit precision: 1.5 stands for [1.45, 1.55) (R4 search §3.1.1.4.2 number). */
export function numberRange(value: number): RangeRow {
  const text = String(value)
  const decimals = text.includes('e') ? 0 : (text.split('.')[1] ?? '').length
  const half = 0.5 * 10 ** -decimals
  return { lo: value - half, hi: value + half }
}

/** The implicit range of a search value as written: "2.0" is [1.95, 2.05), "2" is [1.5, 2.5). */
export function numberRangeFromText(text: string): RangeRow {
  const value = Number(text)
  const [mantissa, exp] = cut(text.toLowerCase(), 'e')
  const exponent = exp === undefined ? 0 : Number(exp)
  const decimals = (cut(mantissa, '.')[1] ?? '').length - exponent
  const half = 0.5 * 10 ** -decimals
  return { lo: value - half, hi: value + half }
}

export function quantityRows(values: unknown[]): QuantityRow[] {
  const out: QuantityRow[] = []
  for (const v of values) {
    if (!v || typeof v !== 'object') continue
    const q = v as Record<string, unknown>
    if (typeof q.value !== 'number') continue
    const r = numberRange(q.value)
    out.push({ value: q.value, lo: r.lo, hi: r.hi, system: str(q.system), code: str(q.code) ?? str(q.unit) })
  }
  return out
}

export function numberRows(values: unknown[]): Array<RangeRow & { value: number }> {
  return values.filter((v): v is number => typeof v === 'number').map((v) => ({ value: v, ...numberRange(v) }))
}

const REF = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/

export function referenceRows(values: unknown[]): ReferenceRow[] {
  const out: ReferenceRow[] = []
  for (const v of values) {
    const url = typeof v === 'string' ? v : v && typeof v === 'object' ? str((v as Record<string, unknown>).reference) : null
    if (!url) continue
    const m = REF.exec(url)
    out.push({ targetType: m?.[1] ?? null, targetId: m?.[2] ?? null, url })
  }
  return out
}

export function uriRows(values: unknown[]): string[] {
  return values.filter((v): v is string => typeof v === 'string')
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null
}
