// Reconciliation: is every generated resource in the target? Counts per type by
// `_total=accurate&_count=1` (HealthLake does not take `_summary=count`) against the manifest; every id looked up (`_id` searches, 100 ids a request); a sample read in
// full and compared by a hash of canonical JSON without `meta`. Each resource ends up imported,
// rejected (with the reason the seed or import run recorded) or missing; missing > 0 fails, always.
import { createHash } from 'node:crypto'
import type { TargetClient } from '../target/client.js'
import { TargetUnreachableError } from '../errors.js'
import { chunks, type Dataset } from './dataset.js'
import { mappedBack, type IdMap } from './server-ids.js'

export interface ReconcileItem {
  type: string
  id: string
  status: 'imported' | 'rejected' | 'missing' | 'altered'
  reason?: string
}

export interface Reconciliation {
  byType: Record<string, { expected: number; imported: number; rejected: number; missing: number; counted?: number; altered?: number }>
  items: ReconcileItem[]
  missing: number
  rejected: number
  altered: number
  sampled: number
}

export interface ReconcileOptions {
  /** Resources refused by the run, `Type/id` → reason. */
  rejected: Map<string, string>
  /** Full reads per type compared by hash. */
  sample: number
  /** Eventually consistent targets: look again for missing ones until this many ms have passed. */
  settleMs?: number
  /** When the target assigned the ids: generated `Type/id` → its id (lib/seed/server-ids.ts). */
  idMap?: IdMap
}

