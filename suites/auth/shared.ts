// What the auth checks share: the client's registered key (from --auth backend), client
// assertions with any header or claim changed to build an attack, and token requests sent without
// the target's own credentials. Every attack is a fresh exchange (its own jti), named by the check.
import { parseBody } from '../expect.js'
import { createHmac, randomUUID } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose'
import { loadSigningKey } from '../../lib/keys.js'
import { scopeToRequest } from '../../lib/target/auth.js'
import { expect, shown, skip, type Check } from '../check.js'
import type { CheckContext } from '../context.js'
import { discoveryJson } from '../smart-discovery/shared.js'
import { typesClaiming } from '../needs.js'
import { granting, parseScopes, type Permission } from '../../lib/smart-scopes.js'

export const BS_SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.1/backend-services.html'
export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

export interface BackendClient {
  clientId: string
  key: CryptoKey | KeyObject
  /** The registered public key (for the HS256 confusion attack). */
  jwk: JWK
  alg: string
  kid?: string
  tokenUrl: string
  scope: string
}

const cache = new WeakMap<CheckContext, Promise<BackendClient>>()

/** The backend-services client the run was given (`--auth backend`), or skip. */
export function backendClient(ctx: CheckContext): Promise<BackendClient> {
  let p = cache.get(ctx)
  if (!p) {
    p = (async () => {
      const auth = ctx.target.auth
      if (auth.kind !== 'backend') skip('needs a SMART Backend Services client (--auth backend --client-id … --key-file …)')
      const conf = await discoveryJson(ctx)
      const tokenUrl = conf.token_endpoint
      if (typeof tokenUrl !== 'string') skip('no token_endpoint in the SMART configuration (SD-04)')
      const k = loadSigningKey(auth.keyFile, { alg: auth.alg, kid: auth.kid, rsaAlg: 'RS384' }, '--key-file')
      // A scope the user did not name is chosen from what the target lists (scopes_supported).
      const scope = auth.scopeFromDiscovery ? scopeToRequest(conf, auth.scope) : auth.scope
      return { clientId: auth.clientId, key: k.key, jwk: k.publicJwk, alg: k.alg, kid: k.kid, tokenUrl, scope }
    })()
    cache.set(ctx, p)
  }
  return p
}

export interface AssertionChange {
  header?: Record<string, unknown>
  claims?: Record<string, unknown>
  omit?: string[]
  /** Sign with this key instead (an unregistered one). */
  key?: { key: CryptoKey; alg: string }
}

export async function assertion(c: BackendClient, change: AssertionChange = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const claims: Record<string, unknown> = { iss: c.clientId, sub: c.clientId, aud: c.tokenUrl, exp: now + 240, jti: randomUUID(), ...change.claims }
  for (const k of change.omit ?? []) delete claims[k]
  const signer = change.key ?? { key: c.key, alg: c.alg }
  return new SignJWT(claims).setProtectedHeader({ alg: signer.alg, typ: 'JWT', ...(c.kid ? { kid: c.kid } : {}), ...change.header } as { alg: string }).sign(signer.key)
}

/** An unsigned assertion (alg none) and an HS256 one keyed with the public JWK's text. */
export function unsigned(c: BackendClient): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
  return `${b64({ alg: 'none', typ: 'JWT', ...(c.kid ? { kid: c.kid } : {}) })}.${b64({ iss: c.clientId, sub: c.clientId, aud: c.tokenUrl, exp: Math.floor(Date.now() / 1000) + 60, jti: randomUUID() })}.`
}

export function hmacWithPublicKey(c: BackendClient): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const h = b64({ alg: 'HS256', typ: 'JWT', ...(c.kid ? { kid: c.kid } : {}) })
  const p = b64({ iss: c.clientId, sub: c.clientId, aud: c.tokenUrl, exp: Math.floor(Date.now() / 1000) + 60, jti: randomUUID() })
  return `${h}.${p}.${createHmac('sha256', JSON.stringify(c.jwk)).update(`${h}.${p}`).digest('base64url')}`
}

const strangers = new Map<string, Promise<{ key: CryptoKey; alg: string; jwk: JWK }>>()

