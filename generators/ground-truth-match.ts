// What the ground-truth matchers share, apart from the query lists (so ground-truth.ts and
// ground-truth-us-core.ts import it without importing each other).

/** R4 string search compares case- and accent-insensitively (hl7.org/fhir/R4/search.html#string). */
export function normalizeString(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
}
