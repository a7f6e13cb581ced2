// Small builders for the FHIR R4 JSON the generators write. Key order is fixed (resourceType, id,
// then the rest) so output is byte-stable and writers can rely on the prefix.
import { SYS } from './data/systems.js'

export interface Resource {
  resourceType: string
  id: string
  [element: string]: unknown
}

export interface Reference {
  reference: string
  display?: string
}

export const ref = (type: string, id: string, display?: string): Reference => (display ? { reference: `${type}/${id}`, display } : { reference: `${type}/${id}` })

export const coding = (system: string, code: string, display?: string) => (display === undefined ? { system, code } : { system, code, display })

/** A CodeableConcept with one coding; `text` only when it says something the display does not. */
export const concept = (system: string, code: string, display: string, text?: string) =>
  text === undefined || text === display ? { coding: [coding(system, code, display)] } : { coding: [coding(system, code, display)], text }

/** The identifier every generated resource carries: its generated id as a URI (RFC 3986). */
export const sourceIdentifier = (id: string) => ({ system: SYS.rfc3986, value: `urn:uuid:${id}` })

export function quantity(value: number, unit: string, decimals: number) {
  return { value: round(value, decimals), unit, system: SYS.ucum, code: unit }
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals
  return Math.round(value * f) / f
}

const DAY = 86_400_000
export const MS = { minute: 60_000, hour: 3_600_000, day: DAY, year: 365.2425 * DAY } as const

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n))

/**
 * `YYYY-MM-DD` of a UTC timestamp, by arithmetic (H. Hinnant's civil_from_days): the generators
 * format millions of dates and Date#toISOString was a tenth of their time.
 */
export function isoDate(ms: number): string {
  const z = Math.floor(ms / DAY) + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  if (y < 0 || y > 9999) return new Date(ms).toISOString().slice(0, 10)
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`
}

/** `YYYY-MM-DDThh:mm:ssZ` (FHIR dateTime with a zone, no fraction). */
export function isoDateTime(ms: number): string {
  const t = Math.floor(ms / 1000) * 1000 - Math.floor(ms / DAY) * DAY
  const s = Math.floor(t / 1000)
  return `${isoDate(ms)}T${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}Z`
}

/** FHIR instant with milliseconds. */
export function isoInstant(ms: number): string {
  const frac = ((ms % 1000) + 1000) % 1000
  return `${isoDateTime(ms).slice(0, 19)}.${String(Math.floor(frac)).padStart(3, '0')}Z`
}

export function parseDate(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return NaN
  const ms = Date.parse(`${text}T00:00:00Z`)
  return isoDate(ms) === text ? ms : NaN
}

/** Whole years between two timestamps (age at a date). */
export function ageAt(birthMs: number, atMs: number): number {
  const b = new Date(birthMs)
  const a = new Date(atMs)
  let age = a.getUTCFullYear() - b.getUTCFullYear()
  if (a.getUTCMonth() < b.getUTCMonth() || (a.getUTCMonth() === b.getUTCMonth() && a.getUTCDate() < b.getUTCDate())) age--
  return age
}

/** The 10th digit of a US NPI: Luhn over "80840" + the first nine digits (CMS NPI check digit). */
export function npiCheckDigit(nine: string): string {
  const digits = `80840${nine}`
  let sum = 0
  for (let i = digits.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
    let d = digits.charCodeAt(i) - 48
    if (dbl) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return String((10 - (sum % 10)) % 10)
}