/**
 * A key pair no one has registered, one per algorithm in a process: any key but the registered
 * one is a stranger, and an RSA pair costs about 100 ms of CPU to make (four checks ask per run).
 */
export function strangerKey(alg: string): Promise<{ key: CryptoKey; alg: string; jwk: JWK }> {
  let made = strangers.get(alg)
  if (!made) {
    made = (async () => {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
      return { key: privateKey, alg, jwk: await exportJWK(publicKey) }
    })()
    strangers.set(alg, made)
  }
  return made
}

/** POST the token endpoint with a form (no credentials of ours attached). */
export function tokenExchange(ctx: CheckContext, c: Pick<BackendClient, 'tokenUrl'>, name: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return ctx.exchange(
    name,
    'POST',
    c.tokenUrl,
    { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    { body: new URLSearchParams(form).toString(), noAuth: true },
  )
}

export function backendForm(c: BackendClient, clientAssertion: string, scope = c.scope): Record<string, string> {
  return { grant_type: 'client_credentials', scope, client_assertion_type: ASSERTION_TYPE, client_assertion: clientAssertion }
}

const OAUTH_ERRORS = new Set(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope'])

/**
 * An OAuth error answer (RFC 6749 §5.2): JSON with a registered `error` code, HTTP 400 — or 401,
 * which §5.2 gives to invalid_client alone. `codes` narrows the codes the cited rule allows.
 */
export function oauthError(ex: { response?: { status: number; body: string } }, codes?: readonly string[]): { ok: boolean; got: string } {
  if (!ex.response) return { ok: false, got: 'no response' }
  let code: unknown
  try {
    code = (parseBody(ex.response.body) as { error?: unknown }).error
  } catch {
    code = undefined
  }
  const registered = typeof code === 'string' && OAUTH_ERRORS.has(code) && (!codes || codes.includes(code))
  const status = ex.response.status === 400 || (ex.response.status === 401 && code === 'invalid_client')
  return { ok: registered && status, got: `HTTP ${ex.response.status} ${ex.response.body.slice(0, 160)}` }
}

/** How a check names the error codes it accepts, for its message. */
function expectedError(codes?: readonly string[]): string {
  if (!codes) return 'an OAuth error (400, or 401 with `invalid_client`, and a registered `error`)'
  return `\`error\` ${codes.map((c) => `\`${c}\``).join(' or ')} (HTTP 400${codes.includes('invalid_client') ? ' or 401' : ''})`
}

/**
 * A check that bad token requests are each refused with an OAuth error and no token: `make`
 * names every variant (a label and the form to send).
 */
export function refusedRequests(o: {
  id: string
  title: string
  description: string
  verifies: string[]
  contentType?: (label: string) => string
  body?: (form: Record<string, string>) => string
  make: (c: BackendClient) => Promise<Array<[label: string, form: Record<string, string>]>>
  /** The error codes the cited rule allows (default: any registered code). */
  codes?: readonly string[]
  /** The keyword of the rows it verifies (default SHALL). */
  level?: Check['level']
  /**
   * Variants a server may answer with a token instead, provided the response states the scope it
   * applied (RFC 6749 §3.3: an omitted scope is failed or replaced by a pre-defined default).
   */
  mayApplyDefaultScope?: (label: string) => boolean
}): Check {
  return {
    id: o.id,
    title: o.title,
    description: o.description,
    verifies: o.verifies,
    level: o.level ?? 'SHALL',
    async run(ctx) {
      const c = await backendClient(ctx)
      for (const [label, form] of await o.make(c)) {
        const ex = await ctx.exchange(
          `token-${o.id}-${label}`,
          'POST',
          c.tokenUrl,
          { 'content-type': o.contentType?.(label) ?? 'application/x-www-form-urlencoded', accept: 'application/json' },
          { body: o.body ? o.body(form) : new URLSearchParams(form).toString(), noAuth: true },
        )
        const err = oauthError(ex, o.codes)
        if (ex.response?.status === 200 && o.mayApplyDefaultScope?.(label)) {
          const applied = (ex.json() as { scope?: unknown }).scope
          expect(
            typeof applied === 'string' && applied.trim() !== '',
            `expected a refusal, or a token whose \`scope\` states the default applied, for ${label}; got ${shown(applied)}`,
          )
          continue
        }
        expect(!/"access_token"/.test(ex.response?.body ?? ''), `expected no \`access_token\` for ${label}, got ${err.got}`)
        expect(err.ok, `expected ${expectedError(o.codes)} for ${label}, got ${err.got}`)
      }
    },
  }
}

