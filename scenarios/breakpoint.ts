// Capacity: a read-mostly FHIR workload (Patient reads, Observation searches) at an arrival rate
// that ramps from START_RATE to TARGET_RATE requests per second over the run, stopping itself as
// soon as the p95 SLO or the error budget breaks (abortOnFail). Shoreline reports the highest rate
// the target sustained while meeting the SLO (results.json summary.capacityReqPerS) — the figure a
// release manager asks for. A plain k6 script: it runs the same on k6 and k6-operator.
import { check } from 'k6'
import { SharedArray } from 'k6/data'
import { authenticate, cleanUp, datasetPatients, fhir, ownPatients, pick, type Session } from './lib/fhir.ts'
import { lengthS, slo } from './lib/profiles.ts'

const patients = new SharedArray('patients', () => datasetPatients(open))
const START = Number(__ENV.START_RATE ?? 10)
const TARGET = Number(__ENV.TARGET_RATE ?? 2000)
if (!(START > 0 && TARGET > START)) throw new Error(`START_RATE and TARGET_RATE must be rates with START_RATE < TARGET_RATE, got ${START} and ${TARGET}`)

export const options = {
  scenarios: {
    ramp: {
      executor: 'ramping-arrival-rate',
      startRate: START,
      timeUnit: '1s',
      preAllocatedVUs: Number(__ENV.VUS ?? 20),
      maxVUs: Number(__ENV.MAX_VUS ?? 400),
      stages: [{ duration: `${Math.max(5, Math.round(lengthS()))}s`, target: TARGET }],
      gracefulStop: '5s',
    },
  },
  thresholds: {
    // The SLO that defines capacity; crossing it (over the run so far) ends the run.
    http_req_duration: [{ threshold: `p(95)<${slo(500)}`, abortOnFail: true, delayAbortEval: '5s' }],
    http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true, delayAbortEval: '5s' }],
  },
}

interface Data {
  session: Session
  ids: string[]
}

export async function setup(): Promise<Data> {
  const session = await authenticate()
  if (patients.length) return { session, ids: [] }
  return { session, ids: await ownPatients(session, 5, 'Capacity') }
}

export async function teardown(d: Data) {
  if (d.ids.length) await cleanUp(d.session, 'Patient')
}

export default async function (d: Data) {
  const id = pick(d.ids.length ? d.ids : (patients as unknown as string[]))
  // Four reads to one search: the shape of an app's traffic.
  if (Math.random() < 0.8) {
    const r = await fhir(d.session, 'GET', `Patient/${id}`, 'Patient.read')
    check(r, { 'read 200': (x) => x.status === 200 })
  } else {
    const r = await fhir(d.session, 'GET', `Observation?patient=Patient/${id}&_count=20`, 'Observation.search')
    check(r, { 'search 200': (x) => x.status === 200 })
  }
}
