// Target profiles (STYLE.md: a check states the spec; a profile states what a product documents
// differently). A documented deviation turns a failed or warned check into "deviation
// (documented)" with the vendor's reference — neither a failure nor a silent pass; the check still
// runs and its observation is kept. Only deviations the vendor documents belong here, each with
// the page that says so.
import type { TargetProfileName } from '../lib/target/config.js'

export type { TargetProfileName }

export interface Deviation {
  reason: string
  reference: string
}

/** A limit the product documents, with the page that says so; Shoreline stays within it. */
export interface Limit {
  value: number
  reference: string
}

export interface TargetProfile {
  name: TargetProfileName
  description: string
  deviations: Readonly<Record<string, Deviation>>
  /** Documented limits: the largest search page (`_count`). */
  limits?: { maxPageSize?: Limit }
}

const HL_SEARCH = 'https://docs.aws.amazon.com/healthlake/latest/devguide/reference-fhir-search-parameters.html'
const HL_EXPORT = 'https://docs.aws.amazon.com/healthlake/latest/devguide/export-datastore-rest.html'
const HL_EXPORT_REASON =
  'HealthLake exports to S3: the kick-off takes an S3 output configuration and the status answers exportJobProperties, not a Bulk Data manifest with downloadable files'

export const PROFILES: Readonly<Record<TargetProfileName, TargetProfile>> = {
  generic: { name: 'generic', description: 'Any FHIR R4 server: the specs as written, no deviations.', deviations: {} },
  healthlake: {
    name: 'healthlake',
    description: 'AWS HealthLake: its documented search subset, S3-based export, SMART or SigV4 auth; bundles of at most 100 entries when seeding.',
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
    },
    // The developer guide's search page: _count at most 100; larger values are invalid, 0 unsupported.
    limits: { maxPageSize: { value: 100, reference: HL_SEARCH } },
  },
  medplum: {
    name: 'medplum',
    description: 'Medplum: FHIR R4 with SMART App Launch 2.0 and Bulk Data 2.0; JSON only.',
    deviations: {
      'TX-30': { reason: 'Medplum serves JSON only: apps "must be able to process JSON response files"', reference: 'https://www.medplum.com/docs/api' },
    },
  },
}
