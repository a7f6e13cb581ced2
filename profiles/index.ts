// Target profiles (STYLE.md: a check states the spec; a profile states what a product documents
// differently). A documented deviation turns a failed or warned check into "deviation
// (documented)" with the vendor's reference — neither a failure nor a silent pass; the check still
// runs and its observation is kept. Only what the vendor documents belongs here, each with the page
// that says so; what we infer but cannot cite is an assumption and says so. docs/target-profiles.md
// lists every entry (a test holds it to this file).
import type { TargetConfig, TargetProfileName } from '../lib/target/config.js'

export type { TargetProfileName }

export interface Deviation {
  reason: string
  reference: string
}

/** A limit the product documents, with the page that says so; Shoreline stays within it. */
export interface Limit {
  value: number
  /** What the number bounds, in a few words (docs, messages). */
  of: string
  reference: string
}

/** Search features the product documents as absent: a check does not depend on them there. */
export interface Unsupported {
  values: readonly string[]
  reference: string
}

/** A header Shoreline sends to this target on every FHIR request (config may turn it off). */
export interface ProfileHeader {
  value: string
  why: string
  reference: string
}

/** A behaviour Shoreline relies on that the vendor does not document: verdicts on it are SHOULD. */
export interface Assumption {
  says: string
  checks: readonly string[]
  reference: string
}

/** A documented difference for stores created before a date (read from DescribeFHIRDatastore CreatedAt). */
export interface StoreAge {
  /** What a check may need (suites/needs.ts `{ storeFeature }`). */
  feature: 'export-status' | 'bundle-rate' | 'search-parameters'
  before: string
  lacks: string
  reference: string
}

export interface TargetProfile {
  name: TargetProfileName
  description: string
  deviations: Readonly<Record<string, Deviation>>
  limits?: {
    /** The largest search page (`_count`); larger values are refused. */
    maxPageSize?: Limit
    /** Entries in a synchronous transaction or batch Bundle. */
    maxBundleEntries?: Limit
    /** Entries in an asynchronous (`Prefer: respond-async`) transaction Bundle. */
    maxAsyncBundleEntries?: Limit
    /** Keys in one `_sort`. */
    maxSortKeys?: Limit
    /** Results at any level of a chain or `_has` before the search fails. */
    maxChainResults?: Limit
    /** Seconds for search to catch up with writes before a reconcile counts (eventual consistency). */
    settleSeconds?: Limit
    /** Import job quotas (files per job, one file's MB). */
    importFilesPerJob?: Limit
    importFileMB?: Limit
  }
  search?: {
    modifiers?: Unsupported
    prefixes?: Unsupported
    totals?: Unsupported
    /** Search result parameters that may not be combined (e.g. `_elements` with `_summary`). */
    combinations?: Unsupported
    /** Features the vendor neither lists nor rules out: no check depends on them there. */
    undocumented?: Unsupported
  }
  headers?: Readonly<Record<string, ProfileHeader>>
  /** The header that makes a POST create idempotent (a repeated key creates nothing): loaders send one key per resource. */
  idempotency?: { header: string; reference: string }
  /** How conform removes what it wrote: `erase` leaves no version history behind (the default where documented). */
  cleanup?: { method: 'erase'; reference: string }
  assumptions?: Readonly<Record<string, Assumption>>
  storeAge?: readonly StoreAge[]
}

const HL = 'https://docs.aws.amazon.com/healthlake/latest/devguide'
const HL_SEARCH = `${HL}/reference-fhir-search-parameters.html`
const HL_EXPORT = `${HL}/export-datastore-rest.html`
const HL_BUNDLE = `${HL}/managing-fhir-resources-bundle.html`
const HL_CONSISTENCY = `${HL}/searching-fhir-consistency-levels.html`
const HL_QUOTAS = 'https://docs.aws.amazon.com/general/latest/gr/healthlake.html'
const HL_LAMBDA = `${HL}/reference-smart-on-fhir-token-validation.html`
const HL_EXPORT_REASON =
  'HealthLake exports to S3: the kick-off takes an S3 output configuration and the status answers exportJobProperties, not a Bulk Data manifest with downloadable files'

