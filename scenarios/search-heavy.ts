// Search under load: the dataset's ground-truth queries (DATA_DIR), or a generic set without one,
// each request tagged with its query name.
import { check } from 'k6'
import { SharedArray } from 'k6/data'
import { authenticate, fhir, pick, type Session } from './lib/fhir.ts'
import { ERROR_GUARD, profileScenario, slo } from './lib/profiles.ts'

interface Query {
  name: string
  query: string
}

const GENERIC: Query[] = [
  { name: 'patient-gender', query: 'Patient?gender=female&_count=50' },
  { name: 'patient-birthdate', query: 'Patient?birthdate=ge1970-01-01&_count=50' },
  { name: 'observation-code', query: 'Observation?code=http://loinc.org|8867-4&_count=50' },
  { name: 'encounter-date', query: 'Encounter?date=ge2020-01-01&_count=50' },
]

/**
 * A ground-truth query as a request line carries it. The manifest writes values as they are
 * searched for (`Location?name=North Jamel Family Health`); a space or a character outside ASCII
 * is percent-encoded here (an HTTP client refuses the request otherwise), and what is already
 * percent-encoded is left as it is.
 */
const asSent = (query: string) => query.replace(/[^\x21-\x7e]|["<>\\^`{}]/gu, (c) => encodeURIComponent(c))

const queries = new SharedArray('queries', (): Query[] => {
  if (!__ENV.DATA_DIR) return GENERIC
  const m = JSON.parse(open(`${__ENV.DATA_DIR}/manifest.json`)) as { groundTruth?: Query[] }
  return (m.groundTruth ?? []).map((q) => ({ name: q.name, query: asSent(q.query) }))
})

export const options = {
  scenarios: { search: profileScenario() },
  thresholds: { ...ERROR_GUARD, http_req_duration: [`p(95)<${slo(1000)}`] },
}

export async function setup() {
  return { session: await authenticate() }
}

export default async function (d: { session: Session }) {
  const q = pick(queries as unknown as Query[])
  const res = await fhir(d.session, 'GET', q.query, `search:${q.name}`)
  check(res, { 'search 200': (r) => r.status === 200, 'a searchset': (r) => r.status === 200 && (r.json() as { type?: string }).type === 'searchset' })
}
