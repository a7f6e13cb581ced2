// Client authentication at the token, introspection and revocation endpoints: client_secret_basic
// and client_secret_post (RFC 6749 §2.3.1), or private_key_jwt (SMART Backend Services, RFC 7523)
// whose rules are the tables in client-assertion.ts. Remembers used jtis and caches jwks_url sets.
import { timingSafeEqual } from 'node:crypto'
import type { JSONWebKeySet } from 'jose'
import type { Faults } from '../faults/catalogue.js'
import { ASSERTION_TYPE, verifyClientAssertion } from './client-assertion.js'
import { OAuthError } from './oauth-error.js'
import type { ClientConfig } from './authorization-server.js'

export class ClientAuthenticator {
  private readonly seenJti = new Map<string, number>()
  private readonly jwksCache = new Map<string, { at: number; set: JSONWebKeySet }>()

  constructor(
    private readonly clients: ReadonlyMap<string, ClientConfig>,
    private readonly tokenUrl: string,
    private readonly faults: Faults,
    private readonly now: () => number,
  ) {}

  private seconds(): number {
    return Math.floor(this.now() / 1000)
  }

  /** private_key_jwt, client_secret_basic or client_secret_post; `requireConfidential` for client_credentials. */
  async authenticate(form: URLSearchParams, authorization: string | undefined, requireConfidential: boolean): Promise<ClientConfig> {
    if (authorization?.startsWith('Basic ')) {
      const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      if (colon < 0) throw new OAuthError('invalid_client', 'the Basic credentials are malformed')
      return this.checkSecret(decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1)))
    }
    if (form.has('client_secret')) return this.checkSecret(form.get('client_id') ?? '', form.get('client_secret') ?? '')
    const assertionType = form.get('client_assertion_type')
    const assertion = form.get('client_assertion')
    if (!assertionType && !assertion) {
      if (requireConfidential) throw new OAuthError('invalid_client', 'client authentication is required (private_key_jwt or a client secret)')
      throw new OAuthError('invalid_client', 'client authentication is missing')
    }
    if (assertionType !== ASSERTION_TYPE && !(this.faults.has('token-assertion-type-unchecked') && assertion))
      throw new OAuthError('invalid_client', `client_assertion_type must be ${ASSERTION_TYPE}`)
    if (this.faults.has('token-requires-client-id') && !form.get('client_id')) throw new OAuthError('invalid_request', 'client_id is required')
    if (!assertion) throw new OAuthError('invalid_client', 'client_assertion is missing')
    const client = await this.verifyAssertion(assertion)
    // A client_id next to the assertion must name the same client (RFC 7521 §4.2).
    const named = form.get('client_id')
    if (named !== null && named !== client.client_id && !this.faults.has('token-client-id-mismatch-accepted'))
      throw new OAuthError('invalid_client', `client_id ${named} is not the assertion's issuer`)
    return client
  }

  private checkSecret(clientId: string, secret: string): ClientConfig {
    const client = this.clients.get(clientId)
    const a = Buffer.from(secret)
    const b = Buffer.from(client?.client_secret ?? '')
    if (!client?.client_secret || a.length !== b.length || !timingSafeEqual(a, b)) throw new OAuthError('invalid_client', 'unknown client or wrong secret')
    return client
  }

  /** RFC 7523 §3 and SMART Backend Services, as the rule tables in client-assertion.ts. */
  private verifyAssertion(assertion: string): Promise<ClientConfig> {
    const now = this.seconds()
    this.forgetOldJti(now)
    return verifyClientAssertion(assertion, {
      faults: this.faults,
      tokenUrl: this.tokenUrl,
      now,
      client: (id) => this.clients.get(id),
      keys: (client) => this.clientKeys(client),
      usedJti: (clientId, jti) => this.seenJti.has(`${clientId}\u0000${jti}`),
      rememberJti: (clientId, jti, until) => void this.seenJti.set(`${clientId}\u0000${jti}`, until),
    })
  }

  private forgetOldJti(now: number) {
    if (this.seenJti.size < 10_000) return
    for (const [k, exp] of this.seenJti) if (exp < now) this.seenJti.delete(k)
  }

  private async clientKeys(client: ClientConfig): Promise<JSONWebKeySet> {
    if (client.jwks) return client.jwks
    if (!client.jwks_url) throw new OAuthError('invalid_client', `client ${client.client_id} has no registered keys`)
    const cached = this.jwksCache.get(client.jwks_url)
    if (cached && this.now() - cached.at < 60_000) return cached.set
    try {
      const res = await fetch(client.jwks_url, { redirect: 'error', signal: AbortSignal.timeout(5000) })
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      const set = (await res.json()) as JSONWebKeySet
      if (!Array.isArray(set.keys)) throw new Error('no keys array')
      this.jwksCache.set(client.jwks_url, { at: this.now(), set })
      return set
    } catch (err) {
      throw new OAuthError('invalid_client', `could not fetch the client's jwks_url: ${(err as Error).message}`)
    }
  }
}