export const PROFILES: Readonly<Record<TargetProfileName, TargetProfile>> = {
  generic: { name: 'generic', description: 'Any FHIR R4 server: the specs as written, no deviations.', deviations: {} },
  healthlake: {
    name: 'healthlake',
    description: 'AWS HealthLake: its documented search subset and limits, eventually consistent search, S3-based export, SMART or SigV4 auth.',
    deviations: {
      'SE-28': { reason: 'HealthLake documents string search as case-sensitive', reference: HL_SEARCH },
      'SE-05': { reason: 'HealthLake documents string search as case-sensitive (family=smith does not find Smith)', reference: HL_SEARCH },
      'SE-23': { reason: 'HealthLake lists _summary=true|text|data|false; count is not among them', reference: HL_SEARCH },
      'BE-01': { reason: HL_EXPORT_REASON, reference: HL_EXPORT },
      'BE-14': { reason: HL_EXPORT_REASON, reference: HL_EXPORT },
      'BE-15': { reason: HL_EXPORT_REASON, reference: HL_EXPORT },
      'BE-16': { reason: HL_EXPORT_REASON, reference: HL_EXPORT },
      'BE-17': { reason: HL_EXPORT_REASON, reference: HL_EXPORT },
      'BE-18': { reason: HL_EXPORT_REASON, reference: HL_EXPORT },
      'BE-22': { reason: HL_EXPORT_REASON, reference: HL_EXPORT },
      'AU-24': { reason: HL_EXPORT_REASON, reference: HL_EXPORT },
      'TX-19': { reason: 'HealthLake supports conditional PUTs only in batch Bundles, not in transactions', reference: HL_BUNDLE },
    },
    limits: {
      maxPageSize: { value: 100, of: 'resources in a search page (_count); larger values are invalid, 0 unsupported', reference: HL_SEARCH },
      maxBundleEntries: { value: 100, of: 'entries in a synchronous Bundle (a larger transaction is refused with 422 unless asynchronous)', reference: HL_BUNDLE },
      maxAsyncBundleEntries: { value: 500, of: 'entries in an asynchronous transaction (Prefer: respond-async, answered 202)', reference: HL_BUNDLE },
      maxSortKeys: { value: 5, of: 'keys in one _sort (no nested elements)', reference: HL_SEARCH },
      maxChainResults: { value: 100, of: 'results at any level of a chained or _has search before it fails', reference: HL_SEARCH },
      settleSeconds: { value: 60, of: 'seconds reconcile waits for the search index when the consistency header is off', reference: HL_CONSISTENCY },
      importFilesPerJob: { value: 10_000, of: 'files in one import job (the older quota; newer pages say more: configure the stand-in)', reference: HL_QUOTAS },
      importFileMB: { value: 50, of: 'MB in one import file (the older quota)', reference: HL_QUOTAS },
    },
    search: {
      modifiers: { values: [':above', ':in', ':not-in', ':of-type', ':[type]'], reference: HL_SEARCH },
      prefixes: { values: ['ap'], reference: HL_SEARCH },
      totals: { values: ['estimate'], reference: HL_SEARCH },
      combinations: { values: ['_elements with _summary'], reference: HL_SEARCH },
      undocumented: { values: ['_include:iterate', '_revinclude:iterate'], reference: HL_SEARCH },
    },
    headers: {
      'x-amz-fhir-history-consistency-level': {
        value: 'strong',
        why: 'search is eventually consistent by default; strong makes pending index updates visible, so a write followed by a search does not flake (it doubles the write capacity used)',
        reference: HL_CONSISTENCY,
      },
    },
    idempotency: { header: 'x-amz-fhir-idempotency-key', reference: `${HL}/managing-fhir-resources-idempotency.html` },
    cleanup: { method: 'erase', reference: `${HL}/reference-fhir-operations-erase.html` },
    assumptions: {
      'lambda-claims-recheck': {
        says: "HealthLake re-checks exp, nbf and aud in the Lambda's authPayload before it authorizes (so a handler may pass a token's own claims through); the developer guide lists the fields but does not say it re-checks them",
        checks: ['HL-08', 'HL-40', 'HL-41'],
        reference: HL_LAMBDA,
      },
      'lambda-operation-names': {
        says: 'the operationName the stand-in sends for Bundles, history, system search, PATCH and $-operations (ProcessBundle, ReadHistory, SearchSystem, PatchResource, Operation…) is inferred: only the IAM action names are documented',
        checks: [],
        reference: HL_LAMBDA,
      },
    },
    storeAge: [
      {
        feature: 'export-status',
        before: '2023-06-01',
        lacks: 'Patient- and Group-level $export and export status on the data-store endpoint (system export only)',
        reference: HL_EXPORT,
      },
      { feature: 'bundle-rate', before: '2023-08-21', lacks: 'the current Bundle rate (1 Bundle POST a second per store)', reference: HL_QUOTAS },
      { feature: 'search-parameters', before: '2023-12-09', lacks: 'search parameters added since (the store indexes only those it was created with)', reference: HL_SEARCH },
    ],
  },
  medplum: {
    name: 'medplum',
    description: 'Medplum: FHIR R4 with SMART App Launch 2.0 and Bulk Data 2.0; JSON only.',
    deviations: {
      'TX-30': { reason: 'Medplum serves JSON only: apps "must be able to process JSON response files"', reference: 'https://www.medplum.com/docs/api' },
    },
  },
}

