// The typed helpers checks read responses with: a status expectation that says what came instead,
// and a search read across every page, matches only. (Bodies are read with `ex.json<T>()` or
// parseBody; no check parses JSON itself.)
import { expect, skip } from './expect.js'
import type { CheckContext, RecordedExchange } from './context.js'
import { parseBody, parseBodyIfJson } from './expect.js'

type Answered = RecordedExchange & { response: NonNullable<RecordedExchange['response']> }

/** The exchange was answered with one of `statuses`; otherwise an unmet expectation naming what came. */
export function expectStatus(ex: RecordedExchange, ...statuses: number[]): asserts ex is Answered {
  const got = ex.response ? `HTTP ${ex.response.status}${ex.response.body ? ` ${excerpt(ex.response.body)}` : ''}` : `no answer (${ex.error ?? 'unknown error'})`
  expect(ex.response && statuses.includes(ex.response.status), `expected HTTP ${statuses.join(' or ')} from \`${ex.name}\`, got ${got}`)
}

function excerpt(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim()
  return text.length > 120 ? `${text.slice(0, 117)}…` : text
}

interface SearchBundle {
  resourceType?: unknown
  link?: Array<{ relation?: string; url?: string }>
  entry?: Array<{ resource?: { resourceType?: string; id?: string }; search?: { mode?: string } }>
}

/**
 * Every match of a search, as `Type/id`, following each `next` link (at most `maxPages`): each page
 * must answer 200 with a Bundle; entries whose search.mode is include or outcome are left out.
 */
export async function searchIds(ctx: CheckContext, name: string, query: string, maxPages = 50): Promise<string[]> {
  const ids: string[] = []
  let url: string | undefined = query
  for (let i = 0; url; i++) {
    if (i >= maxPages) skip(`\`${query}\` has more than ${maxPages} pages`)
    const ex = await ctx.exchange(`${name}#${i}`, 'GET', url, { accept: 'application/fhir+json' })
    expectStatus(ex, 200)
    const bundle = parseBody<SearchBundle>(ex.response.body, `the \`${ex.name}\` response`)
    expect(bundle.resourceType === 'Bundle', `expected a Bundle from \`${query}\`, got ${JSON.stringify(bundle.resourceType ?? null)}`)
    for (const e of bundle.entry ?? []) if ((e.search?.mode ?? 'match') === 'match' && e.resource?.id) ids.push(`${e.resource.resourceType}/${e.resource.id}`)
    url = bundle.link?.find((l) => l.relation === 'next')?.url
  }
  return ids
}

/**
 * The id a create (201) gave a `type` resource: its body's `id`, else its Location's. The create
 * is recorded for clean-up; skips when the answer names no id.
 */
export function createdId(ctx: CheckContext, ex: RecordedExchange, type: string): string {
  let id = parseBodyIfJson<{ id?: string }>(ex.response?.body)?.id
  id ??= new RegExp(`${type}/([A-Za-z0-9\\-.]{1,64})`).exec(ex.response?.headers.location ?? '')?.[1]
  if (!id) skip(`the ${type} create named no id (no body, no Location)`)
  ctx.created.add(`${type}/${id}`)
  return id
}
