// HealthLake's $erase (developer guide, "Permanently Removing Resources with $erase"): POST
// [type]/[id]/$erase removes the resource and all its versions for good, as a job answered
// {jobId, jobStatus}; GET $erase/[jobId] reports it. Here the job is done by the time it answers.
import { randomBytes } from 'node:crypto'
import { notFound, OutcomeError } from '../../lib/outcomes.js'
import { granting } from '../../lib/smart-scopes.js'
import type { Store } from '../store/store.js'
import type { Env, FhirRequest, Reply } from './types.js'

interface EraseJob {
  jobId: string
  status: 'COMPLETED'
  submittedTime: string
  erased: string
}

const jobs = new WeakMap<Store, Map<string, EraseJob>>()

export function erase(env: Env, req: FhirRequest): Reply {
  const [type = '', id = ''] = req.parts
  if (req.access && granting(req.access.scopes, type, 'd').length === 0) throw new OutcomeError(403, 'forbidden', `no granted scope allows deleting ${type}`)
  if (!env.store.erase(type, id)) throw notFound(`${type}/${id}`)
  let m = jobs.get(env.store)
  if (!m) jobs.set(env.store, (m = new Map()))
  const job: EraseJob = { jobId: randomBytes(16).toString('hex'), status: 'COMPLETED', submittedTime: new Date().toISOString(), erased: `${type}/${id}` }
  m.set(job.jobId, job)
  return { status: 200, body: { jobId: job.jobId, jobStatus: 'SUBMITTED' } }
}

export function eraseStatus(env: Env, req: FhirRequest): Reply {
  const job = jobs.get(env.store)?.get(req.parts[1] ?? '')
  if (!job) throw notFound(`erase job ${req.parts[1] ?? ''}`)
  const datastoreId = /\/datastore\/([^/]+)\/r4\/$/.exec(env.base)?.[1]
  return { status: 200, body: { ...(datastoreId ? { datastoreId } : {}), jobId: job.jobId, status: job.status, submittedTime: job.submittedTime } }
}
