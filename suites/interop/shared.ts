// The app's view of the target: fhir-kit-client, the FHIR client library applications use, driven
// exactly as an application drives it. Shoreline's own client (undici, lib/target/) stays on every
// other path; here what matters is whether this library can consume what the server answers. Each
// library call is made once per run and recorded request by request, with the library's own error
// when it could not go on. The library sends through fetch with a dispatcher of ours, so every call
// is bounded in time and size like any other request of the run, and carries the run's credentials.
import type { Client } from 'fhir-kit-client'
import { Agent } from 'undici'
import type { CheckContext, RecordedExchange } from '../context.js'
import { skip } from '../check.js'
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../lib/target/client.js'
import { trustOf } from '../../lib/target/trust.js'

export const LIB = 'fhir-kit-client'
export const KIT = 'https://github.com/Vermonster/fhir-kit-client'
export const HTTP = 'https://hl7.org/fhir/R4/http.html'

type Library = typeof import('fhir-kit-client')
let library: Library | undefined
/** The library, loaded when the first interop check runs: a run without them (every other command, any --suite without interop) never loads it. */
export async function loadLibrary(): Promise<Library> {
  return (library ??= await import('fhir-kit-client'))
}

/** Request headers worth keeping in the record (never credentials or signatures). */
const KEPT = new Set(['accept', 'content-type', 'prefer', 'if-match', 'if-none-exist'])
/** Most of a response body kept in the record. */
const BODY_KEPT = 64 * 1024

type Request = (method: string, url: string, options?: Record<string, unknown>, body?: unknown) => Promise<Record<string, unknown>>

interface AppView {
  client: Client
  /** Exchanges of the library call in progress. */
  current: RecordedExchange[]
  /**
   * While set (IO-02), requests go without credentials, as an app's discovery goes before it has
   * any, and the CapabilityStatement and OpenID requests wait for the SMART one.
   */
  discovering: boolean
}

const views = new WeakMap<CheckContext, AppView>()
const calls = new WeakMap<CheckContext, Map<string, Promise<Called<unknown>>>>()

/** What a library call gave: its value, or the library's error (`status` when the server answered one). */
export interface Called<T> {
  value?: T
  error?: string
  status?: number
  /** The body of the error answer, as the library parsed it. */
  data?: unknown
  exchanges: RecordedExchange[]
}

/** Waits at most `ms` for `signal` to abort. */
function abortedWithin(signal: AbortSignal | null | undefined, ms: number): Promise<void> {
  if (!signal || signal.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
  })
}

/** The library's client for this run: the target's base, its headers and credentials, our timeouts. */
export async function appView(ctx: CheckContext): Promise<AppView> {
  const { Client, RESPONSE_KEY } = await loadLibrary()
  let view = views.get(ctx)
  if (view) return view
  const timeout = ctx.target.timeoutMs
  const agent = new Agent({
    connect: { timeout: Math.min(timeout, 10_000), ...trustOf(ctx.target) },
    headersTimeout: timeout,
    bodyTimeout: timeout,
    maxResponseSize: DEFAULT_MAX_RESPONSE_BYTES,
  })
  ctx.closers.push(() => agent.close())
  const sent = new Map<string, Record<string, string>>()
  const client = new Client({
    baseUrl: ctx.client.base,
    customHeaders: ctx.target.headers ?? {},
    requestOptions: { dispatcher: agent },
    // The run's credentials (a bearer token, or a SigV4 signature over the request as sent).
    requestSigner: async (url: string, init: RequestInit) => {
      const headers = new Headers(init.headers)
      const out = { method: init.method ?? 'GET', url: new URL(url), headers: Object.fromEntries(headers.entries()), body: typeof init.body === 'string' ? init.body : undefined }
      if (!v.discovering) await ctx.client.authorize(out)
      for (const [k, v] of Object.entries(out.headers)) headers.set(k, v)
      init.headers = headers
      sent.set(url, Object.fromEntries([...headers.entries()].filter(([k]) => KEPT.has(k))))
      // Bounded like every request of the run: a whole-request deadline (a target that drips a byte
      // at a time never trips the body timeout), and the run's stop (Ctrl-C, --max-duration).
      init.signal = AbortSignal.any([init.signal, AbortSignal.timeout(timeout), ctx.client.stopSignal].filter((x): x is AbortSignal => Boolean(x)))
      if (v.discovering && !url.endsWith('/.well-known/smart-configuration')) await abortedWithin(init.signal, 2000)
    },
  })
  const v: AppView = { client, current: [], discovering: false }
  const http = client.httpClient as unknown as { request: Request; expandUrl(u: string): string }
  const request: Request = http.request.bind(http)
  http.request = async (method, url, options = {}, body) => {
    const full = http.expandUrl(url)
    const started = performance.now()
    const rec: RecordedExchange = { name: `${LIB} ${method} ${full}`, request: { method, url: full } }
    v.current.push(rec)
    const answered = (status: number, headers: Headers | undefined, data: unknown) => {
      const text = typeof data === 'string' ? data : JSON.stringify(data ?? '')
      rec.response = { status, headers: headers ? Object.fromEntries(headers.entries()) : {}, body: text.slice(0, BODY_KEPT), durationMs: performance.now() - started }
    }
    try {
      const result = await request(method, url, options, body)
      const res = result[RESPONSE_KEY] as Response | undefined
      answered(res?.status ?? 200, res?.headers, result)
      return result
    } catch (err) {
      const e = err as { response?: { status: number; data: unknown }; config?: { headers?: Headers } }
      if (e.response) answered(e.response.status, e.config?.headers, e.response.data)
      else rec.error = libraryError(err)
      throw err
    } finally {
      rec.request.headers = sent.get(full) ?? {}
    }
  }
  view = v
  views.set(ctx, view)
  return view
}

