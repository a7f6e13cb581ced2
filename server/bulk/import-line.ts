// One line of an import's NDJSON into exactly one bucket: imported (written by id, like HealthLake's
// UpdateResource; at `minimal` perhaps with its validation issues marked), customer error (bad JSON,
// no resourceType or id, fails the job's level) or server error; each with its outcome line.
import { outcome, type OperationOutcome } from '../../lib/outcomes.js'
import { validateResource } from '../../lib/validation/validator.js'
import { flaggedAt, issuesOutcome, levelRejects, markValidationIssues } from '../../lib/validation/levels.js'
import type { Resource, Store } from '../store/store.js'
import type { Faults } from '../faults/catalogue.js'
import type { ImportFile, ImportJob } from './import.js'
import type { OutcomeKind } from './ledger.js'

/** One input line into exactly one bucket: imported (perhaps flagged), customer error or server error. */
export function importLine(o: { store: Store; faults: Faults }, job: ImportJob, file: ImportFile, line: string, lineId: number, out: Record<OutcomeKind, string[]>) {
  const f = o.faults
  const store = o.store
  const c = job.counters
  const text = line.trim()
  if (text === '') return
  c.scanned++
  const reject = (oo: OperationOutcome, status = 400) => {
    c.customerErrors++
    file.customerErrors++
    if (f.has('import-no-failure-output')) return
    file.failure++
    out.failure.push(JSON.stringify({ lineId, UpdateResourceResponse: { jsonBlob: oo, statusCode: status } }))
  }
  let resource: Resource
  try {
    resource = JSON.parse(text) as Resource
  } catch {
    return reject(outcome('structure', `Invalid JSON found in input file ${file.name} at line ${lineId}`))
  }
  if (!resource || typeof resource !== 'object' || Array.isArray(resource) || typeof resource.resourceType !== 'string')
    return reject(outcome('structure', 'Invalid resource: resourceType is missing'))
  if (typeof resource.id !== 'string' || resource.id === '') return reject(outcome('required', 'Missing required id field in resource json'))
  const level = f.has('import-structure-only-rejects-valid') && job.level === 'structure-only' ? 'strict' : job.level
  const issues = f.has('import-strict-accepts-invalid') && job.level === 'strict' ? [] : validateResource(resource, { requireId: true })
  const problems = issues.filter((p) => levelRejects(level, p.rule))
  if (problems.length) {
    return reject({
      resourceType: 'OperationOutcome',
      issue: problems.map((p) => ({ severity: 'error', code: 'processing', diagnostics: `[${p.rule}] ${p.message}`, ...(p.path ? { expression: [p.path] } : {}) })),
    })
  }
  // import-drops-every-1000th: counted and reported as imported, never stored.
  if (f.has('import-drops-every-1000th') && c.scanned % 1000 === 0) {
    c.imported++
    file.success++
    out.success.push(JSON.stringify({ lineId, UpdateResourceResponse: { jsonBlob: { resourceType: resource.resourceType, id: resource.id }, statusCode: 201 } }))
    return
  }
  try {
    // minimal: stored despite what it fails, marked, and listed under SUCCESS_WITH_SEARCH_VALIDATION_FAILURES/.
    const flaggedIssues = flaggedAt(level, issues)
    const { stored, created } = store.put(flaggedIssues.length ? markValidationIssues(resource, issuesOutcome(flaggedIssues)) : resource, 'PUT')
    store.indexLag?.note(stored.type, stored.id)
    c.imported++
    const kind = flaggedIssues.length ? 'flagged' : 'success'
    file[kind]++
    out[kind].push(
      JSON.stringify({
        lineId,
        UpdateResourceResponse: {
          jsonBlob: { resourceType: stored.type, id: stored.id, meta: { versionId: store.versionIds.label(stored.version), lastUpdated: stored.lastUpdated } },
          statusCode: created ? 201 : 200,
        },
      }),
    )
  } catch (err) {
    c.serverErrors++
    file.failure++
    out.failure.push(
      JSON.stringify({ lineId, UpdateResourceResponse: { jsonBlob: outcome('exception', `could not store the resource: ${(err as Error).message}`), statusCode: 500 } }),
    )
  }
}
