// Everything the reference server answers, in one table (STYLE.md 14), first match wins:
// HealthLake's control plane, the SMART authorization server under /auth/, SMART discovery, bulk
// job status and files, and the FHIR API, whose interactions have their own table
// (server/rest/routes.ts) behind dispatch().
import type { IncomingMessage } from 'node:http'
import { badRequest, notFound, OutcomeError } from '../../lib/outcomes.js'
import { OAuthError } from '../auth/oauth-error.js'
import { authenticate, FULL_ACCESS, operationName, type Access } from '../auth/guard.js'
import { verifySigV4 } from '../auth/sigv4.js'
import { dispatch } from '../rest/routes.js'
import type { FhirRequest } from '../rest/types.js'
import type { Context, WireReply } from './context.js'
import { jsonForm, lowerHeaders, negotiate, parseBody, readBody, throttle } from './wire.js'
import { accessToWire, readsOnly } from './readers.js'
import { fileExaminations } from '../rest/bundle-examine.js'
import { prepareValidate } from '../rest/validate.js'
import { BRANDS_PATH, brandsBundle } from '../auth/brands.js'

/** One request as the routes see it. `parts`: the path below the FHIR base, when it is under it. */
export interface HttpRequest {
  req: IncomingMessage
  url: URL
  method: string
  headers: Record<string, string | undefined>
  parts?: string[]
}

export interface HttpRoute {
  name: string
  matches(r: HttpRequest, ctx: Context): boolean
  handle(r: HttpRequest, ctx: Context): Promise<WireReply>
}

/** Is this /auth/ endpoint one the server offers (a legal variant may leave some out)? */
function offered(name: string | undefined, ctx: Context): boolean {
  const has = ctx.auth?.has
  if (name === 'token') return true
  if (name === 'introspect') return has?.introspection !== false
  if (name === 'revoke') return has?.revocation !== false
  if (name === 'authorize') return has?.authorize !== false
  return false
}

const authPath = (r: HttpRequest) => (r.url.pathname.startsWith('/auth/') ? r.url.pathname.slice('/auth/'.length) : undefined)