/** Every documented entry of a profile, flat: what docs/target-profiles.md must list. */
export function profileEntries(p: TargetProfile): Array<{ key: string; reference: string }> {
  return [
    ...Object.entries(p.deviations).map(([key, d]) => ({ key, reference: d.reference })),
    ...Object.entries(p.limits ?? {}).map(([key, l]) => ({ key, reference: l.reference })),
    ...Object.entries(p.search ?? {}).flatMap(([key, u]) => u.values.map((v) => ({ key: `${key} ${v}`, reference: u.reference }))),
    ...Object.entries(p.headers ?? {}).map(([key, h]) => ({ key, reference: h.reference })),
    ...(p.idempotency ? [{ key: p.idempotency.header, reference: p.idempotency.reference }] : []),
    ...(p.cleanup ? [{ key: `cleanup ${p.cleanup.method}`, reference: p.cleanup.reference }] : []),
    ...Object.entries(p.assumptions ?? {}).map(([key, a]) => ({ key, reference: a.reference })),
    ...(p.storeAge ?? []).map((s) => ({ key: `before ${s.before}`, reference: s.reference })),
  ]
}

/**
 * Seconds a reconcile waits for search to catch up: none where every profile header is in force
 * (HealthLake's strong consistency makes pending index updates visible), else the profile's settle.
 */
export function defaultSettleSeconds(target: { profile: TargetProfileName; headers?: Record<string, string> }): number {
  const p = PROFILES[target.profile]
  const settle = p.limits?.settleSeconds?.value ?? 0
  const headers = Object.entries(p.headers ?? {})
  return headers.length > 0 && headers.every(([k, h]) => target.headers?.[k.toLowerCase()] === h.value) ? 0 : settle
}

/** The most entries Shoreline puts in one synchronous Bundle for this profile. */
export const maxBundleEntries = (profile: TargetProfileName): number => PROFILES[profile].limits?.maxBundleEntries?.value ?? 10_000

/** The target with its profile's headers, then the config file's over them (an empty value drops one), and its idempotency header. */
export function withProfileHeaders(target: TargetConfig): TargetConfig {
  const headers: Record<string, string> = {}
  for (const [k, h] of Object.entries(PROFILES[target.profile].headers ?? {})) headers[k.toLowerCase()] = h.value
  for (const [k, v] of Object.entries(target.headers ?? {}))
    if (v === '') delete headers[k]
    else headers[k] = v
  const idempotency = PROFILES[target.profile].idempotency
  const { idempotencyHeader: _previous, ...rest } = target
  return { ...rest, headers, ...(idempotency ? { idempotencyHeader: idempotency.header } : {}) }
}
