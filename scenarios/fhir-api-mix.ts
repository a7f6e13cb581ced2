// The FHIR API under a realistic mix: reads, searches, creates, updates and history over the
// dataset's patients (DATA_DIR; without it, patients created in setup), with an SLO per interaction.
import { check } from 'k6'
import { SharedArray } from 'k6/data'
import { authenticate, cleanUp, datasetPatients, fhir, ownPatients, pick, tagged, type Session } from './lib/fhir.ts'
import { ERROR_GUARD, profileScenario, slo } from './lib/profiles.ts'

const patients = new SharedArray('patients', () => datasetPatients(open))

export const options = {
  scenarios: { mix: profileScenario() },
  thresholds: {
    ...ERROR_GUARD,
    'http_req_duration{name:Patient.read}': [`p(95)<${slo(300)}`],
    'http_req_duration{name:Observation.search}': [`p(95)<${slo(800)}`],
    'http_req_duration{name:Observation.create}': [`p(95)<${slo(500)}`],
    'http_req_duration{name:Observation.update}': [`p(95)<${slo(500)}`],
    'http_req_duration{name:Patient.history}': [`p(95)<${slo(500)}`],
  },
}

interface Data {
  session: Session
  ids: string[]
}

export async function setup(): Promise<Data> {
  const session = await authenticate()
  if (patients.length) return { session, ids: [] }
  // No dataset: a small pool of Patients of our own, deleted in teardown.
  return { session, ids: await ownPatients(session, 10, 'Load') }
}

let lastObservation: Record<string, unknown> | undefined

export default async function (d: Data) {
  const s = d.session
  const patient = pick(patients.length ? (patients as unknown as string[]) : d.ids)
  const r = Math.random()
  if (r < 0.4) {
    const res = await fhir(s, 'GET', `Patient/${patient}`, 'Patient.read')
    check(res, { 'read 200': (x) => x.status === 200 })
  } else if (r < 0.65) {
    const res = await fhir(s, 'GET', `Observation?patient=Patient/${patient}&_count=20`, 'Observation.search')
    check(res, { 'search 200': (x) => x.status === 200 })
  } else if (r < 0.8 || !lastObservation) {
    const obs = tagged(s, {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: `Patient/${patient}` },
      effectiveDateTime: new Date().toISOString(),
      valueQuantity: { value: 60 + Math.round(Math.random() * 40), unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
    })
    const res = await fhir(s, 'POST', 'Observation', 'Observation.create', obs)
    if (check(res, { 'create 201': (x) => x.status === 201 })) lastObservation = res.json() as Record<string, unknown>
  } else if (r < 0.9) {
    const obs: Record<string, unknown> = { ...lastObservation, valueQuantity: { value: 70, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' } }
    const res = await fhir(s, 'PUT', `Observation/${obs.id}`, 'Observation.update', obs)
    check(res, { 'update 200': (x) => x.status === 200 })
  } else {
    const res = await fhir(s, 'GET', `Patient/${patient}/_history?_count=10`, 'Patient.history')
    check(res, { 'history 200': (x) => x.status === 200 })
  }
}

export async function teardown(d: Data) {
  await cleanUp(d.session, 'Observation')
  await cleanUp(d.session, 'Patient')
}