/**
 * A check that one bad client assertion is refused with invalid_client and no token: SMART Backend
 * Services (Signature verification) requires an authentication failure to be answered with the
 * OAuth invalid_client error; RFC 7523 §3 lists what makes an assertion fail.
 */
export function refusedAssertion(o: {
  id: string
  title: string
  description: string
  verifies: string[]
  level?: Check['level']
  make: (c: BackendClient) => Promise<string> | string
}): Check {
  return refusedRequests({
    ...o,
    description: `${o.description} The refusal is \`invalid_client\` ([SMART Backend Services, Signature verification](${BS_SPEC}#signature-verification): a failed client authentication SHALL be answered with that error).`,
    codes: ['invalid_client'],
    make: async (c) => [[o.title.toLowerCase(), backendForm(c, await o.make(c))]],
  })
}

/** A token for `scope` from the run's client (made once per scope), or skip. */
export async function scopedToken(ctx: CheckContext, scope: string): Promise<{ token: string; granted: string }> {
  const c = await backendClient(ctx)
  const tok = await tokenExchange(ctx, c, `token-scoped-${scope}`, backendForm(c, await assertion(c), scope))
  if (tok.response?.status !== 200) skip(`the client could not get a ${scope} token (HTTP ${tok.response?.status ?? tok.error})`)
  const body = tok.json() as { access_token: string; scope?: string }
  return { token: body.access_token, granted: body.scope ?? '' }
}

/** The one valid backend-services token request AU-25, AU-26 and AU-08 inspect. */
export async function validToken(ctx: CheckContext) {
  const c = await backendClient(ctx)
  return tokenExchange(ctx, c, 'token-valid', backendForm(c, await assertion(c)))
}

// A token that has been revoked (RFC 7009), made once and inspected by AU-14 and AU-18.

/** Client authentication for introspection and revocation: a fresh private_key_jwt assertion. */
export async function clientAuthForm(ctx: CheckContext): Promise<Record<string, string>> {
  const c = await backendClient(ctx)
  return { client_assertion_type: ASSERTION_TYPE, client_assertion: await assertion(c) }
}

/**
 * POST the introspection endpoint about `token`, once per name; skip if there is none. SMART lets
 * the endpoint authorize its caller either way: the run's client authenticates with a
 * private_key_jwt assertion first, and when that is refused (401/403), with a bearer token of its
 * own (SMART App Launch, Token introspection) — so a server that expects the other way is not
 * judged on the refusal.
 */
export async function introspect(ctx: CheckContext, name: string, token: string) {
  const url = (await discoveryJson(ctx)).introspection_endpoint
  if (typeof url !== 'string') skip('no introspection_endpoint in the SMART configuration')
  const form = { 'content-type': 'application/x-www-form-urlencoded' }
  const asClient = await ctx.exchange(name, 'POST', url, form, { body: new URLSearchParams({ ...(await clientAuthForm(ctx)), token }).toString(), noAuth: true })
  if (asClient.response?.status !== 401 && asClient.response?.status !== 403) return asClient
  const c = await backendClient(ctx)
  const own = await tokenExchange(ctx, c, 'token-for-introspection', backendForm(c, await assertion(c)))
  const bearer = own.response?.status === 200 ? (own.json() as { access_token?: unknown }).access_token : undefined
  if (typeof bearer !== 'string') return asClient
  return ctx.exchange(`${name}-bearer`, 'POST', url, { ...form, authorization: `Bearer ${bearer}` }, { body: new URLSearchParams({ token }).toString(), noAuth: true })
}

