// Auth clients for a target: none, a static bearer token, a client secret (basic/post), SMART
// Backend Services (private_key_jwt with a JWK or PEM key; token endpoint from
// .well-known/smart-configuration; token cached and renewed before it expires), and AWS SigV4
// (@smithy/signature-v4 with the AWS credential chain) for HealthLake data stores on AWS_AUTH.
import { randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import type { SignatureV4 } from '@smithy/signature-v4'
import { TargetUnreachableError } from '../errors.js'
import { loadSigningKey, type SigningKey } from '../keys.js'
import type { TargetAuth } from './config.js'

export interface OutgoingRequest {
  method: string
  url: URL
  headers: Record<string, string>
  body?: string | Buffer
}

export interface AuthClient {
  /** Adds whatever the request needs (Authorization, or the SigV4 headers). */
  apply(req: OutgoingRequest): Promise<void>
  /** After a 401: forget the cached token, so the next apply fetches a new one. */
  invalidate(): void
}

type Post = (url: string, form: URLSearchParams, headers: Record<string, string>) => Promise<{ status: number; json: () => unknown; text: string }>
type Get = (url: string) => Promise<{ status: number; json: () => unknown }>

export function authClient(auth: TargetAuth, base: string, post: Post, get: Get): AuthClient {
  switch (auth.kind) {
    case 'none':
      return { apply: async () => {}, invalidate() {} }
    case 'bearer':
      return {
        apply: async (r) => {
          r.headers.authorization = `Bearer ${auth.token}`
        },
        invalidate() {},
      }
    case 'client-secret':
    case 'backend':
      return new SmartTokenClient(auth, base, post, get)
    case 'sigv4':
      return sigv4Client(auth, base)
  }
}

/**
 * The scope to ask for when the user named none: the system scopes the target lists in
 * scopes_supported (a read-only server lists system/*.rs, and asking it for system/*.cruds would
 * fail every check after the first), else `fallback`.
 */
export function scopeToRequest(conf: { scopes_supported?: unknown } | undefined, fallback: string): string {
  const listed = Array.isArray(conf?.scopes_supported) ? conf.scopes_supported.filter((s): s is string => typeof s === 'string' && /^system\//.test(s)) : []
  return listed.length ? listed.join(' ') : fallback
}

/** Renew this long before `expires_in` runs out. */
const RENEW_MARGIN_MS = 30_000

class SmartTokenClient implements AuthClient {
  private token?: { value: string; expires: number }
  private pending?: Promise<string>
  private key?: SigningKey

  constructor(
    private readonly auth: Extract<TargetAuth, { kind: 'client-secret' | 'backend' }>,
    private readonly base: string,
    private readonly post: Post,
    private readonly get: Get,
  ) {}

  async apply(r: OutgoingRequest) {
    r.headers.authorization = `Bearer ${await this.current()}`
  }

  invalidate() {
    this.token = undefined
  }

  private async current(): Promise<string> {
    if (this.token && Date.now() < this.token.expires - RENEW_MARGIN_MS) return this.token.value
    // One token request at a time, whatever the concurrency.
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined))
    return this.pending
  }

  private async tokenUrl(): Promise<string> {
    if (this.auth.tokenUrl && !this.auth.scopeFromDiscovery) return this.auth.tokenUrl
    const res = await this.get(`${this.base}.well-known/smart-configuration`)
    const conf = res.status === 200 ? (res.json() as { token_endpoint?: unknown; scopes_supported?: unknown }) : undefined
    if (this.auth.scopeFromDiscovery) {
      this.auth.scope = scopeToRequest(conf, this.auth.scope)
      this.auth.scopeFromDiscovery = false
    }
    if (this.auth.tokenUrl) return this.auth.tokenUrl
    if (typeof conf?.token_endpoint !== 'string') throw new TargetUnreachableError(`${this.base}.well-known/smart-configuration gave no token_endpoint (HTTP ${res.status})`)
    this.auth.tokenUrl = conf.token_endpoint
    return conf.token_endpoint
  }

  private async fetchToken(): Promise<string> {
    const url = await this.tokenUrl()
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope: this.auth.scope })
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
    if (this.auth.kind === 'client-secret') {
      if (this.auth.method === 'post') {
        form.set('client_id', this.auth.clientId)
        form.set('client_secret', this.auth.clientSecret)
      } else headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(this.auth.clientId)}:${encodeURIComponent(this.auth.clientSecret)}`).toString('base64')}`
    } else {
      const { key, alg, kid } = this.signingKey()
      const assertion = await new SignJWT({})
        .setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
        .setIssuer(this.auth.clientId)
        .setSubject(this.auth.clientId)
        .setAudience(url)
        .setExpirationTime('4m')
        .setJti(randomUUID())
        .sign(key)
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
      form.set('client_assertion', assertion)
    }
    const res = await this.post(url, form, headers)
    const body = (res.status === 200 ? res.json() : undefined) as { access_token?: string; expires_in?: number } | undefined
    if (!body?.access_token) {
      let reason = `HTTP ${res.status}`
      try {
        const e = JSON.parse(res.text) as { error?: string; error_description?: string }
        if (e.error) reason = `${e.error}${e.error_description ? `: ${e.error_description}` : ''}`
      } catch {
        // not JSON: the status says enough
      }
      throw new TargetUnreachableError(`the token endpoint ${url} refused the client ${this.auth.clientId} (${reason})`)
    }
    this.token = { value: body.access_token, expires: Date.now() + (body.expires_in ?? 300) * 1000 }
    return body.access_token
  }

  private signingKey(): SigningKey {
    const auth = this.auth as Extract<TargetAuth, { kind: 'backend' }>
    this.key ??= loadSigningKey(auth.keyFile, { alg: auth.alg, kid: auth.kid, rsaAlg: 'RS384' }, '--key-file')
    return this.key
  }
}

function sigv4Client(auth: Extract<TargetAuth, { kind: 'sigv4' }>, base: string): AuthClient {
  const region = auth.region ?? /healthlake\.([a-z0-9-]+)\.amazonaws\.com/.exec(new URL(base).hostname)?.[1] ?? 'us-east-1'
  let signer: SignatureV4 | undefined
  return {
    async apply(r) {
      if (!signer) {
        // Loaded with the first signed request: a run with any other auth never loads the SDK's signer.
        const [{ fromNodeProviderChain }, { SignatureV4 }, { Hash }] = await Promise.all([
          import('@aws-sdk/credential-providers'),
          import('@smithy/signature-v4'),
          import('@smithy/hash-node'),
        ])
        signer = new SignatureV4({ credentials: fromNodeProviderChain(), region, service: auth.service ?? 'healthlake', sha256: Hash.bind(null, 'sha256') })
      }
      const query: Record<string, string | string[]> = {}
      for (const k of new Set(r.url.searchParams.keys())) {
        const all = r.url.searchParams.getAll(k)
        query[k] = all.length === 1 ? (all[0] ?? '') : all
      }
      const signed = await signer.sign({
        method: r.method,
        protocol: r.url.protocol,
        hostname: r.url.hostname,
        port: r.url.port ? Number(r.url.port) : undefined,
        path: r.url.pathname,
        query,
        headers: { ...r.headers, host: r.url.host },
        body: r.body,
      })
      Object.assign(r.headers, signed.headers)
    },
    invalidate() {},
  }
}
