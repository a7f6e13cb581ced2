// The HTTP client every part of Shoreline talks to a target with: undici (not fetch: a tenth of
// the CPU per request), connect/header/body timeouts, a response size cap, at most 3 redirects,
// and retries only where safe — 429/503 (and HealthLake's ThrottlingException) honouring
// Retry-After, else exponential backoff with full jitter — for idempotent requests or those the
// caller marks retryable. Every exchange can be recorded, with secrets redacted.
import { Agent, interceptors, request as undiciRequest, type Dispatcher } from 'undici'
import { redactValue } from '../redact.js'
import { TargetReplyError, TargetUnreachableError } from '../errors.js'
import { pause, stoppedBy } from '../run-control.js'
import { authClient, type AuthClient, type OutgoingRequest } from './auth.js'
import type { TargetConfig } from './config.js'
import { trustOf } from './trust.js'

export interface TargetResponse {
  status: number
  headers: Record<string, string>
  text: string
  json<T = unknown>(): T
  /** Attempts it took (1 = no retry). */
  attempts: number
}

export interface Exchange {
  method: string
  url: string
  status: number
  ms: number
  attempts: number
  requestHeaders: Record<string, string>
  responseHeaders: Record<string, string>
}

export interface RequestOptions {
  query?: Record<string, string> | URLSearchParams
  headers?: Record<string, string>
  body?: string | Buffer | object
  /** Retry on throttling even though the method is not idempotent (e.g. a Bundle of PUTs). */
  retry?: boolean
  /** Send without the target's credentials (token endpoint calls, negative checks). */
  noAuth?: boolean
  /** Answer a redirect instead of following it (an authorization endpoint's reply is the redirect). */
  noRedirect?: boolean
  /** A larger answer than the target's cap is expected here (a bulk export file). */
  maxBytes?: number
}

export interface ClientOptions {
  maxResponseBytes?: number
  maxAttempts?: number
  /** Backoff base and cap, ms. */
  backoffMs?: number
  backoffCapMs?: number
  onExchange?: (e: Exchange) => void
  /** Called before each retry (counting, progress). */
  onRetry?: (status: number, delayMs: number) => void
  connections?: number
  /** The run's stop signal (Ctrl-C, --max-duration; lib/run-control.ts): aborts requests in flight and waits. */
  signal?: AbortSignal
}

