// The transaction IO-11 sends through fhir-kit-client (a Patient and an Observation about it, tied by
// a urn:uuid), made once per run; IO-12 searches what it wrote.
import { randomUUID } from 'node:crypto'
import type { CheckContext } from '../context.js'
import { appPatient, call, refOf, type Called } from './shared.js'

type Reply = { entry?: Array<{ response?: { status?: string; location?: string } }> }

export interface Written {
  called: Called<unknown>
  locations: Array<string | undefined>
  patient?: { type: string; id: string }
  observation?: { type: string; id: string }
}

export async function transactionWritten(ctx: CheckContext): Promise<Written> {
  const patient = `urn:uuid:${randomUUID()}`
  const body = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: patient, resource: appPatient(ctx, 'transaction'), request: { method: 'POST', url: 'Patient' } },
      {
        resource: ctx.tagged({
          resourceType: 'Observation',
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
          subject: { reference: patient },
          effectiveDateTime: '2024-05-01T09:30:00Z',
          valueQuantity: { value: 64, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
        }),
        request: { method: 'POST', url: 'Observation' },
      },
    ],
  }
  // Made once: the body (and its urn:uuid) of a later call would not be sent.
  const called = await call(ctx, 'io-transaction', (c) => c.transaction({ body }))
  const locations = ((called.value as Reply | undefined)?.entry ?? []).map((e) => e.response?.location)
  const [p, o] = locations.map(refOf)
  for (const ref of [p, o]) if (ref) ctx.created.add(`${ref.type}/${ref.id}`)
  return { called, locations, ...(p?.type === 'Patient' ? { patient: p } : {}), ...(o?.type === 'Observation' ? { observation: o } : {}) }
}
