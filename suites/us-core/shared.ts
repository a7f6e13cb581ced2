// What the us-core checks share: the US Core 6.1 server expectations (lib/us-core), the dataset's
// resources by the US Core profile they claim (a few of each, read back by US-01), and what the
// server returned claiming each profile in this run's reads and searches (validated by US-03).
import type { CheckContext } from '../context.js'
import { parseBody, readInputJson } from '../expect.js'
import { chunks, openDataset } from '../../lib/seed/dataset.js'
import { loaded } from '../search/ground-truth.js'
import { elementKeys, US_CORE_PROFILES, type UsCoreProfile } from '../../lib/us-core/index.js'
import { canonicalJson } from '../../lib/seed/reconcile.js'
import { mappedBack } from '../../lib/seed/server-ids.js'
import { shown } from '../check.js'
import type { IdMap } from '../../lib/seed/server-ids.js'

export const IG = 'https://hl7.org/fhir/us/core/STU6.1'
export const SERVER_CS = `${IG}/CapabilityStatement-us-core-server.html`
export const MUST_SUPPORT = `${IG}/must-support.html`

export type Json = Record<string, unknown>

/** The part of a profile's canonical URL a check id carries: us-core-observation-lab → observation-lab. */
export const slugOf = (url: string): string => url.slice(url.lastIndexOf('/') + 1).replace(/^us-core-/, '')

/** Resources of a profile read back per run (US-01). */
const PER_PROFILE = 5
/** Resources of a profile validated per run (US-03). */
export const VALIDATED_PER_PROFILE = 200

export interface Sample {
  /** `Type/id` as generated. */
  ref: string
  resource: Json
}

export interface Samples {
  byProfile: Map<string, Sample[]>
  idMap?: IdMap
}

const samplesOf = new WeakMap<CheckContext, Promise<Samples>>()
const returnedOf = new WeakMap<CheckContext, Map<string, Map<string, Json>>>()

/** The US Core profile a resource claims (its first `meta.profile` US Core knows), if any. */
export function claimed(resource: Json): string | undefined {
  const profiles = (resource.meta as { profile?: unknown } | undefined)?.profile
  return Array.isArray(profiles) ? profiles.map(String).find((p) => US_CORE_PROFILES[p.split('|')[0] ?? '']) : undefined
}

/** The dataset seeded (once per run) and the first few resources claiming each US Core profile. */
export function samples(ctx: CheckContext): Promise<Samples> {
  let p = samplesOf.get(ctx)
  if (!p) {
    p = (async () => {
      const data = await loaded(ctx)
      const byProfile = new Map<string, Sample[]>()
      for await (const c of chunks(openDataset(ctx.dataset ?? ''), 1000))
        for (const r of c.resources) {
          // Only lines that claim a profile are parsed.
          if (!r.text.includes('"profile"')) continue
          const resource = readInputJson<Json>(r.text, `${r.type}/${r.id} in the dataset`)
          const url = claimed(resource)
          if (!url) continue
          const list = byProfile.get(url) ?? []
          if (list.length < PER_PROFILE) list.push({ ref: `${r.type}/${r.id}`, resource })
          byProfile.set(url, list)
        }
      return { byProfile, ...(data.idMap ? { idMap: data.idMap } : {}) }
    })()
    samplesOf.set(ctx, p)
  }
  return p
}

/** Keeps what the server returned claiming a US Core profile, for US-03 (a few hundred per profile). */
export function noteReturned(ctx: CheckContext, resource: Json): void {
  const url = claimed(resource)
  if (!url || typeof resource.id !== 'string') return
  let all = returnedOf.get(ctx)
  if (!all) returnedOf.set(ctx, (all = new Map()))
  const kept = all.get(url) ?? new Map<string, Json>()
  if (kept.size < VALIDATED_PER_PROFILE) kept.set(`${String(resource.resourceType)}/${resource.id}`, resource)
  all.set(url, kept)
}

/** Every resource of a searchset page, for noteReturned. */
export function pageResources(body: string): Json[] {
  try {
    const b = parseBody<{ entry?: Array<{ resource?: Json }> }>(body)
    return (b.entry ?? []).map((e) => e.resource).filter((r): r is Json => Boolean(r && typeof r === 'object'))
  } catch {
    // a page that is not JSON: the search check says so
    return []
  }
}

/** What the server returned this run claiming `url`. */
export function returned(ctx: CheckContext, url: string): Json[] {
  return [...(returnedOf.get(ctx)?.get(url)?.values() ?? [])]
}

/** What the server returned differs from what was written in a must-support element, as lines (`verb`: read, found). */
export function mustSupportDiffs(profile: UsCoreProfile, ref: string, written: Json, got: Json, verb: string): string[] {
  const out: string[] = []
  // Elements the server owns (its id where it assigns one, meta) are never compared.
  for (const element of profile.mustSupport.filter((e) => e !== 'id' && e !== 'meta'))
    for (const key of new Set([...elementKeys(written, element), ...elementKeys(got, element)]))
      if (canonicalJson(written[key]) !== canonicalJson(got[key])) out.push(`${ref} \`${key}\`: wrote ${shown(written[key])}, ${verb} ${shown(got[key])}`)
  return out
}

/** A resource the server returned, with the target's ids and references mapped back to the dataset's. */
export function asGenerated(resource: Json, idMap: IdMap | undefined): { ref: string; resource: Json } {
  const type = String(resource.resourceType)
  const id = String(resource.id)
  if (!idMap) return { ref: `${type}/${id}`, resource }
  let back = generatedIds.get(idMap)
  if (!back) generatedIds.set(idMap, (back = new Map([...idMap].map(([key, assigned]) => [`${key.split('/')[0]}/${assigned}`, key]))))
  return { ref: back.get(`${type}/${id}`) ?? `${type}/?${id}`, resource: mappedBack(resource, idMap) }
}

const generatedIds = new WeakMap<IdMap, Map<string, string>>()

/** A sample read back by id (made once per run: US-01 judges it, US-03 validates what came). */
export interface ReadBack {
  sample: Sample
  status?: number
  error?: string
  /** What the server returned, ids and references mapped back to the dataset's. */
  read?: Json
}

/** Reads the dataset's resources claiming `url` (the first few) and keeps what came for US-03. */
export async function readBack(ctx: CheckContext, url: string, type: string): Promise<ReadBack[]> {
  const { byProfile, idMap } = await samples(ctx)
  const out: ReadBack[] = []
  for (const sample of byProfile.get(url) ?? []) {
    const id = idMap?.get(sample.ref) ?? sample.ref.slice(sample.ref.indexOf('/') + 1)
    const ex = await ctx.exchange(`us-read-${sample.ref}`, 'GET', `${type}/${id}`, { accept: 'application/fhir+json' })
    if (ex.response?.status !== 200) {
      out.push({ sample, ...(ex.response ? { status: ex.response.status } : { error: ex.error ?? 'no answer' }) })
      continue
    }
    const stored = parseBody<Json>(ex.response.body, `${type}/${id}`)
    noteReturned(ctx, stored)
    out.push({ sample, status: 200, read: asGenerated(stored, idMap).resource })
  }
  return out
}
