// The reference server's OAuth 2.0 authorization server for SMART on FHIR (App Launch 2.x):
// client_credentials with private_key_jwt (SMART Backend Services, RFC 7523) or a client secret
// (RFC 6749 §2.3.1), authorization_code with PKCE S256 (RFC 7636) approved headlessly or after the
// sign-in pages (sign-in.ts), refresh, introspection (RFC 7662) and revocation (RFC 7009). Access
// tokens are JWTs signed by the server's own key, published at jwks_uri. Every rule a suite checks
// can be broken by a fault.
import { openIdConfiguration, signIdToken } from './id-token.js'
import { createHash, randomBytes, randomUUID, type KeyObject } from 'node:crypto'
import { calculateJwkThumbprint, compactVerify, createLocalJWKSet, exportJWK, SignJWT, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose'
import { isV1Scope, narrowScopes, parseScope } from '../../lib/smart-scopes.js'
import { resourceTypes } from '../../lib/validation/element-walk.js'
import type { Faults } from '../faults/catalogue.js'
import { NO_VARIANTS, type Variants } from '../variants/catalogue.js'
import { OAuthError } from './oauth-error.js'
import { smartConfiguration } from './smart-configuration.js'
import { ClientAuthenticator } from './client-authentication.js'
import { isConfidential, type AuthConfig, type ClientConfig, type OAuthReply, type PendingCode, type RefreshGrant } from './clients.js'
import { SignInPages, type PageReply } from './sign-in.js'
import { signingKeyPair } from './signing-key.js'

export { OAuthError }
export type { AuthConfig, ClientConfig, OAuthReply } from './clients.js'

/** A scope naming a resource type FHIR R4 does not have is never granted (BDT: unknown type → invalid_scope). */
const knownType = (scope: string) => {
  const s = parseScope(scope)
  return !s || s.type === '*' || resourceTypes().has(s.type)
}
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' }

/** Endpoints live under `${origin}/auth/`; the audience of every access token is the FHIR base. */
export class AuthorizationServer {
  readonly issuer: string
  readonly tokenUrl: string
  private readonly clients: Map<string, ClientConfig>
  private readonly clientAuth: ClientAuthenticator
  private readonly codes = new Map<string, PendingCode>()
  private readonly refresh = new Map<string, RefreshGrant>()
  private readonly revokedJti = new Set<string>()
  private key!: KeyObject
  private publicJwk!: JWK
  private localJwks!: ReturnType<typeof createLocalJWKSet>

  /** Picks the patient of a standalone launch where the client names none (the server's store). */
  pickPatient?: () => string | undefined
  /** The sign-in and consent pages a user goes through before a code is issued (serve --sign-in). */
  readonly signIn?: SignInPages

  private constructor(
    readonly origin: string,
    readonly fhirBase: string,
    readonly config: AuthConfig,
    private readonly faults: Faults,
    private readonly now: () => number,
    readonly variants: Variants = NO_VARIANTS,
  ) {
    this.issuer = `${origin}/auth`
    // Under the fault the token endpoint is named, and answered, over plain HTTP on the TLS port.
    this.tokenUrl = `${faults.has('token-endpoint-plain-http') ? origin.replace(/^https:/, 'http:') : origin}/auth/token`
    this.clients = new Map(config.clients.map((c) => [c.client_id, c]))
    this.clientAuth = new ClientAuthenticator(this.clients, this.tokenUrl, faults, now)
    if (config.signIn) this.signIn = new SignInPages(config.signIn, () => this.seconds())
  }

  static async create(
    origin: string,
    fhirBase: string,
    config: AuthConfig,
    faults: Faults,
    now: () => number = Date.now,
    variants: Variants = NO_VARIANTS,
  ): Promise<AuthorizationServer> {
    const server = new AuthorizationServer(origin, fhirBase, config, faults, now, variants)
    // ec-only-jwks: the server's one key is EC P-384 (tokens signed ES384); otherwise RSA (RS384).
    const alg = variants.has('ec-only-jwks') ? 'ES384' : 'RS384'
    // A KeyObject, not a WebCrypto key bound to one algorithm: the RSA key signs RS384 and RS256.
    const { privateKey, publicKey } = await signingKeyPair(alg)
    server.key = privateKey
    const jwk = await exportJWK(publicKey)
    // An RSA key names no alg: it signs RS384 access tokens and RS256 id_tokens alike.
    server.publicJwk = { ...jwk, kid: await calculateJwkThumbprint(jwk), ...(alg === 'ES384' ? { alg } : {}), use: 'sig' }
    server.localJwks = createLocalJWKSet({ keys: [server.publicJwk] })
    return server
  }

  get jwks(): JSONWebKeySet {
    return { keys: [this.publicJwk] }
  }

  /** The algorithm access tokens are signed with (RS384, or ES384 under ec-only-jwks). */
  get signingAlg(): string {
    return this.publicJwk.kty === 'EC' ? 'ES384' : 'RS384'
  }

  /** Does this server act as an OpenID provider (sso-openid-connect)? Not with an EC-only key, without app launch, or under no-openid. */
  get claimsOpenId(): boolean {
    const v = this.variants
    return this.publicJwk.kty === 'RSA' && !v.has('no-openid') && !v.has('backend-services-only') && !v.has('ec-only-jwks')
  }

  /** `{issuer}/.well-known/openid-configuration` (OpenID Connect Discovery §3). */
  openIdConfiguration(): Record<string, unknown> {
    const { subject_types_supported, ...rest } = openIdConfiguration({ issuer: this.issuer, origin: this.origin, tokenUrl: this.tokenUrl })
    return this.faults.has('oidc-config-incomplete') ? rest : { ...rest, subject_types_supported }
  }

  /** For the Lambda-contract validator: verifies a token's signature with the published key. */
  get keySet() {
    return this.localJwks
  }

  isRevoked(jti: string | undefined): boolean {
    return jti !== undefined && this.revokedJti.has(jti)
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000)
  }

  /** Which endpoints this server has (a legal variant may leave some out). */
  get has(): { authorize: boolean; introspection: boolean; revocation: boolean } {
    const v = this.variants
    return { authorize: !v.has('backend-services-only'), introspection: !v.has('no-introspection-revocation'), revocation: !v.has('no-introspection-revocation') }
  }

  /** `{base}/.well-known/smart-configuration` (SMART App Launch 2.x §2.1 + HealthLake's fields). */
  smartConfiguration(): Record<string, unknown> {
    return smartConfiguration({ origin: this.origin, issuer: this.issuer, tokenUrl: this.tokenUrl, faults: this.faults, variants: this.variants, openid: this.claimsOpenId })
  }

  // ---- token endpoint ----------------------------------------------------------------------------

  async token(form: URLSearchParams, authorization: string | undefined): Promise<OAuthReply> {
    try {
      const grant = form.get('grant_type')
      let body: Record<string, unknown>
      if (grant === 'client_credentials') body = await this.clientCredentials(form, authorization)
      else if (grant === 'authorization_code') body = await this.authorizationCode(form, authorization)
      else if (grant === 'refresh_token') body = await this.refreshToken(form, authorization)
      else if (!grant) throw new OAuthError('invalid_request', 'grant_type is missing')
      else if (this.faults.has('token-bad-grant-500')) return { status: 500, headers: {}, body: { message: 'Internal Server Error' } }
      else throw new OAuthError('unsupported_grant_type', `grant_type ${grant} is not supported`)
      const headers: Record<string, string> = this.faults.has('token-no-cache-control') ? {} : { ...NO_STORE }
      return { status: 200, headers, body }
    } catch (err) {
      return this.errorReply(err, authorization)
    }
  }

  errorReply(err: unknown, authorization?: string): OAuthReply {
    if (!(err instanceof OAuthError)) throw err
    // token-errors-not-json: errors as a bare text line, the way some gateways answer.
    if (this.faults.has('token-errors-not-json'))
      return { status: err.error === 'invalid_client' ? 401 : 400, headers: { ...NO_STORE, 'Content-Type': 'text/plain' }, body: 'Bad Request' }
    // token-client-auth-invalid-request: a failed client authentication reported as a malformed request.
    const code = err.error === 'invalid_client' && this.faults.has('token-client-auth-invalid-request') ? 'invalid_request' : err.error
    const status = code === 'invalid_client' ? 401 : 400
    const headers: Record<string, string> = { ...NO_STORE }
    if (status === 401 && authorization?.startsWith('Basic ')) headers['WWW-Authenticate'] = 'Basic realm="shoreline"'
    return { status, headers, body: { error: code, error_description: err.message } }
  }

  private async clientCredentials(form: URLSearchParams, authorization: string | undefined) {
    const client = await this.clientAuth.authenticate(form, authorization, true)
    const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean)
    // rs-nonresource-token-full-access: scopes that name no resource are issued as asked (and reach everything).
    if (this.faults.has('rs-nonresource-token-full-access') && !requested.some((s) => parseScope(s))) return this.issue(client, requested.join(' '), client.launch)
    // default-scope: a request naming no scope gets the client's registered one (RFC 6749 §3.3).
    if (requested.length === 0 && this.variants.has('default-scope')) requested.push(...client.scope.split(/\s+/).filter(Boolean))
    if (requested.length === 0) throw new OAuthError('invalid_scope', 'scope is required')
    const granted = this.faults.has('token-scope-not-narrowed')
      ? requested
      : narrowScopes(requested, client.scope.split(/\s+/))
          .filter(knownType)
          .filter((s) => !(this.faults.has('token-wildcard-refused') && /\/\*\.(read|rs)$/.test(s)))
    if (granted.length === 0)
      throw new OAuthError(
        this.faults.has('token-scope-refused-invalid-request') ? 'invalid_request' : 'invalid_scope',
        `none of the requested scopes is allowed for ${client.client_id}`,
      )
    // token-mixed-scopes-v1-dropped: v1 and v2 scopes asked together are all answered; the token carries the v2 ones.
    if (this.faults.has('token-mixed-scopes-v1-dropped') && granted.some(isV1Scope) && granted.some((s) => parseScope(s) && !isV1Scope(s)))
      return { ...(await this.issue(client, granted.filter((s) => !isV1Scope(s)).join(' '), client.launch)), scope: granted.join(' ') }
    return this.issue(client, granted.join(' '), client.launch)
  }

  private async authorizationCode(form: URLSearchParams, authorization: string | undefined) {
    const code = form.get('code')
    if (!code) throw new OAuthError('invalid_request', 'code is missing')
    const pending = this.codes.get(code)
    // token-code-reusable: the code stays valid after its exchange (RFC 6749 §4.1.2 says deny it).
    if (!this.faults.has('token-code-reusable')) this.codes.delete(code)
    if (!pending || pending.expires < this.seconds()) throw new OAuthError('invalid_grant', 'the code is unknown, used or expired')
    const client = this.clients.get(pending.clientId)!
    // Confidential clients authenticate as the code's client (RFC 6749 §4.1.3, and §6 to refresh; token-code-client-unchecked: as any; token-confidential-unauthenticated: not at all); public ones name themselves.
    const confidential = isConfidential(client) && !this.faults.has('token-confidential-unauthenticated')
    const authed =
      confidential || authorization || form.has('client_assertion') || form.has('client_secret') ? await this.clientAuth.authenticate(form, authorization, false) : undefined
    if (authed ? authed.client_id !== pending.clientId && !this.faults.has('token-code-client-unchecked') : form.get('client_id') !== pending.clientId)
      throw authed ? new OAuthError('invalid_grant', 'the code was issued to another client') : new OAuthError('invalid_client', 'client_id does not match the code')
    if (form.get('redirect_uri') !== pending.redirectUri) throw new OAuthError('invalid_grant', 'redirect_uri does not match the authorization request')
    const verifier = form.get('code_verifier')
    if (!this.faults.has('token-pkce-ignored')) {
      if (!verifier) throw new OAuthError('invalid_request', 'code_verifier is missing')
      const challenge = pending.method === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url')
      if (challenge !== pending.challenge) throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge')
    }
    const body = await this.issue(client, pending.scope, pending.launch)
    if (this.faults.has('token-app-no-scope')) delete body.scope
    const scopes = pending.scope.split(' ')
    if (!this.claimsOpenId || !scopes.includes('openid')) return body
    const fhirUser = scopes.includes('fhirUser') ? pending.launch?.fhirUser : undefined
    // oidc-id-token-alg-unlisted: signed with an algorithm the provider metadata does not list.
    const alg = this.faults.has('oidc-id-token-alg-unlisted') ? 'RS384' : 'RS256'
    const o = { key: this.key, kid: this.publicJwk.kid, issuer: this.issuer, clientId: client.client_id, subject: fhirUser ?? client.client_id, fhirUser }
    const noIat = this.faults.has('oidc-id-token-no-iat')
    return { ...body, id_token: await signIdToken({ ...o, now: this.seconds(), lifetime: this.config.accessTokenSeconds ?? 300, alg, noIat }) }
  }

  private async refreshToken(form: URLSearchParams, authorization: string | undefined) {
    const token = form.get('refresh_token')
    if (!token) throw new OAuthError('invalid_request', 'refresh_token is missing')
    const grant = this.refresh.get(token)
    if (!grant || grant.expires < this.seconds()) throw new OAuthError('invalid_grant', 'the refresh token is unknown, revoked or expired')
    if (isConfidential(this.clients.get(grant.clientId)) || authorization || form.has('client_assertion') || form.has('client_secret')) {
      const client = await this.clientAuth.authenticate(form, authorization, false)
      if (client.client_id !== grant.clientId) throw new OAuthError('invalid_grant', 'the refresh token was issued to another client')
    } else if (form.get('client_id') !== grant.clientId) throw new OAuthError('invalid_client', 'client_id does not match the refresh token')
    const asked = form.get('scope')
    // refresh-scope-widened: whatever is asked is granted, beyond the original grant (RFC 6749 §6 says MUST NOT).
    const widened = asked && this.faults.has('refresh-scope-widened')
    const scope = widened ? asked : asked ? narrowScopes(asked.split(/\s+/), grant.scope.split(/\s+/)).join(' ') : grant.scope
    if (!scope) throw new OAuthError('invalid_scope', 'a refresh cannot widen the scope')
    // refresh-scope-narrowing-ignored: the answer states the narrower scope asked for; the token carries the original grant.
    if (asked && scope !== grant.scope && this.faults.has('refresh-scope-narrowing-ignored'))
      return { ...(await this.issue(this.clients.get(grant.clientId)!, grant.scope, grant.launch, token)), scope }
    return this.issue(this.clients.get(grant.clientId)!, scope, grant.launch, token)
  }

  private async issue(client: ClientConfig, scope: string, launch?: ClientConfig['launch'], refreshToken?: string) {
    const now = this.seconds()
    const lifetime = this.faults.has('token-long-lived') ? 3600 : (this.config.accessTokenSeconds ?? 300)
    const scopes = scope.split(' ')
    const patient = scopes.includes('launch/patient') || scopes.some((s) => s.startsWith('patient/')) ? launch?.patient : undefined
    const claims: JWTPayload & Record<string, unknown> = {
      scope,
      client_id: client.client_id,
      ...(patient ? { patient } : {}),
      ...(launch?.fhirUser && scopes.includes('fhirUser') ? { fhirUser: launch.fhirUser } : {}),
    }
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: this.signingAlg, kid: this.publicJwk.kid, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      // The user the app acts for where there is one (the id_token says the same), else the client.
      .setSubject(typeof claims.fhirUser === 'string' ? claims.fhirUser : client.client_id)
      .setAudience(this.fhirBase)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + lifetime)
      .setJti(randomUUID())
      .sign(this.key)
    const body: Record<string, unknown> = { access_token: jwt, token_type: this.faults.has('token-type-not-bearer') ? 'mac' : 'Bearer', expires_in: lifetime, scope }
    if (patient) body.patient = patient
    // Further launch context (SMART 2 fhirContext), relative references (token-fhir-context-absolute: rooted at the FHIR base).
    if (patient && launch?.fhirContext?.length)
      body.fhirContext = this.faults.has('token-fhir-context-absolute')
        ? launch.fhirContext.map((c) => (c.reference ? { ...c, reference: `${this.fhirBase}${c.reference}` } : c))
        : launch.fhirContext
    if (scopes.includes('offline_access') || scopes.includes('online_access') || refreshToken) {
      // refresh-rotation: each refresh issues a new refresh token and retires the one it used.
      const rotate = refreshToken !== undefined && this.variants.has('refresh-rotation')
      const rt = refreshToken && !rotate ? refreshToken : randomBytes(32).toString('base64url')
      const granted = refreshToken ? this.refresh.get(refreshToken)!.scope : scope
      if (rotate) this.refresh.delete(refreshToken)
      this.refresh.set(rt, {
        clientId: client.client_id,
        scope: granted,
        expires: now + (this.config.refreshTokenSeconds ?? 3600),
        launch,
      })
      body.refresh_token = rt
    }
    return body
  }

  // ---- authorize (headless approval, or the sign-in pages) ----------------------------------------

  /**
   * GET /auth/authorize: validates the request, then approves it at once, redirecting with a code
   * (headless), or shows the sign-in pages first (`signIn`, with the browser's `cookie`).
   */
  authorize(params: URLSearchParams, cookie?: string): PageReply {
    const client = this.clients.get(params.get('client_id') ?? '')
    const redirectUri = params.get('redirect_uri') ?? ''
    // Errors before the redirect URI is trusted go to the user agent, never to the redirect (RFC 6749 §4.1.2.1).
    if (!client) return { status: 400, headers: NO_STORE, body: { error: 'invalid_request', error_description: 'unknown client_id' } }
    if (!client.redirect_uris?.includes(redirectUri))
      return { status: 400, headers: NO_STORE, body: { error: 'invalid_request', error_description: 'redirect_uri is not registered for this client' } }
    const state = params.get('state')
    const back = (query: Record<string, string>) => {
      const u = new URL(redirectUri)
      for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v)
      if (state && !this.faults.has('authorize-state-dropped')) u.searchParams.set('state', state)
      return { status: 302, headers: { ...NO_STORE, Location: u.toString() } }
    }
    if (params.get('response_type') !== 'code') return back({ error: 'unsupported_response_type', error_description: 'response_type must be code' })
    const method = params.get('code_challenge_method')
    const challenge = params.get('code_challenge')
    if (!challenge) return back({ error: 'invalid_request', error_description: 'code_challenge is required (PKCE)' })
    if (method !== 'S256' && !(method === 'plain' && this.faults.has('discovery-plain-pkce')))
      return back({ error: 'invalid_request', error_description: 'code_challenge_method must be S256' })
    const aud = params.get('aud')
    // authorize-aud-ignored: any aud is approved, a counterfeit resource server's too.
    if (aud !== this.fhirBase && aud !== this.fhirBase.replace(/\/$/, '') && !this.faults.has('authorize-aud-ignored'))
      return back({ error: 'invalid_request', error_description: `aud must be the FHIR base ${this.fhirBase}` })
    const scope = narrowScopes((params.get('scope') ?? '').split(/\s+/).filter(Boolean), client.scope.split(/\s+/))
    if (scope.length === 0) return back({ error: 'invalid_scope', error_description: 'no requested scope is allowed for this client' })
    const approve = () => {
      const code = randomBytes(24).toString('base64url')
      // A standalone launch asks for a patient to be picked: the client's configured one, else the
      // first the store holds (pickPatient), as a user choosing from a list would.
      const picked = client.launch?.patient ?? (scope.includes('launch/patient') ? this.pickPatient?.() : undefined)
      const launch = picked ? { ...client.launch, patient: picked } : client.launch
      this.codes.set(code, {
        clientId: client.client_id,
        redirectUri,
        scope: scope.join(' '),
        challenge,
        method: method === 'plain' ? 'plain' : 'S256',
        expires: this.seconds() + 60,
        launch,
      })
      return back({ code })
    }
    const deny = () => back({ error: 'access_denied', error_description: 'the user did not allow the request' })
    return this.signIn ? this.signIn.begin({ clientId: client.client_id, scope: scope.join(' '), approve, deny }, cookie) : approve()
  }

  // ---- introspection and revocation --------------------------------------------------------------

  async introspect(form: URLSearchParams, authorization: string | undefined): Promise<OAuthReply> {
    try {
      // introspection-bearer-auth: the caller is authorized by an access token of its own, not by client authentication.
      if (this.variants.has('introspection-bearer-auth')) {
        const caller = authorization?.startsWith('Bearer ') ? await this.verifyAccessToken(authorization.slice(7)) : undefined
        if (!caller || typeof caller.exp !== 'number' || caller.exp <= this.seconds() || this.isRevoked(caller.jti))
          return {
            status: 401,
            headers: { ...NO_STORE, 'WWW-Authenticate': 'Bearer realm="shoreline"' },
            body: { error: 'invalid_token', error_description: 'introspection needs a bearer token' },
          }
      } else await this.clientAuth.authenticate(form, authorization, true)
      const token = form.get('token')
      if (!token) throw new OAuthError('invalid_request', 'token is missing')
      const payload = await this.verifyAccessToken(token)
      const now = this.seconds()
      const active = payload !== undefined && typeof payload.exp === 'number' && payload.exp > now && !this.isRevoked(payload.jti)
      if (!active) {
        const body = this.faults.has('introspect-inactive-leaks') && payload ? { active: false, ...payload } : { active: false }
        return { status: 200, headers: { ...NO_STORE }, body }
      }
      if (this.faults.has('introspect-active-bare')) return { status: 200, headers: { ...NO_STORE }, body: { active: true } }
      // introspect-launch-context-dropped: the patient in context is left out (SMART says include it).
      const { patient, ...rest } = payload
      const shown = this.faults.has('introspect-launch-context-dropped') ? rest : { ...rest, ...(patient !== undefined ? { patient } : {}) }
      return { status: 200, headers: { ...NO_STORE }, body: { active: true, token_type: 'Bearer', ...shown } }
    } catch (err) {
      return this.errorReply(err, authorization)
    }
  }

  async revoke(form: URLSearchParams, authorization: string | undefined): Promise<OAuthReply> {
    try {
      await this.clientAuth.authenticate(form, authorization, true)
      const token = form.get('token')
      if (!token) throw new OAuthError('invalid_request', 'token is missing')
      if (!this.faults.has('revocation-ignored')) {
        if (this.refresh.delete(token)) return { status: 200, headers: { ...NO_STORE } }
        const payload = await this.verifyAccessToken(token)
        if (payload?.jti) this.revokedJti.add(payload.jti)
      }
      // RFC 7009 §2.2: an unknown token is not an error.
      return { status: 200, headers: { ...NO_STORE } }
    } catch (err) {
      return this.errorReply(err, authorization)
    }
  }

  /** The payload of one of our own access tokens if its signature verifies, whatever its times. */
  async verifyAccessToken(token: string): Promise<(JWTPayload & Record<string, unknown>) | undefined> {
    try {
      const { payload } = await compactVerify(token, this.localJwks, { algorithms: [this.signingAlg] })
      return JSON.parse(new TextDecoder().decode(payload)) as JWTPayload & Record<string, unknown>
    } catch {
      return undefined
    }
  }
}
