// What one export job selects of one resource type, as SQL over the store's tables: live rows of
// the type, `_since` / `_until` on lastUpdated, HealthLake's `_tag` / `_security`, the patient
// compartment for Patient and Group exports, and `_typeFilter` alternatives (ORed, as the Bulk Data
// IG says: a resource is exported when it matches any of its type's filters).
import { parseSearch } from '../search/query.js'
import { compartmentParams } from '../auth/compartment.js'
import type { ExportJob } from './export.js'

export function exportWhere(job: ExportJob, type: string, members: string[] | undefined): { where: string[]; args: unknown[] } {
  const where = ['r.type = ?', 'r.deleted = 0']
  const args: unknown[] = [type]
  if (job.since !== undefined) {
    where.push('r.last_updated_ms > ?')
    args.push(job.since)
  }
  if (job.until !== undefined) {
    where.push('r.last_updated_ms <= ?')
    args.push(job.until)
  }
  if (job.metaFilters && [...job.metaFilters.keys()].length) {
    const q = parseSearch(type, job.metaFilters, { strict: true })
    where.push(...q.where)
    args.push(...q.args)
  }
  if (job.level !== 'system') {
    const restrict = patientRestriction(type, members)
    where.push(restrict.sql)
    args.push(...restrict.args)
  }
  const filters = job.typeFilters.get(type)
  if (filters) {
    const alts = filters.map((p) => parseSearch(type, p, { strict: true }))
    where.push(`(${alts.map((q) => (q.where.length ? q.where.map((w) => `(${w})`).join(' AND ') : '1')).join(' OR ')})`)
    args.push(...alts.flatMap((q) => q.args))
  }
  return { where, args }
}

/** Rows of `type` in the compartment of any patient (Patient export) or of the listed ones (Group). */
function patientRestriction(type: string, members: string[] | undefined): { sql: string; args: unknown[] } {
  if (type === 'Patient') return members ? { sql: 'r.id IN (SELECT value FROM json_each(?))', args: [JSON.stringify(members)] } : { sql: '1', args: [] }
  const params = compartmentParams(type)
    .map((p) => `'${p.replace(/'/g, '')}'`)
    .join(', ')
  const base = `EXISTS (SELECT 1 FROM sp_reference c WHERE c.type = r.type AND c.id = r.id AND c.code IN (${params}) AND c.target_type = 'Patient'`
  return members ? { sql: `${base} AND c.target_id IN (SELECT value FROM json_each(?)))`, args: [JSON.stringify(members)] } : { sql: `${base})`, args: [] }
}
