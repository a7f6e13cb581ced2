// Transactions of 1, 10, 50 and 100 entries (a Patient and its Observations, linked by urn:uuid),
// one size after another: resources/s and latency per bundle size.
import { check } from 'k6'
import { Counter, Trend } from 'k6/metrics'
import { authenticate, cleanUp, fhir, tagged, type Session } from './lib/fhir.ts'
import { ERROR_GUARD, lengthS, profileScenario, slo } from './lib/profiles.ts'

const SIZES = [1, 10, 50, 100]
const resources = new Counter('tx_resources')
const duration = new Trend('tx_duration', true)
const slot = Math.max(1, Math.floor(lengthS() / SIZES.length))

export const options = {
  scenarios: Object.fromEntries(SIZES.map((n, i) => [`size_${n}`, profileScenario(`tx${n}`, { startTime: `${i * slot}s`, tags: { size: String(n) } }, slot)])),
  thresholds: {
    ...ERROR_GUARD,
    ...Object.fromEntries(SIZES.map((n) => [`tx_resources{size:${n}}`, ['count>0']])),
    'tx_duration{size:100}': [`p(95)<${slo(10000)}`],
  },
}

export async function setup() {
  return { session: await authenticate() }
}

function uuid(): string {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16)
  })
}

async function transaction(s: Session, size: number) {
  const patientUrl = `urn:uuid:${uuid()}`
  const entry: unknown[] = [
    { fullUrl: patientUrl, resource: tagged(s, { resourceType: 'Patient', name: [{ family: 'Transaction' }], gender: 'unknown' }), request: { method: 'POST', url: 'Patient' } },
  ]
  for (let i = 1; i < size; i++)
    entry.push({
      resource: tagged(s, {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
        subject: { reference: patientUrl },
        valueQuantity: { value: 60 + i, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
      }),
      request: { method: 'POST', url: 'Observation' },
    })
  const res = await fhir(s, 'POST', '', `transaction-${size}`, { resourceType: 'Bundle', type: 'transaction', entry }, { headers: { Prefer: 'return=minimal' }, timeout: '120s' })
  const ok = check(res, { 'transaction 200': (r) => r.status === 200 })
  duration.add(res.timings.duration, { size: String(size) })
  if (ok) resources.add(size, { size: String(size) })
}

export const tx1 = (d: { session: Session }) => transaction(d.session, 1)
export const tx10 = (d: { session: Session }) => transaction(d.session, 10)
export const tx50 = (d: { session: Session }) => transaction(d.session, 50)
export const tx100 = (d: { session: Session }) => transaction(d.session, 100)

export async function teardown(d: { session: Session }) {
  await cleanUp(d.session, 'Observation')
  await cleanUp(d.session, 'Patient')
}
