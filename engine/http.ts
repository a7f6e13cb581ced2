// k6/http requests on undici: each VU with its own keep-alive connections (as in k6), k6's
// Response shape, timings, error codes (1000 + status for 4xx/5xx, 1050 timeout, 1212 refused),
// expected statuses and the per-request metric samples with k6's system tags.
import { Client } from 'undici'
import { trustOf } from '../lib/target/trust.js'
import { exchange, headerObject, rawHeader, type Exchange } from './http-exchange.js'
import type { Registry, Tags } from './metrics.js'
import type { VuView } from './k6/runtime.js'

export interface Expected {
  __expectedStatuses: Array<number | { min: number; max: number }>
}

const canonicalNames = new Map<string, string>()
/** `content-type` → `Content-Type` (k6's header case), remembered: responses repeat their names. */
function canonical(h: string): string {
  let c = canonicalNames.get(h)
  if (c === undefined) {
    c = h.replace(/(^|-)([a-z])/g, (_m, d: string, x: string) => d + x.toUpperCase())
    if (canonicalNames.size < 1000) canonicalNames.set(h, c)
  }
  return c
}

/** scheme://host:port and the path+query of a URL, without a URL object on the hot path. */
/**
 * The bytes undici writes for a request on a keep-alive HTTP/1.1 connection (client-h1.js): the
 * request line, host, connection, each header, content-length, the blank line and the body.
 */
function requestBytes(method: string, origin: string, path: string, headers: Record<string, string>, payload: string | Buffer | undefined): number {
  let n = method.length + path.length + 12 + 8 + (origin.length - origin.indexOf('//') - 2) + 24
  for (const k in headers) n += k.length + (headers[k] as string).length + 4
  const body = payload === undefined ? 0 : typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length
  if (body) n += 18 + String(body).length
  return n + 2 + body
}

/**
 * A GJSON path as k6's res.json(selector) reads it: `a.b`, `list.0`, `list.#` (the length) and
 * `list.#.key` (that key of every element that has it).
 */
function select(value: unknown, parts: string[]): unknown {
  let cur = value
  for (let i = 0; i < parts.length; i++) {
    const k = parts[i] as string
    if (k === '#') {
      if (!Array.isArray(cur)) return undefined
      if (i === parts.length - 1) return cur.length
      const rest = parts.slice(i + 1)
      return cur.map((x) => select(x, rest)).filter((x) => x !== undefined)
    }
    if (cur === null || typeof cur !== 'object') return undefined
    cur = Array.isArray(cur) ? (/^\d+$/.test(k) ? cur[Number(k)] : undefined) : (cur as Record<string, unknown>)[k]
  }
  return cur
}

/** Request headers as k6 shows them in res.request: canonical names (`Content-Type`). */
function canonicalHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const k in headers) out[canonical(k)] = headers[k] as string
  return out
}

function split(url: string): [origin: string, path: string] {
  const i = url.indexOf('/', url.indexOf('//') + 2)
  return i < 0 ? [url, '/'] : [url.slice(0, i), url.slice(i)]
}

export function parseDuration(v: unknown, label: string): number {
  if (typeof v === 'number') return v
  if (typeof v !== 'string') throw new Error(`${label}: ${JSON.stringify(v)} is not a duration`)
  let ms = 0
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g
  let m: RegExpExecArray | null
  let seen = ''
  while ((m = re.exec(v))) {
    ms += Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 3_600_000)
    seen += m[0]
  }
  if (!seen || seen !== v.replace(/\s/g, '')) throw new Error(`${label}: ${JSON.stringify(v)} is not a duration like "30s" or "1m30s"`)
  return ms
}

type RawHeaders = Record<string, string | string[] | undefined>

export class Response {
  status: number
  status_text: string
  /** The response headers as they came (lower-case names); canonical names made when a script reads them. */
  private readonly raw: RawHeaders | Buffer[]
  private canonicalized?: Record<string, string>
  get headers(): Record<string, string> {
    if (!this.canonicalized) {
      const out: Record<string, string> = {}
      const raw = Array.isArray(this.raw) ? headerObject(this.raw) : this.raw
      for (const k in raw) {
        const v = raw[k]
        if (v !== undefined) out[canonical(k)] = Array.isArray(v) ? v.join(', ') : v
      }
      this.canonicalized = out
    }
    return this.canonicalized
  }
  body: string | ArrayBuffer | null
  url: string
  error: string
  error_code: number
  proto = 'HTTP/1.1'
  remote_ip = ''
  remote_port = 0
  timings: Record<string, number>
  /** The request as sent; its header names made canonical only when a script reads them. */
  private readonly sent: { method: string; url: string; headers: Record<string, string>; body: string }
  private shown?: Response['request']
  private parsed?: unknown
  get request(): { method: string; url: string; headers: Record<string, string>; body: string } {
    return (this.shown ??= { ...this.sent, headers: canonicalHeaders(this.sent.headers) })
  }
  constructor(
    init: Omit<Response, 'json' | 'html' | 'proto' | 'remote_ip' | 'remote_port' | 'parsed' | 'request' | 'sent' | 'shown' | 'headers' | 'raw' | 'canonicalized'> & {
      request: Response['request']
      headers: RawHeaders | Buffer[]
    },
  ) {
    this.status = init.status
    this.status_text = init.status_text
    this.raw = init.headers
    this.body = init.body
    this.url = init.url
    this.error = init.error
    this.error_code = init.error_code
    this.timings = init.timings
    this.sent = init.request
  }
  json(selector?: string): unknown {
    if (this.parsed === undefined) {
      if (typeof this.body !== 'string') throw new Error('the response has no text body to parse as JSON (responseType is not text)')
      this.parsed = JSON.parse(this.body)
    }
    if (!selector) return this.parsed
    return select(this.parsed, selector.split('.'))
  }
  html(): never {
    throw new Error('Response.html() is not supported by the Shoreline engine')
  }
}

