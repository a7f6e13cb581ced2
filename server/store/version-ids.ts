// How version numbers appear outside the store: meta.versionId, ETag, `_history/{vid}` URLs and
// If-Match. FHIR makes a versionId an opaque `id` (R4 Resource.meta.versionId): numbers are this
// server's default; the opaque-version-ids variant shows clients and checks that order must come
// from the history bundle, never from comparing ids as numbers.
export interface VersionIds {
  label(version: number): string
  /** The version a label names, or undefined for a label this server never issued. */
  parse(label: string): number | undefined
}

export const NUMERIC_VERSION_IDS: VersionIds = {
  label: (n) => String(n),
  parse: (s) => (/^[1-9]\d*$/.test(s) ? Number(s) : undefined),
}

const STEP = 7919
const OFFSET = 104729

/** Non-numeric ids (`v2f3kx`, …), reversible here only. */
export const OPAQUE_VERSION_IDS: VersionIds = {
  label: (n) => `v${(n * STEP + OFFSET).toString(36)}x`,
  parse(s) {
    const m = /^v([0-9a-z]+)x$/.exec(s)
    if (!m?.[1]) return undefined
    const k = parseInt(m[1], 36) - OFFSET
    return k > 0 && k % STEP === 0 ? k / STEP : undefined
  },
}
