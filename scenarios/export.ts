// Bulk export end to end: kick-off, status polled as Retry-After says, the manifest, every file
// downloaded — job time, bytes and MB/s per run.
import { check, fail } from 'k6'
import { Counter, Trend } from 'k6/metrics'
import { setTimeout } from 'k6/timers'
import { authenticate, fhir, type Session } from './lib/fhir.ts'
import { ERROR_GUARD, profileScenario, slo } from './lib/profiles.ts'

const jobTime = new Trend('export_job_duration', true)
const throughput = new Trend('export_mb_per_s')
const bytes = new Counter('export_bytes')
const TYPES = __ENV.EXPORT_TYPES ?? 'Patient,Observation'

export const options = {
  scenarios: { export: profileScenario('default', { gracefulStop: '120s' }) },
  thresholds: { ...ERROR_GUARD, export_job_duration: [`p(95)<${slo(120000)}`], export_bytes: ['count>0'] },
}

export async function setup() {
  return { session: await authenticate() }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

export default async function (d: { session: Session }) {
  const s = d.session
  const started = Date.now()
  const kick = await fhir(s, 'GET', `$export?_type=${TYPES}`, 'export.kickoff', undefined, { headers: { Prefer: 'respond-async' }, expected: [202] })
  if (!check(kick, { 'kick-off 202': (r) => r.status === 202 })) return
  const status = kick.headers['Content-Location']
  if (!status) fail('the kick-off answered 202 without Content-Location')
  let manifest: { output?: Array<{ url: string }> } | undefined
  for (let i = 0; i < 600; i++) {
    const res = await fhir(s, 'GET', status, 'export.status', undefined, { headers: { Accept: 'application/json' }, expected: [200, 202] })
    if (res.status === 200) {
      manifest = res.json() as typeof manifest
      break
    }
    if (res.status !== 202) break
    await wait(Math.min(Math.max(Number(res.headers['Retry-After'] ?? 1) * 1000, 100), 10_000))
  }
  if (!check(manifest, { 'manifest received': (m) => m !== undefined })) return
  let total = 0
  for (const file of manifest!.output ?? []) {
    const res = await fhir(s, 'GET', file.url, 'export.download', undefined, { headers: { Accept: 'application/fhir+ndjson' }, responseType: 'binary', timeout: '300s' })
    if (check(res, { 'file 200': (r) => r.status === 200 })) total += (res.body as ArrayBuffer).byteLength
  }
  const seconds = (Date.now() - started) / 1000
  jobTime.add(seconds * 1000)
  bytes.add(total)
  throughput.add(total / 1e6 / Math.max(seconds, 0.001))
}