function isExpected(status: number, expected: Expected | null): boolean {
  if (!expected) return status >= 200 && status < 400
  return expected.__expectedStatuses.some((c) => (typeof c === 'number' ? c === status : status >= c.min && status <= c.max))
}

/** One VU's connections to one origin: a connection each (pipelining 1), and how many requests each carries now. */
interface OriginConnections {
  origin: string
  clients: Client[]
  inFlight: number[]
}

/** A VU's connections by origin; `last` spares the lookup when requests repeat an origin, as they do. */
interface VuConnections {
  last?: OriginConnections
  byOrigin: Map<string, OriginConnections>
}

export class HttpEngine {
  /**
   * Every connection any VU holds, to end them all at once. As in k6, a VU has its own connections
   * (so VUs never wait for each other's): one per origin, and up to `batchPerHost` when its requests
   * overlap (http.batch, Promise.all); beyond that, a request waits for one of them.
   */
  private readonly clients = new Set<Client>()
  private readonly perHost: number
  private callback: Expected | null = null
  /**
   * Set when the run is stopped (Ctrl-C, --max-duration): the connections are destroyed, which ends
   * every request in flight at once, and any later request is refused. (An AbortSignal per request
   * cost an event listener added and removed on every request.)
   */
  private stopped = false
  constructor(
    private readonly registry: Registry,
    private readonly o: { discardResponseBodies?: boolean; testTags?: Tags; batchPerHost?: number; timeoutMs?: number; ca?: string },
  ) {
    // k6's batchPerHost: 6 by default, 0 for no limit.
    const n = o.batchPerHost ?? 6
    this.perHost = n > 0 ? n : Infinity
  }

  /** Stops every request in flight and refuses new ones: the run is over, whatever the target is doing. */
  abort(): void {
    this.stopped = true
    for (const c of this.clients) c.destroy(new Error('the run was stopped')).catch(() => undefined)
  }

  /** The VU's connections to the URL's origin, and the URL's path. */
  private connectionsFor(vu: VuView, url: string): [OriginConnections, string] {
    if (this.stopped) throw new Error('the run was stopped')
    const mine = (vu.connections ??= { byOrigin: new Map() }) as VuConnections
    const last = mine.last
    if (last && url.startsWith(last.origin) && url.charCodeAt(last.origin.length) === 47 /* / */) return [last, url.slice(last.origin.length)]
    const [origin, path] = split(url)
    let c = mine.byOrigin.get(origin)
    if (!c) {
      if (!/^https?:\/\/[^/]+$/.test(origin)) throw new TypeError(`not an http(s) URL: ${origin}`)
      mine.byOrigin.set(origin, (c = { origin, clients: [], inFlight: [] }))
    }
    mine.last = c
    return [c, path]
  }

  /** An idle connection of the VU's to that origin, a new one while under batchPerHost, else the least busy. */
  private pick(c: OriginConnections): number {
    let least = -1
    for (let i = 0; i < c.clients.length; i++) {
      const n = c.inFlight[i] as number
      if (n === 0) return i
      if (least < 0 || n < (c.inFlight[least] as number)) least = i
    }
    if (c.clients.length < this.perHost || least < 0) {
      const client = new Client(c.origin, { keepAliveTimeout: 30_000, pipelining: 1, ...(this.o.ca ? { connect: trustOf(this.o) } : {}) })
      this.clients.add(client)
      c.clients.push(client)
      c.inFlight.push(0)
      return c.clients.length - 1
    }
    return least
  }

  setResponseCallback(cb: unknown) {
    this.callback = (cb as Expected | null) ?? null
  }

