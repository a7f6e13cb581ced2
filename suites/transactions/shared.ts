// The CRUD life of one Patient the TX checks share (create → read → update → stale update →
// history → delete → read), each step made once; and the helpers for Bundles. Everything created
// carries the run's tag and is deleted after the run.
import { nth, settled } from '../settle.js'
import { parseBody, type ParsedJson } from '../expect.js'
import { skip } from '../check.js'
import type { CheckContext } from '../context.js'
import { searchIds } from '../fhir.js'

export const HTTP = 'https://hl7.org/fhir/R4/http.html'
export const FHIR_JSON = { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' }

export function patientBody(ctx: CheckContext, extra: Record<string, unknown> = {}) {
  return ctx.tagged({
    resourceType: 'Patient',
    identifier: [{ system: 'https://shoreline.invalid/tx', value: ctx.runTag.code }],
    name: [{ family: 'Shoreline', given: ['Conformance'] }],
    gender: 'unknown',
    ...extra,
  })
}

/** POST Patient: the resource every TX check follows. */
export async function created(ctx: CheckContext): Promise<{ id: string; location: string; body: ParsedJson }> {
  const ex = await ctx.exchange('tx-create', 'POST', 'Patient', FHIR_JSON, { body: JSON.stringify(patientBody(ctx)) })
  if (ex.response?.status !== 201) skip(`the create answered ${ex.response?.status ?? ex.error} (TX-03)`)
  let body: ParsedJson
  try {
    body = parseBody(ex.response.body)
  } catch {
    body = undefined
  }
  const location = ex.response.headers.location ?? ''
  const id = body?.id ?? /Patient\/([^/]+)/.exec(location)?.[1]
  if (!id) skip('the create named no id (no body, no Location)')
  ctx.created.add(`Patient/${id}`)
  return { id, location, body }
}

/** GET the created Patient (made once; TX-01 judges the read, TX-32 its headers). */
export async function readCreated(ctx: CheckContext) {
  const { id } = await created(ctx)
  return { id, ex: await ctx.exchange('tx-read', 'GET', `Patient/${id}`) }
}

/** PUT the created Patient again with a change: version 2. */
export async function updated(ctx: CheckContext) {
  const { id } = await created(ctx)
  return ctx.exchange('tx-update', 'PUT', `Patient/${id}`, FHIR_JSON, { body: JSON.stringify(patientBody(ctx, { id, gender: 'other' })) })
}

export const TX_SYSTEM = 'https://shoreline.invalid/tx'

/**
 * An If-Match no server can have issued: an update carrying it fails on every server that honours
 * If-Match (TX-07), whatever it validates — the invalid entry TX-22 and TX-28 need.
 */
export const STALE = 'W/"shoreline-never-a-version"'

/** A Patient with its own identifier `<run>-<key>`, so a check's searches see only its own. */
export function marked(ctx: CheckContext, key: string, extra: Record<string, unknown> = {}) {
  return patientBody(ctx, { identifier: [{ system: TX_SYSTEM, value: `${ctx.runTag.code}-${key}` }], ...extra })
}

export const markerQuery = (ctx: CheckContext, key: string) => `identifier=${encodeURIComponent(`${TX_SYSTEM}|${ctx.runTag.code}-${key}`)}`

/** POST a Bundle to the base (made once per name); what it created is cleaned up after the run. */
export async function sendBundle(ctx: CheckContext, name: string, bundle: unknown, headers: Record<string, string> = {}) {
  const ex = await ctx.exchange(name, 'POST', '', { ...FHIR_JSON, ...headers }, { body: JSON.stringify(bundle) })
  let body: ParsedJson
  try {
    body = ex.response ? parseBody(ex.response.body) : undefined
  } catch {
    body = undefined
  }
  for (const e of body?.entry ?? []) {
    const m = /([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})/.exec(e?.response?.location ?? '')
    if (m && String(e.response.status).startsWith('201')) ctx.created.add(`${m[1]}/${m[2]}`)
  }
  return { ex, status: ex.response?.status, body }
}

/** Create one marked Patient (made once per key) and return its id, or skip. */
export async function createdMarked(ctx: CheckContext, key: string, extra: Record<string, unknown> = {}): Promise<string> {
  const ex = await ctx.exchange(`tx-create-${key}`, 'POST', 'Patient', FHIR_JSON, { body: JSON.stringify(marked(ctx, key, extra)) })
  if (ex.response?.status !== 201) skip(`the create answered ${ex.response?.status ?? ex.error} (TX-03)`)
  const id = /Patient\/([A-Za-z0-9\-.]{1,64})/.exec(ex.response.headers.location ?? '')?.[1] ?? (parseBody(ex.response.body) as { id?: string }).id
  if (!id) skip('the create named no id')
  ctx.created.add(`Patient/${id}`)
  return id
}

/** The ids a search by a check's marker finds now, across every page (fresh exchanges under `name`); each registered for clean-up. */
/**
 * The Patients carrying a marker. `settle`: the check expects at least one, so an empty answer is
 * asked again while search catches up with the write (suites/settle.ts).
 */
export async function markedIds(ctx: CheckContext, name: string, key: string, o: { settle?: boolean } = {}): Promise<string[]> {
  const ask = (n: number) => searchIds(ctx, nth(name, n), `Patient?${markerQuery(ctx, key)}`)
  const refs = o.settle ? await settled(ctx, ask, (r) => r.length > 0) : await ask(0)
  for (const ref of refs) ctx.created.add(ref)
  return refs.map((ref) => ref.slice(ref.indexOf('/') + 1))
}

export function isOutcome(body: string | undefined): boolean {
  try {
    return (parseBody(body ?? '') as { resourceType?: string }).resourceType === 'OperationOutcome'
  } catch {
    return false
  }
}

/**
 * The versionId a write answered with: the returned resource's meta.versionId, else its ETag
 * (W/"…"). Version ids are opaque strings (R4 Meta.versionId is an id); never compare them as numbers.
 */
export function writtenVersion(ex: { response?: { headers: Record<string, string>; body: string } }): string | undefined {
  if (!ex.response) return undefined
  let fromBody: unknown
  try {
    fromBody = (parseBody(ex.response.body) as { meta?: { versionId?: unknown } } | undefined)?.meta?.versionId
  } catch {
    fromBody = undefined
  }
  if (typeof fromBody === 'string') return fromBody
  return /^(?:W\/)?"([^"]+)"$/.exec(ex.response.headers.etag ?? '')?.[1]
}

/** The `Type/id` each entry of a transaction or batch response names in its Location (undefined where none). */
export function locatedRefs(body: ParsedJson): Array<string | undefined> {
  return ((body?.entry ?? []) as Array<{ response?: { location?: string } }>).map(
    (e) => /([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history|$)/.exec(e?.response?.location ?? '')?.[1],
  )
}