export async function revokedToken(ctx: CheckContext): Promise<string> {
  const conf = await discoveryJson(ctx)
  if (typeof conf.revocation_endpoint !== 'string') skip('no revocation_endpoint in the SMART configuration')
  const c = await backendClient(ctx)
  const tok = await tokenExchange(ctx, c, 'token-to-revoke', backendForm(c, await assertion(c), 'system/Patient.rs'))
  if (tok.response?.status !== 200) skip('the client could not get a system/Patient.rs token')
  const token = (tok.json() as { access_token: string }).access_token
  const rev = await ctx.exchange(
    'revoke',
    'POST',
    conf.revocation_endpoint,
    { 'content-type': 'application/x-www-form-urlencoded' },
    { body: new URLSearchParams({ ...(await clientAuthForm(ctx)), token }).toString(), noAuth: true },
  )
  if (rev.response?.status !== 200) skip(`revocation answered HTTP ${rev.response?.status ?? rev.error}`)
  return token
}

/**
 * A token request for `scope` is refused with an OAuth error, or the token it yields reaches no
 * more than its granted `scope` says (SMART Backend Services, Access FHIR API: the resource server
 * SHALL ensure the token's scope covers the request). Probes a search and a create on types the
 * CapabilityStatement declares for them; a probe the granted scope covers is not made.
 */
export async function grantsOnlyItsScope(ctx: CheckContext, c: BackendClient, id: string, scope: string): Promise<void> {
  const label = scope || 'an empty scope'
  const tok = await tokenExchange(ctx, c, `token-${id}-${label}`, backendForm(c, await assertion(c), scope))
  if (tok.response?.status !== 200) {
    const err = oauthError(tok)
    expect(err.ok, `expected a token or an OAuth error for scope ${shown(scope)}, got ${err.got}`)
    return
  }
  const body = tok.json() as { access_token?: unknown; scope?: unknown }
  if (typeof body.access_token !== 'string') return
  // RFC 6749 §5.1: a response without scope granted what was asked.
  const saysGranted = typeof body.scope === 'string' ? body.scope : scope
  const granted = parseScopes(saysGranted)
  const probes: Array<{ perm: Permission; interaction: 'search-type' | 'create'; what: string }> = [
    { perm: 's', interaction: 'search-type', what: 'searched' },
    { perm: 'c', interaction: 'create', what: 'created' },
  ]
  for (const p of probes) {
    const type = (await typesClaiming(ctx, p.interaction)).find((t) => granting(granted, t, p.perm).length === 0)
    if (!type) continue
    const auth = { authorization: `Bearer ${body.access_token}` }
    const ex =
      p.perm === 's'
        ? await ctx.exchange(`${id}-${label}-search-${type}`, 'GET', `${type}?_count=1`, auth, { noAuth: true })
        : await ctx.exchange(
            `${id}-${label}-create-${type}`,
            'POST',
            type,
            { ...auth, 'content-type': 'application/fhir+json' },
            { noAuth: true, body: JSON.stringify(ctx.tagged({ resourceType: type })) },
          )
    const status = ex.response?.status
    // Registered before any verdict, so what a lenient server let through is cleaned up.
    const written = /\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ex.response?.headers.location ?? '')?.[1]
    if (p.perm === 'c' && status !== undefined && status < 300 && written) ctx.created.add(`${type}/${written}`)
    // Any refusal is conformant here (which status is AU-67's question); success is access granted.
    expect(
      status === undefined || status >= 300,
      `a token granted ${shown(saysGranted)} (asked: ${shown(scope)}) ${p.what} ${type}: HTTP ${status}; no granted scope covers it, so it must be refused`,
    )
  }
}

/** An Observation search with a system/Patient.rs token (made once; AU-22 judges the refusal, AU-67 its status), or skip. */
export async function outOfScopeSearch(ctx: CheckContext) {
  const c = await backendClient(ctx)
  const tok = await tokenExchange(ctx, c, 'token-patient-only', backendForm(c, await assertion(c), 'system/Patient.rs'))
  if (tok.response?.status !== 200) skip('the client could not get a system/Patient.rs token')
  const token = (tok.json() as { access_token: string }).access_token
  return ctx.exchange('search-out-of-scope', 'GET', 'Observation?_count=1', { authorization: `Bearer ${token}` }, { noAuth: true })
}
