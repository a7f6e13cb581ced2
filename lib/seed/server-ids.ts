// Seeding a target that assigns every id itself (updateCreate false, or a PUT by id refused with
// 404/405). Resources go in transaction Bundles of POST entries with urn:uuid fullUrls; references
// to resources of the same Bundle use those urn:uuids, references to resources written earlier use
// the ids the target assigned. A resource whose reference points at something not yet written waits
// for a later Bundle. The target's ids are read from each entry's Location and mapped back to the
// generated ones; every generated resource carries its generated id as a urn:ietf:rfc:3986
// identifier, which also makes the creates conditional (If-None-Exist), so a second run finds
// instead of duplicating, and lets a later run rebuild the map from the target alone.
import { createHash, randomUUID } from 'node:crypto'
import type { TargetClient, TargetResponse } from '../target/client.js'
import { chunks, tierOf, type Dataset, type DatasetResource } from './dataset.js'
import { diagnostics } from './diagnostics.js'
import { hasElement } from '../validation/element-walk.js'
import type { ResourceError, SeedOptions, SeedOutcome } from './seed.js'

export const SOURCE_SYSTEM = 'urn:ietf:rfc:3986'

/** Generated `Type/id` → the id the target assigned. */
export type IdMap = Map<string, string>

type Json = Record<string, unknown>

interface Prepared {
  key: string
  type: string
  id: string
  resource: Json
  /** `Type/id` of every resource it references. */
  refs: string[]
}

const REF = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Does the target say (CapabilityStatement) that it refuses client-assigned ids? Unknown is no. */
export async function targetAssignsIds(client: TargetClient): Promise<{ assigns: boolean; conditionalCreate: Set<string> }> {
  const conditionalCreate = new Set<string>()
  let res: TargetResponse
  try {
    res = await client.request('GET', 'metadata', { headers: { accept: 'application/fhir+json' } })
  } catch {
    return { assigns: false, conditionalCreate }
  }
  if (res.status !== 200) return { assigns: false, conditionalCreate }
  let resources: Array<{ type?: unknown; updateCreate?: unknown; conditionalCreate?: unknown }> = []
  try {
    resources = res.json<{ rest?: Array<{ resource?: typeof resources }> }>().rest?.[0]?.resource ?? []
  } catch {
    return { assigns: false, conditionalCreate }
  }
  for (const r of resources) if (r.conditionalCreate === true && typeof r.type === 'string') conditionalCreate.add(r.type)
  const patient = resources.find((r) => r.type === 'Patient')
  return { assigns: patient?.updateCreate === false, conditionalCreate }
}

function referencesOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) referencesOf(v, out)
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string' && REF.test(v)) out.push(v)
      else referencesOf(v, out)
    }
  }
  return out
}

function rewrite(value: unknown, to: (ref: string) => string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, to))
  if (value && typeof value === 'object') {
    const out: Json = {}
    for (const [k, v] of Object.entries(value)) out[k] = k === 'reference' && typeof v === 'string' && REF.test(v) ? (to(v) ?? v) : rewrite(v, to)
    return out
  }
  return value
}

function prepare(r: DatasetResource): Prepared {
  const resource = JSON.parse(r.text) as Json
  return { key: `${r.type}/${r.id}`, type: r.type, id: r.id, resource, refs: referencesOf(resource) }
}

/**
 * The largest subset of `candidates` that can be written now: every reference resolves to the map
 * or to another member. The rest waits for a later Bundle.
 */
function writableNow(candidates: Prepared[], map: IdMap): { now: Prepared[]; later: Prepared[] } {
  let members = candidates
  for (;;) {
    const keys = new Set(members.map((c) => c.key))
    const next = members.filter((c) => c.refs.every((ref) => map.has(ref) || keys.has(ref)))
    if (next.length === members.length) break
    members = next
  }
  const keep = new Set(members)
  return { now: members, later: candidates.filter((c) => !keep.has(c)) }
}

/**
 * Within a dependency tier, types that point at others of the same tier come after them, so that
 * little has to wait: Location and PractitionerRole after Organization and Practitioner,
 * DiagnosticReport after Observation, MedicationRequest after Condition.
 */
const LATE_IN_TIER: Record<string, number> = { Location: 1, PractitionerRole: 2, DiagnosticReport: 1, MedicationRequest: 1 }