/** The library's error as one line: its message, and the cause fetch gives (a refused connection, a timeout). */
export function libraryError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { message?: string; code?: string }; errors?: unknown[] }
  if (Array.isArray(e.errors) && e.errors.length) return e.errors.map(libraryError).join('; ')
  const cause = e.cause?.message ?? e.cause?.code
  return `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message ?? String(err)}${cause ? ` (${cause})` : ''}`
}

/**
 * Makes (once per run) a library call named `name` and records its requests. A rejected call is
 * an answer, not a crash: `error` holds the library's message, `status` the HTTP status it threw on.
 */
export async function call<T>(ctx: CheckContext, name: string, fn: (client: Client) => Promise<T>): Promise<Called<T>> {
  let made = calls.get(ctx)
  if (!made) calls.set(ctx, (made = new Map()))
  let p = made.get(name) as Promise<Called<T>> | undefined
  if (!p) {
    p = (async () => {
      const view = await appView(ctx)
      const exchanges: RecordedExchange[] = []
      view.current = exchanges
      try {
        return { value: await fn(view.client), exchanges }
      } catch (err) {
        const e = err as { response?: { status: number; data: unknown } }
        return { error: libraryError(err), ...(e.response ? { status: e.response.status, data: e.response.data } : {}), exchanges }
      } finally {
        exchanges.forEach((ex, i) => (ex.name = `${name}${exchanges.length > 1 ? `-${i + 1}` : ''}`))
      }
    })()
    made.set(name, p as Promise<Called<unknown>>)
  }
  const r = await p
  ctx.touched.push(...r.exchanges)
  return r
}

/** The HTTP answer behind a library result (status, headers), when the library kept it. */
export function responseOf(value: unknown): Response | undefined {
  return library && ((value as Record<string, unknown> | undefined)?.[library.RESPONSE_KEY] as Response | undefined)
}

/** What the library threw, and the body it threw on, for a message. */
export const failed = (r: Called<unknown>) => `${LIB} threw \`${r.error}\`${r.data !== undefined ? ` on ${shortJson(r.data)}` : ''}`

function shortJson(data: unknown): string {
  const text = typeof data === 'string' ? data : JSON.stringify(data)
  return `\`${text.length > 120 ? `${text.slice(0, 117)}…` : text}\``
}

/** A Patient the interop checks write, with the run's tag and an identifier of its own. */
export function appPatient(ctx: CheckContext, key: string, extra: Record<string, unknown> = {}) {
  return ctx.tagged({
    resourceType: 'Patient',
    identifier: [{ system: 'https://shoreline.invalid/interop', value: `${ctx.runTag.code}-${key}` }],
    name: [{ family: 'Interop', given: ['Shoreline', key] }],
    gender: 'unknown',
    ...extra,
  })
}

/** `Type/id` of a Location (or a Bundle entry's response.location), without the version part. */
export function refOf(location: string | null | undefined): { type: string; id: string; version?: string } | undefined {
  const m = /([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/([^/?#]+))?(?:[?#].*)?$/.exec(location ?? '')
  return m?.[1] && m[2] ? { type: m[1], id: m[2], ...(m[3] ? { version: m[3] } : {}) } : undefined
}

/** The Patient an app creates (IO-03), which the CRUD checks follow: its id and first version. */
export async function createdByApp(ctx: CheckContext): Promise<{ id: string; version?: string; called: Called<unknown> }> {
  const called = await call(ctx, 'io-create', (c) => c.create({ resourceType: 'Patient', body: appPatient(ctx, 'crud') }))
  const body = called.value as { id?: string; meta?: { versionId?: string } } | undefined
  const location = refOf(responseOf(called.value)?.headers.get('location'))
  const id = location?.id ?? body?.id
  if (id) ctx.created.add(`Patient/${id}`)
  if (called.error || !id) skip(`the app's create could not be made (IO-03): ${called.error ?? 'no id in Location or body'}`)
  const version = location?.version ?? body?.meta?.versionId
  return { id, ...(version ? { version } : {}), called }
}

/** The version a write answered with: the body's `meta.versionId`, else the ETag, else the Location. */
export function versionOf(value: unknown): string | undefined {
  const body = value as { meta?: { versionId?: string } } | undefined
  const res = responseOf(value)
  const etag = /^(?:W\/)?"([^"]+)"$/.exec(res?.headers.get('etag') ?? '')?.[1]
  return body?.meta?.versionId ?? etag ?? refOf(res?.headers.get('location'))?.version
}

/** A library call an earlier check made, if it made it. */
export async function made(ctx: CheckContext, name: string): Promise<Called<unknown> | undefined> {
  return calls.get(ctx)?.get(name)
}

/** The app's update of that Patient (IO-04; IO-05 and IO-07 need a second version too). */
export async function updatedByApp(ctx: CheckContext): Promise<Called<unknown>> {
  const { id } = await createdByApp(ctx)
  return call(ctx, 'io-update', (c) => c.update({ resourceType: 'Patient', id, body: appPatient(ctx, 'crud', { id, gender: 'other' }) }))
}