export const HTTP_ROUTES: readonly HttpRoute[] = [
  { name: 'HealthLake control plane (AWS JSON 1.0)', matches: (r) => r.url.pathname === '/' && r.method === 'POST' && !!r.headers['x-amz-target'], handle: controlPlane },
  {
    name: 'GET /auth/jwks',
    matches: (r) => authPath(r) === 'jwks' && r.method === 'GET',
    handle: async (r, ctx) => ({ status: 200, headers: { 'Cache-Control': 'max-age=300' }, body: smart(ctx, r).jwks, json: true }),
  },
  {
    name: 'GET /auth/.well-known/openid-configuration',
    matches: (r, ctx) => authPath(r) === '.well-known/openid-configuration' && r.method === 'GET' && ctx.auth?.claimsOpenId === true,
    handle: async (r, ctx) => ({ status: 200, headers: { 'Cache-Control': 'max-age=300' }, body: smart(ctx, r).openIdConfiguration(), json: true }),
  },
  {
    name: 'GET /auth/authorize',
    matches: (r, ctx) => authPath(r) === 'authorize' && r.method === 'GET' && ctx.auth?.has.authorize !== false,
    handle: async (r, ctx) => ({ ...smart(ctx, r).authorize(r.url.searchParams, r.headers.cookie), json: true }),
  },
  {
    // SMART App Launch 2.x: the same request as a form (authorize-post); authorize-post-refused breaks it.
    name: 'POST /auth/authorize',
    matches: (r, ctx) => authPath(r) === 'authorize' && r.method === 'POST' && ctx.auth?.has.authorize !== false && !ctx.faults.has('authorize-post-refused'),
    handle: async (r, ctx) => {
      const auth = smart(ctx, r)
      const text = await readBody(r.req, 64 * 1024)
      if (!String(r.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
        return { ...auth.errorReply(new OAuthError('invalid_request', 'the body must be application/x-www-form-urlencoded')), json: true }
      return { ...auth.authorize(new URLSearchParams(text), r.headers.cookie), json: true }
    },
  },
  {
    name: 'POST /auth/login|consent (serve --sign-in)',
    matches: (r, ctx) => (authPath(r) === 'login' || authPath(r) === 'consent') && r.method === 'POST' && ctx.auth?.signIn !== undefined,
    handle: async (r, ctx) => {
      const pages = smart(ctx, r).signIn
      if (!pages) throw notFound(r.url.pathname)
      const form = new URLSearchParams(await readBody(r.req, 16 * 1024))
      return authPath(r) === 'login' ? pages.login(form) : pages.consent(form, r.headers.cookie)
    },
  },
  { name: 'POST /auth/token|introspect|revoke', matches: (r, ctx) => authPath(r) !== 'authorize' && offered(authPath(r), ctx) && r.method === 'POST', handle: oauthForm },
  {
    name: 'other /auth/',
    matches: (r) => authPath(r) !== undefined,
    handle: async (r, ctx) => {
      smart(ctx, r)
      if (!offered(authPath(r), ctx) && authPath(r) !== 'jwks') throw notFound(r.url.pathname)
      throw new OutcomeError(405, 'not-supported', `${r.method} ${r.url.pathname} is not supported`)
    },
  },
  {
    name: 'GET /brands/bundle.json (User-access Brands)',
    matches: (r, ctx) => r.url.pathname === BRANDS_PATH && r.method === 'GET' && ctx.auth !== undefined,
    handle: async (_r, ctx) => ({
      status: 200,
      headers: { 'Cache-Control': 'max-age=300', 'Access-Control-Allow-Origin': '*' },
      body: brandsBundle(ctx.env.base, ctx.faults),
      json: true,
    }),
  },
  { name: 'SMART discovery', matches: (r) => r.parts?.length === 2 && r.parts[0] === '.well-known' && r.parts[1] === 'smart-configuration', handle: smartConfiguration },
  { name: 'bulk export and import status and files', matches: (r) => (r.parts?.[0] === 'export' || r.parts?.[0] === 'import') && r.parts.length >= 2, handle: bulkJob },
  { name: 'FHIR API (server/rest/routes.ts)', matches: (r) => r.parts !== undefined, handle: fhir },
]

/** The route for a request: its path below the FHIR base is decoded once, here. */
export async function route(req: IncomingMessage, ctx: Context): Promise<WireReply> {
  const url = new URL(req.url ?? '/', 'http://server.invalid')
  const r: HttpRequest = { req, url, method: req.method ?? 'GET', headers: lowerHeaders(req) }
  const { prefix } = ctx
  if (url.pathname.startsWith(prefix) || url.pathname === prefix.slice(0, -1)) {
    try {
      r.parts = url.pathname.slice(prefix.length).split('/').filter(Boolean).map(decodeURIComponent)
    } catch {
      throw badRequest('the path is not valid percent-encoding')
    }
  }
  const match = HTTP_ROUTES.find((row) => row.matches(r, ctx))
  if (!match) throw notFound(`path ${url.pathname}`)
  return match.handle(r, ctx)
}

async function controlPlane(r: HttpRequest, ctx: Context): Promise<WireReply> {
  const body = await readBody(r.req, ctx.maxBodyBytes)
  const reply = await ctx.controlPlane.handle({ method: r.method, path: r.url.pathname, query: r.url.searchParams, headers: r.headers, body })
  return { status: reply.status, headers: reply.headers, body: reply.body, json: true }
}

/** The authorization server, or 404 when this server runs without SMART auth. */
function smart(ctx: Context, r: HttpRequest) {
  if (!ctx.auth) throw notFound(`${r.url.pathname} (this server runs without SMART auth)`)
  return ctx.auth
}

async function oauthForm(r: HttpRequest, ctx: Context): Promise<WireReply> {
  const auth = smart(ctx, r)
  const text = await readBody(r.req, 64 * 1024)
  const type = String(r.headers['content-type'] ?? '')
  let form: URLSearchParams
  if (type.startsWith('application/x-www-form-urlencoded')) form = new URLSearchParams(text)
  else if (ctx.faults.has('token-json-body-accepted') && type.startsWith('application/json')) form = jsonForm(text)
  else return { ...auth.errorReply(new OAuthError('invalid_request', 'the body must be application/x-www-form-urlencoded')), json: true }
  const name = authPath(r)
  const reply =
    name === 'token'
      ? await auth.token(form, r.headers.authorization)
      : name === 'introspect'
        ? await auth.introspect(form, r.headers.authorization)
        : await auth.revoke(form, r.headers.authorization)
  return { ...reply, headers: { ...reply.headers, ...(name === 'token' ? tokenCors(r, ctx) : {}) }, json: true }
}

/**
 * SMART App Launch 2.2, CORS: for a browser app (a public client), the token endpoint lets the
 * app's registered origin read its answer. The registered origins are those of the clients'
 * redirect URIs (token-no-cors: none).
 */
function tokenCors(r: HttpRequest, ctx: Context): Record<string, string> {
  const origin = r.headers.origin
  if (typeof origin !== 'string' || !ctx.auth || ctx.faults.has('token-no-cors')) return {}
  const originOf = (u: string) => URL.canParse(u) && new URL(u).origin
  const registered = ctx.auth.config.clients.some((c) => (c.redirect_uris ?? []).some((u) => originOf(u) === origin))
  return registered ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {}
}

async function smartConfiguration(_r: HttpRequest, ctx: Context): Promise<WireReply> {
  if (!ctx.auth || ctx.faults.has('discovery-missing')) throw notFound('SMART configuration (this server runs without SMART auth)')
  const type = ctx.faults.has('discovery-wrong-content-type') ? 'text/plain' : 'application/json'
  return {
    status: 200,
    headers: { 'Content-Type': type, ...(ctx.faults.has('discovery-no-cors') ? {} : { 'Access-Control-Allow-Origin': '*' }) },
    body: ctx.auth.smartConfiguration(),
    json: true,
  }
}

/** Bulk job status and files: a token is needed for status; files check requiresAccessToken themselves. */
async function bulkJob(r: HttpRequest, ctx: Context): Promise<WireReply> {
  const parts = r.parts!
  const text = await fhirBody(r, ctx)
  const isFile = parts[0] === 'export' ? parts.length === 3 : parts.length === 4
  let access: Access | undefined
  let authenticated = ctx.mode === 'none'
  if (ctx.mode !== 'none' && (!isFile || r.headers.authorization)) {
    access = await authorize(ctx, r, text)
    authenticated = true
  }
  const reply =
    parts[0] === 'export'
      ? await ctx.exports.handle(r.method, parts, access && access !== FULL_ACCESS ? access : undefined, authenticated, r.url)
      : await ctx.imports.handle(r.method, parts)
  return { ...reply, json: reply.body !== undefined && reply.status < 300 }
}

async function fhir(r: HttpRequest, ctx: Context): Promise<WireReply> {
  const parts = r.parts!
  const text = await fhirBody(r, ctx)
  const access = parts[0] === 'metadata' ? undefined : await authorize(ctx, r, text)
  const fhirReq: FhirRequest = {
    method: r.method,
    parts,
    query: r.url.searchParams,
    headers: r.headers,
    body: parseBody(r.req, text),
    ...(access && access !== FULL_ACCESS ? { access } : {}),
  }
  ctx.capacity?.charge(fhirReq, Buffer.byteLength(text))
  const onReader =
    ctx.readers && readsOnly(r.method, parts) ? ctx.readers.run({ ...fhirReq, query: fhirReq.query.toString(), access: fhirReq.access && accessToWire(fhirReq.access) }) : undefined
  if (onReader) {
    const answer = await onReader
    const { bytes } = answer
    return { status: answer.status, headers: answer.headers, text: bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : answer.text }
  }
  await examineBundle(ctx, fhirReq, text)
  await prepareValidate(fhirReq)
  const reply: WireReply = dispatch(ctx.env, fhirReq)
  // A HealthLake export kick-off and its status are plain JSON, not FHIR resources.
  if (reply.body && typeof reply.body === 'object' && 'jobId' in (reply.body as object)) reply.json = true
  return reply
}

/** Entries a Bundle needs before its validation and preparation go to a thread: fewer cost more to send than to do here. */
const THREAD_BUNDLE_ENTRIES = 20

/**
 * A batch or transaction Bundle of many entries: validated and prepared on a preparing thread
 * (server/rest/bundle-examine.ts) while this thread, the database's writer, stores other requests.
 */
async function examineBundle(ctx: Context, req: FhirRequest, text: string) {
  if (req.method !== 'POST' || req.parts.length !== 0) return
  const entries = (req.body as { resourceType?: unknown; entry?: unknown } | undefined)?.entry
  const big = Array.isArray(entries) && entries.length >= THREAD_BUNDLE_ENTRIES && (req.body as { resourceType?: unknown }).resourceType === 'Bundle'
  const pool = ctx.bundlePreparers.pool(big)
  if (!big || !pool) return
  const exams = await pool.examineBundle(text)
  if (exams) fileExaminations(req.body, exams)
}

/** What every FHIR-base request goes through first: the rate limit, negotiation, the body. */
async function fhirBody(r: HttpRequest, ctx: Context): Promise<string> {
  throttle(ctx)
  if (!ctx.faults.has('tx-accept-ignored')) negotiate(r.req, r.url)
  return r.method === 'GET' || r.method === 'HEAD' || r.method === 'DELETE' ? '' : readBody(r.req, ctx.maxBodyBytes)
}

/** The caller's access under the server's auth mode (401/403 as OperationOutcomes). */
async function authorize(ctx: Context, r: HttpRequest, body: string): Promise<Access | undefined> {
  if (ctx.mode === 'none') return undefined
  if (ctx.mode === 'sigv4') {
    await verifySigV4({ method: r.method, path: r.url.pathname, query: r.url.searchParams, headers: r.headers, body }, ctx.sigv4, 'healthlake', ctx.clock())
    return FULL_ACCESS
  }
  return authenticate(ctx.validator!, r.headers.authorization, ctx.env.base, operationName(r.method, r.parts ?? []), ctx.faults, Math.floor(ctx.clock() / 1000))
}