function inWritingOrder(ds: Dataset): Dataset {
  const files = [...ds.files].sort(
    (a, b) => tierOf(a.resourceType) - tierOf(b.resourceType) || (LATE_IN_TIER[a.resourceType] ?? 0) - (LATE_IN_TIER[b.resourceType] ?? 0) || (a.path < b.path ? -1 : 1),
  )
  return { ...ds, files }
}

const locationId = (type: string, location: string | undefined) => new RegExp(`(?:^|/)${type}/([A-Za-z0-9\\-.]{1,64})(?:/_history/|$)`).exec(location ?? '')?.[1]

/**
 * The search that finds a generated resource by its generated id: its urn:ietf:rfc:3986
 * identifier, or, for the few types R4 gives no identifier (Provenance), the same URI as a
 * meta.tag the generator puts there.
 */
export function sourceParam(type: string): 'identifier' | '_tag' {
  return hasElement(type, 'identifier') ? 'identifier' : '_tag'
}

function ifNoneExist(p: Prepared, conditional: Set<string>): string | undefined {
  return conditional.has(p.type) ? `${sourceParam(p.type)}=${encodeURIComponent(`${SOURCE_SYSTEM}|urn:uuid:${p.id}`)}` : undefined
}

/** Writes `group` as one transaction; on refusal, one create at a time. Fills `map`; returns the failures. */
async function writeGroup(client: TargetClient, group: Prepared[], map: IdMap, conditional: Set<string>, out: SeedOutcome): Promise<ResourceError[]> {
  const urn = new Map(group.map((p) => [p.key, `urn:uuid:${UUID.test(p.id) ? p.id : randomUUID()}`]))
  const entries = group.map((p) => {
    const { id: _generated, ...body } = rewrite(p.resource, (ref) => urn.get(ref) ?? (map.has(ref) ? `${ref.split('/')[0]}/${map.get(ref)}` : undefined)) as Json
    const cond = ifNoneExist(p, conditional)
    return { fullUrl: urn.get(p.key), resource: body, request: { method: 'POST', url: p.type, ...(cond ? { ifNoneExist: cond } : {}) } }
  })
  out.requests++
  // No return=minimal: the Locations in the response are how the target's ids are learnt.
  const res = await client.request('POST', '', { body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry: entries }), retry: conditional.size > 0 })
  if (res.status < 300) {
    let answered: Array<{ response?: { location?: string } }> = []
    try {
      answered = res.json<{ entry?: typeof answered }>().entry ?? []
    } catch {
      answered = []
    }
    const errors: ResourceError[] = []
    group.forEach((p, i) => {
      const id = locationId(p.type, answered[i]?.response?.location)
      if (id) map.set(p.key, id)
      else errors.push({ type: p.type, id: p.id, status: res.status, diagnostics: 'the transaction response names no Location for this entry' })
    })
    return errors
  }
  // One at a time, dependencies first: a bad resource fails alone, not its whole Bundle.
  const errors: ResourceError[] = []
  let rest = group
  while (rest.length) {
    const { now, later } = writableNow(rest, map)
    const ready = now.filter((p) => p.refs.every((ref) => map.has(ref)))
    if (ready.length === 0) {
      for (const p of rest) errors.push({ type: p.type, id: p.id, status: 0, diagnostics: `references ${p.refs.find((r) => !map.has(r))}, which could not be written` })
      break
    }
    for (const p of ready) {
      const { id: _generated, ...body } = rewrite(p.resource, (ref) => (map.has(ref) ? `${ref.split('/')[0]}/${map.get(ref)}` : undefined)) as Json
      const cond = ifNoneExist(p, conditional)
      out.requests++
      // Where the target makes creates idempotent (HealthLake), a key derived from the generated id makes the
      // POST safe to retry and to run again: a repeat answers 409 naming the original instead of duplicating.
      const key = client.config.idempotencyHeader
      const headers = { ...(cond ? { 'if-none-exist': cond } : {}), ...(key ? { [key]: keyFor(p.id) } : {}) }
      const one = await client.request('POST', p.type, { body: JSON.stringify(body), headers, retry: !!key })
      const done = one.status < 300 || (!!key && one.status === 409)
      const id = locationId(p.type, one.headers.location) ?? (one.status < 300 ? readId(one) : undefined)
      if (done && id) map.set(p.key, id)
      else errors.push({ type: p.type, id: p.id, status: one.status, diagnostics: one.status < 300 ? 'the create named no id' : diagnostics(one) })
    }
    rest = [...now.filter((p) => !ready.includes(p)), ...later].filter((p) => !map.has(p.key) && !errors.some((e) => e.type === p.type && e.id === p.id))
  }
  return errors
}

