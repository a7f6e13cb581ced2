// One line of an import's NDJSON into exactly one bucket: imported (written by id, like HealthLake's
// UpdateResource; at `minimal` perhaps with its validation issues marked), customer error (bad JSON,
// no resourceType or id, fails the job's level) or server error; each with its outcome line.
//
// In two steps: examineLine reads and validates a line and prepares its resource (pure, so a
// worker thread can run it while the writer stores the batch before: prepare-pool.ts); storeLine
// writes it and counts it, in line order, on the thread that owns the database.
import { outcome, type OperationOutcome } from '../../lib/outcomes.js'
import { validateResource } from '../../lib/validation/validator.js'
import { flaggedAt, issuesOutcome, levelRejects, markValidationIssues, type ValidationLevel } from '../../lib/validation/levels.js'
import { prepareResource, type PreparedResource } from '../store/prepared.js'
import type { Resource, Store } from '../store/store.js'
import type { Faults } from '../faults/catalogue.js'
import type { ImportFile, ImportJob } from './import.js'
import type { OutcomeKind } from './ledger.js'

/** What examineLine made of a line: nothing (blank), a refusal, or a resource ready to store. */
export type LineVerdict = { blank: true } | { refused: OperationOutcome } | { failed: string } | { prepared: PreparedResource; flagged: boolean }

/** How a job examines its lines: its level as enforced, and whether it validates at all (a fault may say not). */
export interface Examination {
  level: ValidationLevel
  validate: boolean
}

/** The job's examination, with the faults that bend it. */
export function examinationOf(job: ImportJob, f: Faults): Examination {
  return {
    level: f.has('import-structure-only-rejects-valid') && job.level === 'structure-only' ? 'strict' : job.level,
    validate: !(f.has('import-strict-accepts-invalid') && job.level === 'strict'),
  }
}

/** Reads, checks and validates one line, and prepares its resource for the store. */
export function examineLine(line: string, lineId: number, fileName: string, how: Examination): LineVerdict {
  const text = line.trim()
  if (text === '') return { blank: true }
  let resource: Resource
  try {
    resource = JSON.parse(text) as Resource
  } catch {
    return { refused: outcome('structure', `Invalid JSON found in input file ${fileName} at line ${lineId}`) }
  }
  if (!resource || typeof resource !== 'object' || Array.isArray(resource) || typeof resource.resourceType !== 'string')
    return { refused: outcome('structure', 'Invalid resource: resourceType is missing') }
  if (typeof resource.id !== 'string' || resource.id === '') return { refused: outcome('required', 'Missing required id field in resource json') }
  const issues = how.validate ? validateResource(resource, { requireId: true }) : []
  const problems = issues.filter((p) => levelRejects(how.level, p.rule))
  if (problems.length) {
    return {
      refused: {
        resourceType: 'OperationOutcome',
        issue: problems.map((p) => ({ severity: 'error', code: 'processing', diagnostics: `[${p.rule}] ${p.message}`, ...(p.path ? { expression: [p.path] } : {}) })),
      },
    }
  }
  // minimal: stored despite what it fails, marked, and listed under SUCCESS_WITH_SEARCH_VALIDATION_FAILURES/.
  const flaggedIssues = flaggedAt(how.level, issues)
  const stored = flaggedIssues.length ? markValidationIssues(resource, issuesOutcome(flaggedIssues)) : resource
  try {
    return { prepared: prepareResource({ ...stored, id: resource.id }), flagged: flaggedIssues.length > 0 }
  } catch (err) {
    return { failed: (err as Error).message }
  }
}

/** Stores an examined line (or refuses it), counts it, and adds its outcome line to `out`. */
export function storeLine(o: { store: Store; faults: Faults }, job: ImportJob, file: ImportFile, verdict: LineVerdict, lineId: number, out: Record<OutcomeKind, string[]>) {
  if ('blank' in verdict) return
  const f = o.faults
  const store = o.store
  const c = job.counters
  c.scanned++
  if ('refused' in verdict) {
    c.customerErrors++
    file.customerErrors++
    if (f.has('import-no-failure-output')) return
    file.failure++
    out.failure.push(JSON.stringify({ lineId, UpdateResourceResponse: { jsonBlob: verdict.refused, statusCode: 400 } }))
    return
  }
  const serverError = (message: string) => {
    c.serverErrors++
    file.failure++
    out.failure.push(JSON.stringify({ lineId, UpdateResourceResponse: { jsonBlob: outcome('exception', `could not store the resource: ${message}`), statusCode: 500 } }))
  }
  if ('failed' in verdict) return serverError(verdict.failed)
  const { prepared, flagged } = verdict
  // import-drops-every-1000th: counted and reported as imported, never stored.
  if (f.has('import-drops-every-1000th') && c.scanned % 1000 === 0) {
    c.imported++
    file.success++
    out.success.push(JSON.stringify({ lineId, UpdateResourceResponse: { jsonBlob: { resourceType: prepared.type, id: prepared.id }, statusCode: 201 } }))
    return
  }
  try {
    const { stored, created } = store.write(prepared, 'PUT')
    store.indexLag?.note(stored.type, stored.id)
    c.imported++
    const kind = flagged ? 'flagged' : 'success'
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
    serverError((err as Error).message)
  }
}
