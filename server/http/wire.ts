// The wire: request bodies and headers, content negotiation, throttling, and errors turned into
// OperationOutcomes with their status (the one error boundary, STYLE.md 13).
import type { IncomingMessage } from 'node:http'
import { badRequest, outcome, OutcomeError } from '../../lib/outcomes.js'
import { SearchError } from '../search/query.js'
import type { Reply } from '../rest/types.js'
import type { Context } from './context.js'

/** A fixed one-second window: over the limit, 429 with Retry-After (as HealthLake throttles). */
export function throttle(ctx: Context) {
  const r = ctx.rateLimit
  if (!r) return
  const window = Math.floor(Date.now() / 1000)
  if (window !== r.window) {
    r.window = window
    r.used = 0
  }
  if (++r.used > r.perSecond) throw new OutcomeError(429, 'throttled', `ThrottlingException: over ${r.perSecond} requests per second`, { 'Retry-After': '1' })
}

/** token-json-body-accepted: a JSON object read as if it were the form. */
export function jsonForm(text: string): URLSearchParams {
  try {
    return new URLSearchParams(Object.entries(JSON.parse(text) as Record<string, unknown>).map(([k, v]) => [k, String(v)]))
  } catch {
    return new URLSearchParams()
  }
}

export function toReply(err: unknown): Reply {
  if (err instanceof OutcomeError) return { status: err.status, body: err.toOutcome(), headers: err.headers }
  if (err instanceof SearchError) return { status: err.status, body: outcome('invalid', err.message) }
  return { status: 500, body: outcome('exception', `internal error: ${(err as Error)?.message ?? String(err)}`) }
}

/** JSON only: application/fhir+json, application/json, or _format json; XML → 406. */
export function negotiate(req: IncomingMessage, url: URL) {
  const format = url.searchParams.get('_format')
  if (format && !/json/.test(format)) throw new OutcomeError(406, 'not-supported', `_format ${format} is not supported; this server speaks application/fhir+json`)
  const accept = req.headers.accept
  if (accept && !/json|\*\/\*/.test(accept)) throw new OutcomeError(406, 'not-supported', `Accept ${accept} is not supported; this server speaks application/fhir+json`)
}

export function lowerHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  return out
}

export async function readBody(req: IncomingMessage, max: number): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    // The rest of the body is never read, so the connection cannot be reused: close it.
    if (size > max) throw new OutcomeError(413, 'too-long', `request body over ${max} bytes`, { Connection: 'close' })
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Forms stay text (POST _search); everything else is JSON. */
export function parseBody(req: IncomingMessage, text: string): unknown {
  if (text === '') return undefined
  if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return text
  try {
    return JSON.parse(text)
  } catch (err) {
    throw badRequest(`body is not JSON: ${(err as Error).message}`)
  }
}