/** An idempotency key (a UUID) for a generated resource: its id when that is a UUID, else one derived from it. */
export function keyFor(id: string): string {
  if (UUID.test(id)) return id.toLowerCase()
  const h = createHash('sha256').update(`shoreline-idempotency:${id}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`
}

function readId(res: TargetResponse): string | undefined {
  try {
    const id = res.json<{ id?: unknown }>().id
    return typeof id === 'string' ? id : undefined
  } catch {
    return undefined
  }
}

/** Seeds `ds` into a target that assigns ids; returns the map from generated to assigned ids. */
export async function seedWithServerIds(client: TargetClient, ds: Dataset, o: SeedOptions, out: SeedOutcome, conditional: Set<string>): Promise<IdMap> {
  const map: IdMap = new Map()
  let pending: Prepared[] = []
  let processed = 0
  for await (const chunk of chunks(inWritingOrder(ds), o.bundleSize)) {
    if (o.signal?.aborted) break
    const { now, later } = writableNow([...pending, ...chunk.resources.map(prepare)], map)
    pending = later
    for (let i = 0; i < now.length; i += o.bundleSize) {
      const group = now.slice(i, i + o.bundleSize)
      const errors = await writeGroup(client, group, map, conditional, out)
      out.errors.push(...errors)
      out.written += group.length - errors.length
    }
    processed += chunk.resources.length
    o.onProgress?.(processed, ds.total, out.errors.length)
  }
  // What still waits references something that was never written.
  while (pending.length && !o.signal?.aborted) {
    const { now, later } = writableNow(pending, map)
    if (now.length === 0) {
      for (const p of later)
        out.errors.push({ type: p.type, id: p.id, status: 0, diagnostics: `references ${p.refs.find((r) => !map.has(r))}, which is not in the dataset or was not written` })
      break
    }
    const errors = await writeGroup(client, now, map, conditional, out)
    out.errors.push(...errors)
    out.written += now.length - errors.length
    pending = later
  }
  return map
}

/**
 * The map rebuilt from the target alone (`conform --no-seed`, `reconcile` after another run): each
 * generated resource is found by its urn:ietf:rfc:3986 identifier, 50 to a search.
 */
export async function idMapFromTarget(client: TargetClient, ds: Dataset, headers?: Record<string, string>): Promise<IdMap> {
  const map: IdMap = new Map()
  const byType = new Map<string, string[]>()
  for await (const chunk of chunks(ds, 1000)) for (const r of chunk.resources) byType.set(r.type, [...(byType.get(r.type) ?? []), r.id])
  for (const [type, ids] of byType) {
    for (let i = 0; i < ids.length; i += 50) {
      const slice = ids.slice(i, i + 50)
      const res = await client.request('GET', type, {
        query: {
          [sourceParam(type)]: slice.map((id) => `${SOURCE_SYSTEM}|urn:uuid:${id}`).join(','),
          _elements: sourceParam(type) === 'identifier' ? 'identifier' : 'meta',
          _count: '100',
        },
        headers,
      })
      if (res.status !== 200) continue
      for (const e of res.json<{
        entry?: Array<{ resource?: { id?: string; identifier?: Array<{ system?: string; value?: string }>; meta?: { tag?: Array<{ system?: string; code?: string }> } } }>
      }>().entry ?? []) {
        const source = (e.resource?.identifier?.find((x) => x.system === SOURCE_SYSTEM)?.value ?? e.resource?.meta?.tag?.find((x) => x.system === SOURCE_SYSTEM)?.code)?.replace(
          /^urn:uuid:/,
          '',
        )
        if (source && e.resource?.id) map.set(`${type}/${source}`, e.resource.id)
      }
    }
  }
  return map
}

/** A resource read from the target, its ids and references put back to the generated ones (to compare with what was generated). */
export function mappedBack(resource: Json, map: IdMap): Json {
  const back = new Map([...map].map(([key, id]) => [`${key.split('/')[0]}/${id}`, key]))
  const { id: _assigned, ...rest } = rewrite(resource, (ref) => back.get(ref)) as Json
  return rest
}
