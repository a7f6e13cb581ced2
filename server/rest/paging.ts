// Paging shared by search and history: offset links that keep every other parameter, and whole-
// number parameters (R4 search §3.1.1.5.6 and http §3.1.0.9).
import { badRequest } from '../../lib/outcomes.js'

/**
 * self/first/next/previous links that keep every other parameter (offset paging), or, with
 * `opaque`, links that carry the whole query as one opaque `_page` token (the cursor style of
 * servers whose paging URLs do not repeat the search).
 */
export function pageLinks(url: string, params: URLSearchParams, count: number, offset: number, hasNext: boolean, opaque = false) {
  const link = (o: number) => {
    const p = new URLSearchParams(params)
    p.set('_count', String(count))
    p.set('_offset', String(o))
    return opaque ? `${url}?_page=${Buffer.from(p.toString()).toString('base64url')}` : `${url}?${p}`
  }
  const links = [
    { relation: 'self', url: link(offset) },
    { relation: 'first', url: link(0) },
  ]
  if (hasNext) links.push({ relation: 'next', url: link(offset + count) })
  if (offset > 0) links.push({ relation: 'previous', url: link(Math.max(0, offset - count)) })
  return links
}

/** The search an opaque `_page` token stands for (cursor-paging), or the parameters as they came. */
export function unpage(params: URLSearchParams): URLSearchParams {
  const token = params.get('_page')
  if (token === null) return params
  if (!/^[A-Za-z0-9_-]{1,8000}$/.test(token)) throw badRequest('`_page` is not a page token this server issued')
  return new URLSearchParams(Buffer.from(token, 'base64url').toString('utf8'))
}

export function wholeParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name)
  if (v === null) return undefined
  const n = Number(v)
  if (!Number.isSafeInteger(n) || n < 0) throw badRequest(`\`${name}\` must be a whole number, got ${JSON.stringify(v)}`)
  return n
}
