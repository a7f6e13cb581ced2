// The search checks' own fixture: five Patients and two Observations written once per run with the
// run's tag, so every search adds `_tag=<run>` and knows the exact answer — completeness (every
// expected id, across all pages) and correctness (nothing else). Deleted after the run.
import { nth, settled } from '../settle.js'
import { parseBody } from '../expect.js'
import { expect, shown, skip } from '../check.js'
import type { CheckContext } from '../context.js'

export const SPEC = 'https://hl7.org/fhir/R4/search.html'
const FHIR_JSON = { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' }

const PATIENTS = [
  { key: 'smith', family: 'Smith', gender: 'female', birthDate: '1950-01-01' },
  { key: 'smithson', family: 'Smithson', gender: 'female', birthDate: '1960-06-15' },
  { key: 'jones', family: 'Jones', gender: 'female', birthDate: '1970-03-03' },
  { key: 'brown', family: 'Brown', gender: 'female', birthDate: '1980-12-31' },
  { key: 'green', family: 'Green', gender: 'male', birthDate: '1990-07-07' },
] as const

export type FixtureKey = (typeof PATIENTS)[number]['key'] | 'obs-hr' | 'obs-rr'

const cache = new WeakMap<CheckContext, Promise<Map<FixtureKey, string>>>()

/** The fixture's own tag (other writing checks share the run tag; searches must see only these). */
export const searchTag = (ctx: CheckContext) => ({ system: ctx.runTag.system, code: `${ctx.runTag.code}-search` })

function fixtureTagged(ctx: CheckContext, resource: Record<string, unknown>) {
  const r = ctx.tagged(resource)
  const meta = r.meta as { tag: unknown[] }
  return { ...r, meta: { ...meta, tag: [...meta.tag, searchTag(ctx)] } }
}

/** key → server id of every fixture resource (skip when the fixture cannot be written). */
export function fixture(ctx: CheckContext): Promise<Map<FixtureKey, string>> {
  let p = cache.get(ctx)
  if (!p) {
    p = (async () => {
      const entry = [
        ...PATIENTS.map((x) => ({
          fullUrl: `urn:uuid:${crypto.randomUUID()}`,
          resource: fixtureTagged(ctx, { resourceType: 'Patient', name: [{ family: x.family, given: ['Search'] }], gender: x.gender, birthDate: x.birthDate }),
          request: { method: 'POST', url: 'Patient' },
        })),
      ]
      const obs = (subject: string, code: string, when: string) => ({
        resource: fixtureTagged(ctx, {
          resourceType: 'Observation',
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code }] },
          subject: { reference: subject },
          effectiveDateTime: when,
        }),
        request: { method: 'POST', url: 'Observation' },
      })
      const [first, second] = entry
      if (!first || !second) skip('the search fixture needs two Patients')
      const hr = obs(first.fullUrl, '8867-4', '2023-06-01T10:00:00Z')
      // Only the heart rate carries a value (SE-11 :missing, SE-13 quantity).
      Object.assign(hr.resource, { valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' } })
      entry.push(hr as never, obs(second.fullUrl, '9279-1', '2025-02-01T10:00:00Z') as never)
      const ex = await ctx.exchange('search-fixture', 'POST', '', FHIR_JSON, { body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry }) })
      if (ex.response?.status !== 200) skip(`the search fixture could not be written (transaction answered ${ex.response?.status ?? ex.error})`)
      const locations: string[] = (parseBody(ex.response.body).entry ?? []).map((e: { response?: { location?: string } }) => e.response?.location ?? '')
      const keys: FixtureKey[] = [...PATIENTS.map((x) => x.key), 'obs-hr', 'obs-rr']
      const ids = new Map<FixtureKey, string>()
      keys.forEach((k, i) => {
        const m = /(Patient|Observation)\/([A-Za-z0-9\-.]{1,64})/.exec(locations[i] ?? '')
        if (m?.[2]) {
          ids.set(k, m[2])
          ctx.created.add(`${m[1]}/${m[2]}`)
        }
      })
      if (ids.size !== keys.length) skip('the fixture transaction did not name every created resource')
      // Search may index the fixture later (eventual consistency): wait, within --settle, until it all shows.
      const want = refsOf(ids, keys)
      const visible = async (n: number) => {
        const found: string[] = []
        for (const type of ['Patient', 'Observation']) {
          const mine = want.filter((r) => r.startsWith(`${type}/`)).map((r) => r.slice(type.length + 1))
          found.push(...(await search(ctx, nth(`search-fixture-visible-${type}`, n), `${type}?_id=${mine.join(',')}`)).ids)
        }
        return found
      }
      await settled(ctx, visible, (found) => found.length >= want.length)
      return ids
    })()
    cache.set(ctx, p)
  }
  return p
}

export interface Page {
  ids: string[]
  included: string[]
  total?: number
  next?: string
  status: number
}

/** One search (the run's tag added), as ids of matches and includes. */
export async function search(ctx: CheckContext, name: string, query: string): Promise<Page> {
  const sep = query.includes('?') ? '&' : '?'
  const tag = searchTag(ctx)
  const ex = await ctx.exchange(name, 'GET', `${query}${sep}_tag=${encodeURIComponent(`${tag.system}|${tag.code}`)}`)
  return pageOf(ex)
}

export function pageOf(ex: { response?: { status: number; body: string }; error?: string }): Page {
  if (!ex.response) skip(`the search failed: ${ex.error}`)
  if (ex.response.status !== 200) return { ids: [], included: [], status: ex.response.status }
  const b = parseBody(ex.response.body) as {
    total?: number
    link?: Array<{ relation: string; url: string }>
    entry?: Array<{ resource?: { resourceType?: string; id?: string }; search?: { mode?: string } }>
  }
  const entries = b.entry ?? []
  const ref = (e: (typeof entries)[number]) => `${e.resource?.resourceType}/${e.resource?.id}`
  return {
    status: 200,
    total: b.total,
    next: b.link?.find((l) => l.relation === 'next')?.url,
    ids: entries.filter((e) => (e.search?.mode ?? 'match') === 'match').map(ref),
    included: entries.filter((e) => e.search?.mode === 'include').map(ref),
  }
}

export const refs = (type: string, ids: Array<string | undefined>) => ids.map((id) => `${type}/${id}`).sort()

/** Every match of a search across its next links (at most 20 pages). */
export async function allPages(ctx: CheckContext, name: string, query: string): Promise<string[]> {
  const seen: string[] = []
  let page = await search(ctx, `${name}-0`, query)
  for (let i = 1; ; i++) {
    seen.push(...page.ids)
    if (!page.next || i > 20) return seen
    page = pageOf(await ctx.exchange(`${name}-${i}`, 'GET', page.next))
  }
}

/** The refs fixture keys stand for (Patient for people, Observation for obs-*). */
export function refsOf(f: Map<FixtureKey, string>, keys: FixtureKey[]): string[] {
  return keys.map((k) => `${k.startsWith('obs-') ? 'Observation' : 'Patient'}/${f.get(k)}`).sort()
}

/** Search (the fixture's tag added) and expect exactly these fixture resources: all of them, nothing else. */
export async function expectMatches(ctx: CheckContext, name: string, query: string, keys: FixtureKey[]): Promise<void> {
  const f = await fixture(ctx)
  const page = await search(ctx, name, query)
  expect(page.status === 200, `expected 200 for \`${query}\`, got ${page.status}`)
  const want = refsOf(f, keys)
  const got = [...page.ids].sort()
  expect(JSON.stringify(got) === JSON.stringify(want), `expected ${shown(want)} for \`${query}\`, got ${shown(got)}`)
}
