// Integrated NLP under a steady stream of notes: clinical notes written at NOTE_RATE a second (a
// constant arrival rate) for the run's length, each read back until the data store has enriched it
// (the http://healthlake.amazonaws.com/aws-cm/ extension) or ENRICH_TIMEOUT_S passes. Reports the
// time to enrichment (nlp_time_to_enrichment: p50, p95) and, second by second, the notes written and
// enriched (nlp_notes_written, nlp_notes_enriched): the backlog is their running difference.
// Notes come from a generated dataset (load --data, DATA_DIR: its nlp/notes.ndjson, read whole) or a built-in handful.
// A plain k6 script: it runs the same on k6 and k6-operator.
import { check } from 'k6'
import { SharedArray } from 'k6/data'
import { Counter, Trend } from 'k6/metrics'
import { setTimeout } from 'k6/timers'
import { b64encode } from 'k6/encoding'
import { authenticate, cleanUp, fhir, pick, type Session } from './lib/fhir.ts'
import { ERROR_GUARD, lengthS, slo } from './lib/profiles.ts'

const RATE = Number(__ENV.NOTE_RATE ?? 2)
const TIMEOUT_S = Number(__ENV.ENRICH_TIMEOUT_S ?? 120)
if (!(RATE > 0 && TIMEOUT_S > 0)) throw new Error(`NOTE_RATE and ENRICH_TIMEOUT_S must be positive numbers, got ${__ENV.NOTE_RATE} and ${__ENV.ENRICH_TIMEOUT_S}`)
const AWS_CM = 'http://healthlake.amazonaws.com/aws-cm/'

const timeToEnrichment = new Trend('nlp_time_to_enrichment', true)
const written = new Counter('nlp_notes_written')
const enriched = new Counter('nlp_notes_enriched')
const notEnriched = new Counter('nlp_notes_not_enriched')

const BUILT_IN = [
  'Progress note\nHPI: 61-year-old man with HTN and T2DM here for follow-up. Denies chest pain or SOB.\nMeds: lisinopril 10 mg daily, metformin 500 mg ER twice daily.\nA/P: 1. Hypertension: continue lisinopril. 2. Type 2 diabetes: continue metformin.\n',
  'Progress note\nHPI: 7-year-old girl presenting with 3 days of ear pain and fever. No vomiting.\nExam: bulging, erythematous right tympanic membrane.\nA/P: Acute otitis media. Start amoxicillin 400 mg/5 mL suspension. Return if shortness of breath develops.\n',
  'History and physical note\nHPI: 45-year-old woman here for an annual physical. Feels well.\nFH: mother with breast cancer.\nVitals: BP 118/76 mmHg, HR 70 /min.\nA/P: Routine health maintenance; screening mammogram ordered.\n',
]
const notes = new SharedArray('notes', () => {
  if (!__ENV.DATA_DIR) return BUILT_IN
  let text: string
  try {
    text = open(`${__ENV.DATA_DIR}/nlp/notes.ndjson`)
  } catch {
    // A dataset made before notes were annotated, or only its manifest mounted (k6-operator's ConfigMap).
    return BUILT_IN
  }
  return text
    .split('\n')
    .filter(Boolean)
    .slice(0, 2000)
    .map((l) => (JSON.parse(l) as { text: string }).text)
})

const length = Math.max(5, Math.round(lengthS()))
export const options = {
  scenarios: {
    notes: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: `${length}s`,
      // Each VU holds one note from its write until it is enriched: enough VUs for the rate times the wait.
      preAllocatedVUs: Math.max(2, Math.ceil(RATE * 5)),
      maxVUs: Math.max(10, Math.ceil(RATE * Math.min(TIMEOUT_S, 60))),
      gracefulStop: `${TIMEOUT_S + 5}s`,
    },
  },
  thresholds: {
    ...ERROR_GUARD,
    nlp_time_to_enrichment: [`p(95)<${slo(60000)}`],
    nlp_notes_not_enriched: ['count<1'],
  },
}

export async function setup(): Promise<{ session: Session }> {
  return { session: await authenticate() }
}

export async function teardown(d: { session: Session }) {
  await cleanUp(d.session, 'DocumentReference')
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

export default async function (d: { session: Session }) {
  const s = d.session
  const note = {
    resourceType: 'DocumentReference',
    status: 'current',
    meta: { tag: [s.tag] },
    content: [{ attachment: { contentType: 'text/plain', data: b64encode(pick(notes as unknown as string[])) } }],
  }
  // Timed from the moment the note is sent: enrichment cannot come sooner than the service's delay
  // after the write, whatever the write's own round trip took.
  const started = Date.now()
  const res = await fhir(s, 'POST', 'DocumentReference', 'nlp.write', note, { expected: [201] })
  if (!check(res, { 'note created': (r) => r.status === 201 })) return
  const id = /DocumentReference\/([^/]+)/.exec(String(res.headers['Location'] ?? ''))?.[1]
  if (!check(id, { 'Location names the note': (x) => !!x })) return
  written.add(1)
  for (let pause = 100; Date.now() - started < TIMEOUT_S * 1000; pause = Math.min(2000, Math.round(pause * 1.5))) {
    await wait(pause)
    const read = await fhir(s, 'GET', `DocumentReference/${id}`, 'nlp.read')
    if (read.status !== 200) continue
    const ext = (read.json() as { extension?: Array<{ url?: string }> }).extension ?? []
    if (ext.some((e) => e.url === AWS_CM)) {
      timeToEnrichment.add(Date.now() - started)
      enriched.add(1)
      return
    }
  }
  notEnriched.add(1)
}