/** The largest answer read by default: far above any FHIR page, small enough that a target sending gigabytes cannot exhaust memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])
const RETRY_STATUS = new Set([429, 503])
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308])

export class TargetClient {
  readonly base: string
  private readonly agent: Dispatcher
  private readonly auth: AuthClient
  retries = 0
  /** Until when requests hold back after the target throttled one (ms since the epoch). */
  private heldUntil = 0

  constructor(
    readonly config: TargetConfig,
    private readonly o: ClientOptions = {},
  ) {
    this.base = config.url
    this.agent = new Agent({
      connect: { timeout: Math.min(config.timeoutMs, 10_000), ...trustOf(config) },
      connections: o.connections ?? 32,
      headersTimeout: config.timeoutMs,
      bodyTimeout: config.timeoutMs,
    }).compose(interceptors.redirect({ maxRedirections: 3 }))
    this.auth = authClient(
      config.auth,
      this.base,
      async (url, form, headers) => {
        const r = await this.raw('POST', new URL(url), headers, form.toString())
        return { status: r.status, text: r.text, json: () => JSON.parse(r.text) }
      },
      async (url) => {
        const r = await this.raw('GET', new URL(url), { accept: 'application/json' })
        return { status: r.status, json: () => JSON.parse(r.text) }
      },
    )
  }

  /** The Authorization header this client would send now (a fresh or cached token), if any. */
  async authorization(): Promise<string | undefined> {
    const out: OutgoingRequest = { method: 'GET', url: new URL('metadata', this.base), headers: {} }
    await this.auth.apply(out)
    return out.headers.authorization
  }

  /** The run's stop signal (Ctrl-C, --max-duration), for requests another HTTP client sends on the run's behalf. */
  get stopSignal(): AbortSignal | undefined {
    return this.o.signal
  }

  /**
   * Puts this client's credentials on a request another HTTP client will send (a bearer token, or
   * a SigV4 signature over the method, URL, headers and body): the interop suite's fhir-kit-client.
   */
  async authorize(req: OutgoingRequest): Promise<void> {
    await this.auth.apply(req)
  }

  /** `path` is relative to the FHIR base (or an absolute URL). */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<TargetResponse> {
    const url = new URL(path, this.base)
    if (opts.query) for (const [k, v] of opts.query instanceof URLSearchParams ? opts.query : Object.entries(opts.query)) url.searchParams.append(k, v)
    const body = opts.body === undefined ? undefined : typeof opts.body === 'string' || Buffer.isBuffer(opts.body) ? opts.body : JSON.stringify(opts.body)
    const retryable = opts.retry ?? IDEMPOTENT.has(method)
    const max = this.o.maxAttempts ?? 8
    let reauthorised = false
    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = {
        accept: 'application/fhir+json',
        ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
        ...(this.config.headers ?? {}),
        ...lower(opts.headers ?? {}),
      }
      const out: OutgoingRequest = { method, url, headers, body }
      if (!opts.noAuth) await this.auth.apply(out)
      // The target throttled one of this client's requests: every other request holds back too (with
      // a random part, so they do not all return at once), as the AWS SDKs' adaptive mode does. Else
      // requests already in flight take the freed capacity each time and a throttled one waits again
      // and again until its attempts run out (a seed against a 4-per-second target lost Bundles so).
      const held = this.heldUntil - Date.now()
      if (held > 0) await pause(held + Math.random() * Math.min(held, this.o.backoffMs ?? 200), this.o.signal)
      const started = performance.now()
      let res: { status: number; headers: Record<string, string>; text: string }
      try {
        res = await this.raw(method, url, out.headers, body, opts.noRedirect, opts.maxBytes)
      } catch (err) {
        // A dropped connection: tried three times in all (as the AWS SDKs do), throttling up to maxAttempts.
        // The usual cause is a pooled connection the target closed while it sat idle: the first retry
        // goes at once (on a fresh connection), the next after a pause.
        if (retryable && attempt < Math.min(max, 3) && isTransient(err)) {
          await this.pause(0, attempt - 1, undefined, `${method} ${url.pathname}`)
          continue
        }
        throw err
      }
      this.o.onExchange?.(
        redactValue({
          method,
          url: url.toString(),
          status: res.status,
          ms: performance.now() - started,
          attempts: attempt,
          requestHeaders: out.headers,
          responseHeaders: res.headers,
        }),
      )
      if (res.status === 401 && !reauthorised && !opts.noAuth && this.config.auth.kind !== 'none' && this.config.auth.kind !== 'bearer') {
        // A token may have been revoked or expired early: one fresh token, one more try.
        this.auth.invalidate()
        reauthorised = true
        attempt--
        continue
      }
      const throttled = RETRY_STATUS.has(res.status) || (res.status === 400 && /ThrottlingException/.test(res.text))
      if (throttled && retryable && attempt < max) {
        await this.pause(res.status, attempt, res.headers['retry-after'], `${method} ${url.origin}${url.pathname}`)
        continue
      }
      // Redirects are followed up to 3 times: one still standing is a loop (or a chain too long to follow).
      if (!opts.noRedirect && REDIRECT_STATUS.has(res.status) && res.headers.location)
        throw new TargetReplyError(`${method} ${url.origin}${url.pathname}: still redirected (HTTP ${res.status} to ${res.headers.location}) after 3 redirects`)
      const text = res.text
      const status = res.status
      const type = res.headers['content-type'] ?? 'no content type'
      const json = <T>() => {
        try {
          return JSON.parse(text) as T
        } catch {
          // Not JSON where JSON was due: the target's failure, said with what came back (never a crash of ours).
          throw new TargetReplyError(
            `${method} ${url.origin}${url.pathname}: HTTP ${status} (${type}) is not JSON: ${JSON.stringify(text.slice(0, 60))}${text.length > 60 ? '…' : ''}`,
          )
        }
      }
      return { status, headers: res.headers, text, json, attempts: attempt }
    }
  }

  /** `attempt` 0: no wait (a retry that goes at once, still counted). */
  private async pause(status: number, attempt: number, retryAfter: string | undefined, what: string) {
    const base = this.o.backoffMs ?? 200
    const cap = this.o.backoffCapMs ?? 10_000
    let delay = attempt === 0 ? 0 : Math.random() * Math.min(cap, base * 2 ** (attempt - 1))
    if (retryAfter) {
      const seconds = Number(retryAfter)
      const at = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now()
      // Retry-After is honoured up to a cap (--max-retry-after): beyond it the request fails, saying so, rather than waiting an hour.
      const max = (this.config.maxRetryAfterS ?? 60) * 1000
      if (Number.isFinite(at) && at > max)
        throw new TargetUnreachableError(`${what}: HTTP ${status} with Retry-After ${retryAfter}, over the ${max / 1000} s Shoreline waits (--max-retry-after)`)
      // At least what the target asked for, and a random part more, growing with the attempts (up
      // to the wait itself): requests throttled together must not all come back together. Sent
      // back at exactly Retry-After, six seeding clients against a fixed one-second window fell
      // into step, and the same Bundles lost every window until their attempts ran out.
      if (Number.isFinite(at) && at >= 0) delay = at + Math.random() * Math.min(at, base * 2 ** (attempt - 1))
    }
    if (status !== 0) this.heldUntil = Math.max(this.heldUntil, Date.now() + delay)
    this.retries++
    this.o.onRetry?.(status, delay)
    await pause(delay, this.o.signal)
  }

  private async raw(method: string, url: URL, headers: Record<string, string>, body?: string | Buffer, noRedirect = false, maxBytes?: number) {
    const max = maxBytes ?? this.o.maxResponseBytes ?? this.config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
    // The whole exchange, body included, within the request timeout (a target that drips a byte a
    // second never trips the idle timeout); and stopped at once when the run is.
    if (this.o.signal?.aborted) throw stoppedBy(this.o.signal)
    const deadline = AbortSignal.timeout(this.config.timeoutMs)
    const signal = this.o.signal ? AbortSignal.any([this.o.signal, deadline]) : deadline
    const why = (err: unknown) => {
      if (this.o.signal?.aborted) return stoppedBy(this.o.signal)
      if (deadline.aborted)
        return new TargetUnreachableError(`${method} ${url.origin}${url.pathname}: no complete answer within ${this.config.timeoutMs / 1000} s (--request-timeout)`)
      return err
    }
    let res: Dispatcher.ResponseData
    try {
      res = await undiciRequest(url, { method: method as Dispatcher.HttpMethod, headers, body, signal, dispatcher: this.agent, ...(noRedirect ? { maxRedirections: 0 } : {}) })
    } catch (caught) {
      const err = why(caught)
      if (err !== caught) throw err
      const e = err as NodeJS.ErrnoException
      if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'UND_ERR_CONNECT_TIMEOUT')
        throw new TargetUnreachableError(`${url.origin} is not reachable (${e.code})`)
      // A certificate this run does not trust (OpenSSL's verification codes, and a name it does not cover).
      if (/CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT_ALTNAME_INVALID/.test(String(e.code)))
        throw new TargetUnreachableError(`${url.origin}: its TLS certificate is not trusted (${e.code}: ${e.message}); a private CA's or \`serve --tls\`'s: pass --ca-file`)
      if (e.code === 'EPROTO' || String(e.code).startsWith('ERR_SSL'))
        throw new TargetUnreachableError(
          `${url.origin}: no TLS connection (${e.code}: ${/SSL routines:[^:]*:([^:]+)/.exec(e.message)?.[1] ?? e.message.split('\n')[0]}); is it served over plain HTTP?`,
        )
      // The target took the connection but did not answer in time, or dropped it: its failure, said with what happened.
      if (e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT')
        throw new TargetUnreachableError(`${method} ${url.origin}${url.pathname}: no answer within ${this.config.timeoutMs / 1000} s (${e.code})`)
      // undici refuses a redirect back to where it came from on one connection: a loop.
      if (/redirect loop/i.test(e.message)) throw new TargetReplyError(`${method} ${url.origin}${url.pathname}: a redirect loop (the target redirects to where it was asked)`)
      if (e.code === 'ECONNRESET' || e.code === 'UND_ERR_SOCKET' || e.code === 'EPIPE')
        throw Object.assign(new TargetUnreachableError(`${method} ${url.origin}${url.pathname}: the connection was dropped (${e.code})`), { transient: true })
      throw err
    }
    const chunks: Buffer[] = []
    let size = 0
    try {
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length
        if (size > max) {
          res.body.destroy()
          throw new TargetReplyError(`${method} ${url.origin}${url.pathname}: the answer is over ${max / 1024 / 1024} MB (--max-response-mb)`)
        }
        chunks.push(chunk as Buffer)
      }
    } catch (caught) {
      const err = why(caught)
      if (err !== caught) throw err
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'UND_ERR_BODY_TIMEOUT' || code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_ABORTED')
        throw new TargetUnreachableError(`${method} ${url.origin}${url.pathname}: the response body stopped (${code})`)
      throw err
    }
    const h: Record<string, string> = {}
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v)
    return { status: res.statusCode, headers: h, text: Buffer.concat(chunks).toString('utf8') }
  }

  async close() {
    await this.agent.close()
  }

  /**
   * Whether the target answers at all (any HTTP status will do, JSON when it is a success): a target
   * that does not is one TargetUnreachableError naming `{base}metadata` and `consequence`, before a
   * command starts its run.
   */
  async assertAnswers(consequence: string): Promise<void> {
    try {
      const res = await this.request('GET', 'metadata', { noAuth: true })
      // An answer that is not JSON at all (a web page, a proxy's error) is not a FHIR server: --target is probably wrong.
      if (res.status < 300) res.json()
    } catch (err) {
      if (err instanceof TargetUnreachableError) throw new TargetUnreachableError(`${this.base}metadata: ${err.message}; ${consequence}`)
      throw err
    }
  }

  /** Aborts every request in flight (an interrupted run stops now, whatever the target is doing). */
  destroy(): void {
    void this.agent.destroy().catch(() => undefined)
  }
}

function lower(h: Record<string, string>) {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]))
}

/** A dropped connection is worth another try; a timeout is not (it would multiply the wait by the attempts). */
function isTransient(err: unknown): boolean {
  return (err as { transient?: boolean }).transient === true
}
