// Patient/[id]/$everything (hl7.org/fhir/R4/patient-operation-everything.html): the Patient and every
// resource in its compartment the caller may read, as one searchset, `_type` and `_since` honoured.
// Each resource is read once; everything-compartment-missing answers the Patient alone.
import { badRequest, OutcomeError } from '../../lib/outcomes.js'
import { resourceTypes } from '../../lib/validation/element-walk.js'
import { compartmentParams, compartmentSql } from '../auth/compartment.js'
import { liveResource } from './repository.js'
import { mayTouch } from './scope-enforcement.js'
import { faultsOf, type Env, type FhirRequest, type Reply } from './types.js'
import { CURRENT } from '../store/store.js'
import { typeTest } from '../search/query.js'

export function patientEverything(env: Env, req: FhirRequest): Reply {
  const id = req.parts[1] ?? ''
  const patient = liveResource(env, 'Patient', id)
  if (!mayTouch(env, req.access, 'Patient', id, 'r')) throw new OutcomeError(403, 'forbidden', `the granted scopes do not reach Patient/${id}`)
  const asked = req.query
    .getAll('_type')
    .flatMap((v) => v.split(','))
    .map((t) => t.trim())
    .filter(Boolean)
  const unknown = asked.filter((t) => !resourceTypes().has(t))
  if (unknown.length) throw badRequest(`_type names unknown resource types: ${unknown.join(', ')}`)
  const sinceText = req.query.get('_since')
  const since = sinceText === null ? undefined : Date.parse(sinceText)
  if (since !== undefined && Number.isNaN(since)) throw badRequest(`_since must be an instant, got ${JSON.stringify(sinceText)}`)
  const types = (asked.length ? asked : [...resourceTypes()]).filter((t) => t !== 'Patient' && compartmentParams(t).length > 0).sort()
  const entries: Array<{ type: string; id: string; json: string }> = []
  if (!asked.length || asked.includes('Patient')) entries.push({ type: 'Patient', id, json: patient.json })
  if (!faultsOf(env).has('everything-compartment-missing')) {
    for (const type of types) {
      const inCompartment = compartmentSql(type)
      const rows = env.store.db
        .prepare(
          `SELECT r.id, h.json FROM ${CURRENT} WHERE ${typeTest('r', [{ sql: inCompartment }])} AND r.deleted = 0 AND ${inCompartment}${since !== undefined ? ' AND r.last_updated_ms > ?' : ''}`,
        )
        .all(type, id, ...(since !== undefined ? [since] : [])) as Array<{ id: string; json: string }>
      for (const r of rows) if (mayTouch(env, req.access, type, r.id, 'r')) entries.push({ type, id: r.id, json: r.json })
    }
  }
  return {
    status: 200,
    body: {
      resourceType: 'Bundle',
      type: 'searchset',
      total: entries.length,
      link: [{ relation: 'self', url: `${env.base}Patient/${id}/$everything${req.query.toString() ? `?${req.query.toString()}` : ''}` }],
      entry: entries.map((e) => ({ fullUrl: `${env.base}${e.type}/${e.id}`, resource: JSON.parse(e.json) as unknown, search: { mode: 'match' } })),
    },
  }
}