export async function reconcile(client: TargetClient, ds: Dataset, o: ReconcileOptions): Promise<Reconciliation> {
  const byType: Reconciliation['byType'] = {}
  const expectedIds = new Map<string, string[]>()
  const texts = new Map<string, string>()
  const samples = new Map<string, Set<string>>()
  for await (const chunk of chunks(ds, 1000)) {
    for (const r of chunk.resources) {
      let ids = expectedIds.get(r.type)
      if (!ids) expectedIds.set(r.type, (ids = []))
      ids.push(r.id)
      // Deterministic spread: every k-th resource of its type, k from the manifest count.
      const k = Math.max(1, Math.floor((ds.counts[r.type] ?? 1) / Math.max(o.sample, 1)))
      if (o.sample > 0 && (ids.length - 1) % k === 0 && (samples.get(r.type)?.size ?? 0) < o.sample) {
        if (!samples.has(r.type)) samples.set(r.type, new Set())
        samples.get(r.type)!.add(r.id)
        texts.set(`${r.type}/${r.id}`, r.text)
      }
    }
  }
  const found = new Set<string>()
  // Generated id ↔ the target's id (the same unless the target assigned them).
  const assigned = (type: string, id: string) => (o.idMap ? o.idMap.get(`${type}/${id}`) : id)
  const generatedOf = new Map(o.idMap ? [...o.idMap].map(([key, id]) => [`${key.split('/')[0]}/${id}`, key]) : [])
  const lookUp = async (type: string, ids: string[]) => {
    for (let i = 0; i < ids.length; i += 100) {
      const slice = ids
        .slice(i, i + 100)
        .filter((id) => !found.has(`${type}/${id}`))
        .flatMap((id) => assigned(type, id) ?? [])
      if (slice.length === 0) continue
      const res = await client.request('GET', type, { query: { _id: slice.join(','), _elements: 'id', _count: '100' } })
      if (res.status !== 200)
        throw new TargetUnreachableError(
          `reconciliation: GET ${type}?_id=… answered HTTP ${res.status}${res.status === 401 || res.status === 403 ? ' (check --auth and --scope)' : ''}`,
        )
      for (const e of res.json<{ entry?: Array<{ resource?: { id?: string }; search?: { mode?: string } }> }>().entry ?? []) {
        if (e.resource?.id && e.search?.mode !== 'outcome')
          found.add(o.idMap ? (generatedOf.get(`${type}/${e.resource.id}`) ?? `${type}/?${e.resource.id}`) : `${type}/${e.resource.id}`)
      }
    }
  }
  for (const [type, ids] of expectedIds) await lookUp(type, ids)
  const deadline = Date.now() + (o.settleMs ?? 0)
  while (Date.now() < deadline && [...expectedIds].some(([t, ids]) => ids.some((id) => !found.has(`${t}/${id}`) && !o.rejected.has(`${t}/${id}`)))) {
    await new Promise((r) => setTimeout(r, 2000))
    for (const [type, ids] of expectedIds)
      await lookUp(
        type,
        ids.filter((id) => !o.rejected.has(`${type}/${id}`)),
      )
  }
  const items: ReconcileItem[] = []
  for (const [type, ids] of expectedIds) {
    const row = { expected: ids.length, imported: 0, rejected: 0, missing: 0, altered: 0 } as Reconciliation['byType'][string]
    for (const id of ids) {
      const key = `${type}/${id}`
      const reason = o.rejected.get(key)
      if (found.has(key)) {
        row.imported++
        items.push({ type, id, status: 'imported' })
      } else if (reason !== undefined) {
        row.rejected++
        items.push({ type, id, status: 'rejected', reason })
      } else {
        row.missing++
        items.push({ type, id, status: 'missing' })
      }
    }
    const count = await client.request('GET', type, { query: { _total: 'accurate', _count: '1' } })
    if (count.status === 200) row.counted = count.json<{ total?: number }>().total
    byType[type] = row
  }
  // Sampled full reads: what came back must be what was sent, `meta` aside.
  let sampled = 0
  const index = new Map(items.map((it, i) => [`${it.type}/${it.id}`, i]))
  for (const [type, ids] of samples) {
    for (const id of ids) {
      const key = `${type}/${id}`
      if (!found.has(key)) continue
      const res = await client.request('GET', `${type}/${assigned(type, id)}`)
      sampled++
      // With assigned ids, compared after the target's ids and references are mapped back to the generated ones.
      const stored = res.status === 200 ? (JSON.parse(res.text) as Record<string, unknown>) : undefined
      const generated = JSON.parse(texts.get(key)!) as Record<string, unknown>
      const same = stored && (o.idMap ? canonicalHash(mappedBack(stored, o.idMap)) === canonicalHash(withoutId(generated)) : canonicalHash(stored) === canonicalHash(generated))
      if (!same) {
        const it = items[index.get(key) ?? -1]
        if (it) {
          it.status = 'altered'
          it.reason = res.status === 200 ? 'the stored resource differs from the generated one (meta aside)' : `read answered HTTP ${res.status}`
        }
        const row = byType[type]
        if (row) {
          row.imported--
          row.altered = (row.altered ?? 0) + 1
        }
      }
    }
  }
  const sum = (k: 'missing' | 'rejected' | 'altered') => Object.values(byType).reduce((n, r) => n + (r[k] ?? 0), 0)
  return { byType, items, missing: sum('missing'), rejected: sum('rejected'), altered: sum('altered'), sampled }
}

function withoutId(resource: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = resource
  return rest
}

/**
 * What a data store adds to a resource on its own, which is no difference from what was written:
 * the results HealthLake's integrated NLP appends to a DocumentReference (integrating-nlp.html).
 */
const ADDED_BY_TARGET = ['http://healthlake.amazonaws.com/aws-cm/', 'http://healthlake.amazonaws.com/system-generated-resources/']

/** sha256 of the resource with `meta` (and what the target adds on its own) removed and keys sorted at every level. */
export function canonicalHash(resource: Record<string, unknown>): string {
  const { meta: _meta, ...rest } = resource
  if (Array.isArray(rest.extension)) {
    const own = (rest.extension as Array<{ url?: unknown }>).filter((e) => !ADDED_BY_TARGET.includes(String(e?.url)))
    if (own.length) rest.extension = own
    else delete rest.extension
  }
  return createHash('sha256').update(canonicalJson(rest)).digest('hex')
}

/** JSON with keys sorted at every level: equal values, equal text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(v)
}
