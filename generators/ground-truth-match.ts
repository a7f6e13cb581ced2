// What the ground-truth matchers share, apart from the query lists (so ground-truth.ts and
// ground-truth-us-core*.ts import it without importing each other).
import type { GroundTruthQuery } from './ground-truth.js'

/** R4 string search compares case- and accent-insensitively (hl7.org/fhir/R4/search.html#string). */
export function normalizeString(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
}

/** The codings of a CodeableConcept (none when absent). */
export const codings = (cc: unknown): Array<{ system?: string; code?: string }> => (cc as { coding?: [] } | undefined)?.coding ?? []

/** Whether a CodeableConcept carries system|code. */
export const hasCoding = (cc: unknown, system: string, code: string) => codings(cc).some((c) => c.system === system && c.code === code)

/** An instant or date as epoch ms (NaN when absent). */
export const instantMs = (s: unknown) => Date.parse(String(s))

/** A query on the shared pool: its matches come from the pool, none from patient records. */
export function poolQuery(name: string, description: string, query: string, pool: NonNullable<GroundTruthQuery['pool']>): GroundTruthQuery {
  return { name, description, query, match: () => [], pool }
}
