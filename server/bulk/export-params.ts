// The parameters of an export kick-off: Bulk Data's (a GET query or a POST Parameters body) and
// HealthLake's form (the S3 output configuration in the body, its documented filters in the query).
import { badRequest } from '../../lib/outcomes.js'
import type { FhirRequest } from '../rest/types.js'
import type { Faults } from '../faults/catalogue.js'
import { resourceTypes } from '../../lib/validation/element-walk.js'
import { parseSearch, SearchError } from '../search/query.js'
import { compartmentParams } from '../auth/compartment.js'

/** The filters HealthLake documents for its `$export` form. */
export const HEALTHLAKE_PARAMS = ['_type', '_since', '_until', '_tag', '_security', '_outputFormat']

/** A FHIR instant parameter (with a time zone), or undefined when absent. */
export function instantParam(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name)
  if (text === null) return undefined
  const t = Date.parse(text)
  if (Number.isNaN(t) || !/T.*(Z|[+-]\d\d:\d\d)$/.test(text)) throw badRequest(`${name} must be a FHIR instant with a time zone, got ${JSON.stringify(text)}`)
  return t
}
/** GET query, or a POST Parameters body, as one URLSearchParams (BE-02). */
export function kickOffParams(req: FhirRequest): URLSearchParams {
  const params = new URLSearchParams(req.query)
  params.delete('_format')
  if (req.method !== 'POST' || req.body === undefined) return params
  const body = req.body as { resourceType?: string; parameter?: Array<Record<string, unknown>> }
  if (body.resourceType !== 'Parameters') throw badRequest('a POST kick-off takes a Parameters resource')
  for (const p of body.parameter ?? []) {
    const value = Object.entries(p).find(([k]) => k.startsWith('value'))?.[1]
    if (typeof p.name !== 'string' || value === undefined) throw badRequest('every kick-off parameter needs a name and a value[x]')
    params.append(p.name, String(value))
  }
  return params
}

export function healthlakeConfig(body: Record<string, unknown>): { jobName?: string; s3Uri: string; kmsKeyId: string; roleArn: string } {
  const out = (body.OutputDataConfig as { S3Configuration?: { S3Uri?: string; KmsKeyId?: string } } | undefined)?.S3Configuration
  if (!out?.S3Uri || !out.KmsKeyId) throw badRequest('OutputDataConfig.S3Configuration needs S3Uri and KmsKeyId')
  if (typeof body.DataAccessRoleArn !== 'string' || !/^arn:aws(-[^:]+)?:iam::[0-9]{12}:role\/.+$/.test(body.DataAccessRoleArn))
    throw badRequest('DataAccessRoleArn must be an IAM role ARN')
  return { jobName: typeof body.JobName === 'string' ? body.JobName : undefined, s3Uri: out.S3Uri, kmsKeyId: out.KmsKeyId, roleArn: body.DataAccessRoleArn }
}

/** HealthLake data stores created before this (2023-06-01) export system-wide only and serve no export status (developer guide, export-datastore-rest). */
export const LEGACY_EXPORT_BEFORE = Date.parse('2023-06-01T00:00:00Z')

/** The types an export covers: `_type` when given (within the level's scope), else every type in scope. */
export function exportTypes(params: URLSearchParams, level: 'system' | 'patient' | 'group', f: Faults, fail: (message: string) => void): string[] {
  const known = resourceTypes()
  const inScope = (t: string) => level === 'system' || t === 'Patient' || compartmentParams(t).length > 0
  const typeParam = params
    .getAll('_type')
    .flatMap((v) => v.split(','))
    .map((t) => t.trim())
    .filter(Boolean)
  if (!typeParam.length || f.has('export-type-ignored')) return [...known].filter((t) => t !== 'Bundle' && t !== 'Parameters' && t !== 'OperationOutcome' && inScope(t)).sort()
  const unknown = typeParam.filter((t) => !known.has(t))
  if (unknown.length && !f.has('export-unknown-type-accepted')) fail(`_type names unknown resource types: ${unknown.join(', ')}`)
  return [...new Set(typeParam.filter((t) => known.has(t) && inScope(t)))]
}

/** `_typeFilter` values by type, each checked as a search the server can run (400 otherwise). */
export function parseTypeFilters(params: URLSearchParams): Map<string, URLSearchParams[]> {
  const typeFilters = new Map<string, URLSearchParams[]>()
  for (const tf of params.getAll('_typeFilter')) {
    const [, type, query] = /^([A-Z][A-Za-z]+)\?(.+)$/.exec(tf) ?? []
    if (!type || !query) throw badRequest(`_typeFilter must look like Type?param=value, got ${JSON.stringify(tf)}`)
    try {
      parseSearch(type, new URLSearchParams(query), { strict: true })
    } catch (err) {
      if (err instanceof SearchError) throw badRequest(`_typeFilter ${tf}: ${err.message}`)
      throw err
    }
    typeFilters.set(type, [...(typeFilters.get(type) ?? []), new URLSearchParams(query)])
  }
  return typeFilters
}