  async request(method: string, url: string, body: unknown, params: Record<string, unknown> | undefined, vu: VuView): Promise<Response> {
    const p = params ?? {}
    const headers: Record<string, string> = {}
    const given = p.headers as Record<string, unknown> | undefined
    if (given) for (const k in given) headers[k.toLowerCase()] = String(given[k])
    let payload: string | Buffer | undefined
    if (typeof body === 'string') payload = body
    else if (body instanceof ArrayBuffer) payload = Buffer.from(body)
    else if (body && typeof body === 'object') {
      payload = new URLSearchParams(Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, String(v)])).toString()
      headers['content-type'] ??= 'application/x-www-form-urlencoded'
    }
    const timeout = p.timeout === undefined ? (this.o.timeoutMs ?? 60_000) : parseDuration(p.timeout, 'params.timeout')
    const responseType = (p.responseType as string | undefined) ?? (this.o.discardResponseBodies ? 'none' : 'text')
    // Built by assignment, not spreads: this runs for every request.
    const tags: Tags = {}
    const testTags = this.o.testTags ?? {}
    for (const k in testTags) tags[k] = testTags[k] as string
    for (const k in vu.tags) tags[k] = vu.tags[k] as string
    const own = p.tags as Tags | undefined
    if (own) for (const k in own) tags[k] = own[k] as string
    tags.method = method
    tags.url = url
    tags.scenario = vu.scenario
    tags.proto = 'HTTP/1.1'
    if (tags.name === undefined) tags.name = url
    if (vu.groups.length) tags.group = `::${vu.groups.join('::')}`
    const expected = (p.responseCallback as Expected | null | undefined) === undefined ? this.callback : ((p.responseCallback as Expected | null) ?? null)
    const started = performance.now()
    let status = 0
    let resHeaders: RawHeaders | Buffer[] = {}
    let statusText = ''
    let text: string | ArrayBuffer | null = null
    let error = ''
    let errorCode = 0
    let headersAt = started
    let received = 0
    let sent = 0
    try {
      const [c, path] = this.connectionsFor(vu, url)
      const at = this.pick(c)
      sent = requestBytes(method, c.origin, path, headers, payload)
      let got: Exchange
      ;(c.inFlight[at] as number)++
      try {
        got = await exchange(
          c.clients[at] as Client,
          { method: method as never, path, headers, body: payload, headersTimeout: timeout, bodyTimeout: timeout },
          responseType !== 'none',
        )
      } finally {
        ;(c.inFlight[at] as number)--
      }
      headersAt = got.headersAt
      status = got.status
      statusText = got.statusText
      resHeaders = got.rawHeaders
      received = got.headBytes + got.bodyBytes
      const buf = got.body
      if (responseType === 'binary') text = buf ? (buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer) : new ArrayBuffer(0)
      else if (responseType !== 'none') text = buf ? buf.toString('utf8') : ''
      // As k6: an HTTP error status has its error_code (1000 + status) and no error text.
      if (status >= 400) errorCode = 1000 + status
    } catch (err) {
      // Stopped by the run, not answered by the target: no sample (it would charge the target with our stop).
      if (this.stopped)
        return new Response({
          status: 0,
          status_text: '',
          headers: {},
          body: null,
          url,
          error: 'request aborted: the run was stopped',
          error_code: 0,
          timings: ZERO_TIMINGS,
          request: { method, url, headers, body: typeof payload === 'string' ? payload : '' },
        })
      const e = err as { code?: string; message?: string; cause?: { code?: string } }
      const code = e.code ?? e.cause?.code ?? ''
      error = e.message ?? String(err)
      errorCode = /TIMEOUT/.test(code) ? 1050 : code === 'ECONNREFUSED' ? 1212 : code === 'ECONNRESET' ? 1220 : 1000
      resHeaders = {}
    }
    const done = performance.now()
    const timings = {
      blocked: 0,
      connecting: 0,
      tls_handshaking: 0,
      looking_up: 0,
      sending: 0,
      waiting: headersAt - started,
      receiving: done - headersAt,
      duration: done - started,
    }
    const ok = status !== 0 && isExpected(status, expected)
    tags.status = String(status)
    tags.expected_response = String(ok)
    if (errorCode) tags.error_code = String(errorCode)
    // Throttled: 429, or HealthLake's ThrottlingException (x-amzn-ErrorType) — counted per interaction in the report.
    const amzError = Array.isArray(resHeaders) ? rawHeader(resHeaders, 'x-amzn-errortype') : undefined
    const throttled = status === 429 || (amzError?.startsWith('ThrottlingException') ?? false)
    this.registry.http(tags, timings, !ok, sent, received, throttled)
    return new Response({
      status,
      status_text: status ? `${status} ${statusText}`.trimEnd() : '',
      headers: resHeaders,
      body: text,
      url,
      error,
      error_code: errorCode,
      timings,
      request: { method, url, headers, body: typeof payload === 'string' ? payload : '' },
    })
  }

  /** At the end of the run: connections dropped, and a request an interrupted iteration left hanging with them. */
  async close() {
    // A connection abort() destroyed already answers destroy() with an error: nothing is left to close.
    await Promise.all([...this.clients].map((c) => c.destroy().catch(() => undefined)))
  }
}

const ZERO_TIMINGS = { blocked: 0, connecting: 0, tls_handshaking: 0, looking_up: 0, sending: 0, waiting: 0, receiving: 0, duration: 0 }
