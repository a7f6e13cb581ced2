// The CRUD life of one Patient the TX checks share (create → read → update → stale update →
// history → delete → read), each step made once; and the helpers for Bundles. Everything created
// carries the run's tag and is deleted after the run.
import { skip } from '../check.js'
import type { CheckContext } from '../context.js'

export const HTTP = 'https://hl7.org/fhir/R4/http.html'
export const FHIR_JSON = { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' }

export function patientBody(ctx: CheckContext, extra: Record<string, unknown> = {}) {
  return ctx.tagged({ resourceType: 'Patient', identifier: [{ system: 'https://shoreline.invalid/tx', value: ctx.runTag.code }], name: [{ family: 'Shoreline', given: ['Conformance'] }], gender: 'unknown', ...extra })
}

/** POST Patient: the resource every TX check follows. */
export async function created(ctx: CheckContext): Promise<{ id: string; location: string; body: any }> {
  const ex = await ctx.exchange('tx-create', 'POST', 'Patient', FHIR_JSON, { body: JSON.stringify(patientBody(ctx)) })
  if (ex.response?.status !== 201) skip(`the create answered ${ex.response?.status ?? ex.error} (TX-03)`)
  let body: any
  try {
    body = JSON.parse(ex.response.body)
  } catch {
    body = undefined
  }
  const location = ex.response.headers.location ?? ''
  const id = body?.id ?? /Patient\/([^/]+)/.exec(location)?.[1]
  if (!id) skip('the create named no id (no body, no Location)')
  ctx.created.add(`Patient/${id}`)
  return { id, location, body }
}

/** PUT the created Patient again with a change: version 2. */
export async function updated(ctx: CheckContext) {
  const { id } = await created(ctx)
  return ctx.exchange('tx-update', 'PUT', `Patient/${id}`, FHIR_JSON, { body: JSON.stringify(patientBody(ctx, { id, gender: 'other' })) })
}
