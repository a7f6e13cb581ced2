// What a check runs with: the target client, the run's options, and the exchange store that
// makes "make once, inspect many" work (STYLE.md 2): the first check to need a named exchange
// performs and records it; later checks read the record, and skip if it could not be made.
import type { CheckMetric } from '../lib/results/model.js'
import type { TargetClient, TargetResponse } from '../lib/target/client.js'
import type { TargetConfig } from '../lib/target/config.js'
import { parseBody, skip, type ParsedJson } from './expect.js'
import type { LambdaUnderTest } from '../lib/lambda/harness.js'
import type { BrowserAuthorizer } from '../lib/target/browser.js'
import { maxBundleEntries } from '../profiles/index.js'

export interface RecordedExchange {
  name: string
  request: { method: string; url: string; headers?: Record<string, string> }
  response?: { status: number; headers: Record<string, string>; body: string; durationMs: number }
  error?: string
}

/** A SMART app (public) client the target has registered, with one of its redirect URIs. */
export interface AppClient {
  clientId: string
  redirectUri: string
}

/** A confidential app client with a symmetric secret (--confidential-client-id, SHORELINE_CONFIDENTIAL_CLIENT_SECRET). */
export interface ConfidentialAppClient extends AppClient {
  secret: string
}

/** The largest bulk export file a check reads. */
const EXPORT_FILE_BYTES = 256 * 1024 * 1024
export class CheckContext {
  private readonly store = new Map<string, Promise<RecordedExchange>>()
  private readonly calls = new Map<string, Promise<unknown>>()
  /** --read-only: nothing may be written, not even data a check needs. */
  readOnly = false
  /** A confidential app client the target has registered (AU-04), when the run was given one. */
  confidentialApp?: ConfidentialAppClient
  /** --settle: how long a check that wrote may wait for search to show it (suites/settle.ts), ms. */
  settleMs = 5000
  /** --nlp: the target runs integrated NLP; the nlp suite waits budgetMs for enrichment, scores `notes` of the dataset's notes, and holds F1 to minF1 when given. */
  nlp?: { budgetMs: number; notes: number; minF1?: number }
  /** --authorize-with browser: authorization requests go through Chromium and the login script, not a bare GET. */
  authorizer?: BrowserAuthorizer
  /** --cleanup: how what the run wrote is removed afterwards. */
  cleanup: 'erase' | 'delete' | 'keep' = 'delete'
  /** What cleanUp did: removed, failed to remove, kept on purpose. */
  readonly cleaned = { removed: 0, failed: 0, kept: 0 }
  /** Exchanges the current check made or read, for its result. */
  touched: RecordedExchange[] = []
  /** Figures the current check measured, for its result. */
  measured: CheckMetric[] = []
  /** Closed after the run's clean-up (a check's own connections). */
  readonly closers: Array<() => Promise<unknown>> = []
  /** `Type/id` of everything writing checks created, deleted after the run. */
  readonly created = new Set<string>()
  /** Tags every resource a writing check creates, so leftovers can be found. */
  readonly runTag = { system: 'https://shoreline.invalid/conformance-run', code: `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}` }

  constructor(
    readonly client: TargetClient,
    readonly target: TargetConfig,
    /** A generated dataset folder (--data), for checks that need its corpus or ground truth. */
    readonly dataset?: string,
    /** A token-validator handler under test (--lambda-handler), for the healthlake-lambda suite. */
    readonly lambda?: LambdaUnderTest,
    /** Seed the dataset before the ground-truth searches (false: --no-seed, it is loaded already). */
    readonly seedData = true,
    /** An app client registered at the target (--app-client-id, --app-redirect-uri), for authorization-request checks. */
    readonly app?: AppClient,
  ) {}

  /** A resource body with the run's tag in meta.tag. */
  tagged<T extends Record<string, unknown>>(resource: T): T {
    const meta = (resource.meta as Record<string, unknown> | undefined) ?? {}
    return { ...resource, meta: { ...meta, tag: [...((meta.tag as unknown[]) ?? []), this.runTag] } }
  }

  /**
   * Removes what writing checks created (best effort: a failure here is not a check's verdict):
   * `erase` (HealthLake's $erase: the resource and every version, falling back to DELETE where the
   * target refuses it), `delete`, or `keep` (leave it, tagged with the run). Counted in `cleaned`.
   * Deletes go in batch Bundles of the profile's size (an import check alone leaves 1,100
   * Patients: a request each took minutes against a remote target); a target that does not answer
   * a batch with a batch-response of as many entries gets the rest one request each.
   */
  async cleanUp(): Promise<number> {
    let rest = this.cleanup === 'keep' ? [] : [...this.created]
    let n = 0
    if (this.cleanup === 'delete') {
      const size = maxBundleEntries(this.target.profile)
      while (rest.length > 1) {
        const removed = await this.deleteInBatch(rest.slice(0, size))
        if (removed === undefined) break
        n += removed
        rest = rest.slice(size)
      }
    }
    let unanswered = 0
    for (const ref of rest) {
      // A target that stopped answering (or a stopped run): the rest are left, tagged, not waited out one by one.
      if (unanswered >= 3) {
        this.cleaned.failed++
        continue
      }
      try {
        let res = this.cleanup === 'erase' ? await this.client.request('POST', `${ref}/$erase`) : undefined
        if (!res || res.status >= 300) res = await this.client.request('DELETE', ref)
        if (res.status < 300) n++
        else this.cleaned.failed++
      } catch {
        // the target may be gone; leftovers carry the run tag
        this.cleaned.failed++
        unanswered++
      }
    }
    this.cleaned.removed += n
    if (this.cleanup === 'keep') this.cleaned.kept += this.created.size
    this.created.clear()
    for (const close of this.closers.splice(0)) await close().catch(() => undefined)
    return n
  }

