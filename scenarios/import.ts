// Bulk import kick-offs polled to completion: job latency, resources/s end to end, and the time
// until an imported resource is searchable. MODE=fhir (default) posts `$import` with a manifest
// URL (MANIFEST_URL; `shoreline load --data` serves the dataset's NDJSON on loopback); MODE=healthlake
// calls StartFHIRImportJob on the control plane (CONTROL_URL, SigV4) with INPUT_URI, OUTPUT_URI,
// KMS_KEY_ID and ROLE_ARN.
import http from 'k6/http'
import { check, fail } from 'k6'
import { Trend } from 'k6/metrics'
import { setTimeout } from 'k6/timers'
import { authenticate, BASE, fhir, type Session } from './lib/fhir.ts'
import { ERROR_GUARD, profileScenario, slo } from './lib/profiles.ts'
import { sign } from './lib/sigv4.ts'

const jobTime = new Trend('import_job_duration', true)
const rate = new Trend('import_resources_per_s')
const searchable = new Trend('import_time_to_searchable', true)
const MODE = __ENV.MODE ?? 'fhir'

export const options = {
  scenarios: { import: profileScenario('default', { gracefulStop: '300s' }) },
  thresholds: { ...ERROR_GUARD, import_job_duration: [`p(95)<${slo(300000)}`], import_resources_per_s: ['avg>0'] },
}

export async function setup() {
  if (MODE === 'fhir' && !__ENV.MANIFEST_URL) throw new Error('MODE=fhir needs MANIFEST_URL (shoreline load --scenario import --data DIR serves one)')
  if (MODE === 'healthlake' && !(__ENV.INPUT_URI && __ENV.OUTPUT_URI && __ENV.ROLE_ARN))
    throw new Error('MODE=healthlake needs INPUT_URI, OUTPUT_URI and ROLE_ARN (and KMS_KEY_ID)')
  return { session: await authenticate() }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls a search for `probe` (Type/id) until it answers one match. */
async function untilSearchable(s: Session, probe: string, from: number) {
  if (!probe) return
  const [type, id] = probe.split('/')
  for (let i = 0; i < 300; i++) {
    const res = await fhir(s, 'GET', `${type}?_id=${id}&_summary=count`, 'import.probe')
    if (res.status === 200 && (res.json() as { total?: number }).total === 1) {
      searchable.add(Date.now() - from)
      return
    }
    await wait(100)
  }
}

async function viaFhir(s: Session) {
  const started = Date.now()
  const body = {
    resourceType: 'Parameters',
    parameter: [
      { name: 'manifestUrl', valueUrl: __ENV.MANIFEST_URL },
      { name: 'validationLevel', valueCode: __ENV.VALIDATION_LEVEL ?? 'structure-only' },
    ],
  }
  const kick = await fhir(s, 'POST', '$import', 'import.kickoff', body, { headers: { Prefer: 'respond-async' }, expected: [202] })
  if (!check(kick, { 'kick-off 202': (r) => r.status === 202 })) return
  const status = kick.headers['Content-Location']
  if (!status) fail('the kick-off answered 202 without Content-Location')
  for (let i = 0; i < 3000; i++) {
    const res = await fhir(s, 'GET', status, 'import.status', undefined, { headers: { Accept: 'application/json' }, expected: [200, 202] })
    if (res.status === 200) {
      const done = res.json() as { counters?: { imported?: number } }
      const seconds = (Date.now() - started) / 1000
      jobTime.add(seconds * 1000)
      check(done, { 'job completed': (d) => (d.counters?.imported ?? 0) > 0 })
      rate.add((done.counters?.imported ?? 0) / Math.max(seconds, 0.001))
      await untilSearchable(s, __ENV.PROBE ?? '', started)
      return
    }
    if (!check(res, { 'status 202 while running': (r) => r.status === 202 })) return
    await wait(Math.min(Math.max(Number(res.headers['Retry-After'] ?? 1) * 1000, 100), 5000))
  }
}

async function control(s: Session, target: string, input: unknown) {
  const url = __ENV.CONTROL_URL ?? BASE.replace(/\/datastore\/.*$/, '/')
  const body = JSON.stringify(input)
  const headers = { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `HealthLake.${target}`, ...(s.aws ? sign('POST', url, body, s.aws) : {}) }
  return http.asyncRequest('POST', url, body, { headers, tags: { name: `import.${target}` } })
}

async function viaHealthLake(s: Session) {
  const started = Date.now()
  const datastoreId = /\/datastore\/([^/]+)\//.exec(BASE)?.[1] ?? ''
  const start = await control(s, 'StartFHIRImportJob', {
    DatastoreId: datastoreId,
    InputDataConfig: { S3Uri: __ENV.INPUT_URI },
    JobOutputDataConfig: { S3Configuration: { S3Uri: __ENV.OUTPUT_URI, KmsKeyId: __ENV.KMS_KEY_ID ?? 'alias/aws/s3' } },
    DataAccessRoleArn: __ENV.ROLE_ARN,
    ValidationLevel: __ENV.VALIDATION_LEVEL ?? 'structure-only',
  })
  if (!check(start, { 'StartFHIRImportJob 200': (r) => r.status === 200 })) return
  const jobId = (start.json() as { JobId: string }).JobId
  for (let i = 0; i < 3000; i++) {
    await wait(1000)
    const d = await control(s, 'DescribeFHIRImportJob', { DatastoreId: datastoreId, JobId: jobId })
    if (d.status !== 200) continue
    const p = (d.json() as { ImportJobProperties: { JobStatus: string; JobProgressReport?: { TotalNumberOfResourcesImported?: number } } }).ImportJobProperties
    if (/^(COMPLETED|COMPLETED_WITH_ERRORS|FAILED|CANCEL_COMPLETED|CANCEL_FAILED)$/.test(p.JobStatus)) {
      const seconds = (Date.now() - started) / 1000
      jobTime.add(seconds * 1000)
      check(p, { 'job completed': (x) => x.JobStatus === 'COMPLETED' || x.JobStatus === 'COMPLETED_WITH_ERRORS' })
      rate.add((p.JobProgressReport?.TotalNumberOfResourcesImported ?? 0) / Math.max(seconds, 0.001))
      await untilSearchable(s, __ENV.PROBE ?? '', started)
      return
    }
  }
}

export default async function (d: { session: Session }) {
  if (MODE === 'healthlake') await viaHealthLake(d.session)
  else await viaFhir(d.session)
}