  /** DELETEs of `refs` in one batch: how many the batch-response says were removed, or undefined when it was not one. */
  private async deleteInBatch(refs: string[]): Promise<number | undefined> {
    const batch = this.tagged({ resourceType: 'Bundle', type: 'batch', entry: refs.map((url) => ({ request: { method: 'DELETE', url } })) })
    try {
      const res = await this.client.request('POST', '', { body: batch })
      if (res.status !== 200) return undefined
      const answer = JSON.parse(res.text) as { resourceType?: unknown; type?: unknown; entry?: Array<{ response?: { status?: unknown } }> }
      if (answer.resourceType !== 'Bundle' || answer.type !== 'batch-response' || answer.entry?.length !== refs.length) return undefined
      const removed = answer.entry.filter((e) => /^2\d\d\b/.test(String(e.response?.status ?? ''))).length
      this.cleaned.failed += refs.length - removed
      return removed
    } catch {
      return undefined
    }
  }

  /** Performs (once per run) and returns a named exchange. */
  async exchange(
    name: string,
    method: string,
    path: string,
    headers: Record<string, string> = {},
    opts: { body?: string; noAuth?: boolean; noRedirect?: boolean } = {},
  ): Promise<RecordedExchange & { json: <T = ParsedJson>() => T }> {
    let p = this.store.get(name)
    if (!p) {
      const url = new URL(path, this.client.base).toString()
      p = (async () => {
        const started = performance.now()
        try {
          // A bulk export file may be far larger than any FHIR page: its own cap.
          const maxBytes = /ndjson/.test(headers.accept ?? '') ? EXPORT_FILE_BYTES : undefined
          const res: TargetResponse = await this.client.request(method, url, { headers, body: opts.body, noAuth: opts.noAuth, noRedirect: opts.noRedirect, maxBytes })
          return { name, request: { method, url, headers }, response: { status: res.status, headers: res.headers, body: res.text, durationMs: performance.now() - started } }
        } catch (err) {
          return { name, request: { method, url, headers }, error: (err as Error).message }
        }
      })()
      this.store.set(name, p)
    }
    const ex = await p
    this.touched.push(ex)
    return { ...ex, json: <T = ParsedJson>() => parseJson(ex) as T }
  }

  /**
   * Performs (once per run) a call made through an SDK rather than the target client — an AWS
   * control-plane command — and records it like an exchange: the operation, its JSON answer or error.
   */
  async call<T>(name: string, request: { method: string; url: string }, fn: () => Promise<T>): Promise<{ value?: T; error?: string }> {
    let p = this.calls.get(name) as Promise<{ value?: T; error?: string; ex: RecordedExchange }> | undefined
    if (!p) {
      p = (async () => {
        const started = performance.now()
        try {
          const value = await fn()
          const { $metadata: _m, ...body } = (value ?? {}) as Record<string, unknown>
          return { value, ex: { name, request, response: { status: 200, headers: {}, body: JSON.stringify(body), durationMs: performance.now() - started } } }
        } catch (err) {
          const e = err as { name?: string; message?: string }
          const error = `${e.name ?? 'Error'}: ${e.message ?? String(err)}`
          return { error, ex: { name, request, error } }
        }
      })()
      this.calls.set(name, p)
    }
    const r = await p
    this.touched.push(r.ex)
    return { value: r.value, error: r.error }
  }

  /**
   * Adds an exchange or call already made under `name` to the current check's, sending nothing;
   * false when none was made (a check that judges a flow another check ran carries its evidence).
   */
  async cite(name: string): Promise<boolean> {
    const made = this.store.get(name) ?? (this.calls.get(name) as Promise<{ ex: RecordedExchange }> | undefined)?.then((r) => r.ex)
    if (!made) return false
    this.touched.push(await made)
    return true
  }

  /** A recorded exchange's JSON body, or skip when it was not made, failed, or is not JSON. */
  async jsonOf(name: string, method: string, path: string, headers: Record<string, string> = {}): Promise<ParsedJson> {
    const ex = await this.exchange(name, method, path, headers)
    return parseJson(ex)
  }
}

function parseJson(ex: RecordedExchange): ParsedJson {
  if (!ex.response) skip(`the \`${ex.name}\` exchange failed: ${ex.error}`)
  if (ex.response.status !== 200) skip(`the \`${ex.name}\` exchange answered HTTP ${ex.response.status}`)
  // A 200 that is not JSON is the target's failure, said with what came (never a crash, never a skip).
  return parseBody(ex.response.body, `the \`${ex.name}\` response`)
}
