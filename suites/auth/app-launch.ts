// The app-launch half the auth checks drive with the run's app client (--app-client-id,
// --app-redirect-uri): one authorization request whose redirect is read, not followed. A server
// that shows a sign-in page first needs a user: with --authorize-with browser, Chromium and the
// run's login script sign in (lib/target/browser.ts); without, the check skips.
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { expect, skip } from '../check.js'
import type { AppClient, CheckContext } from '../context.js'
import { discoveryJson } from '../smart-discovery/shared.js'
import { tokenExchange } from './shared.js'

export const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url')

/**
 * One authorization request (not following the redirect): `refused` when the endpoint says no,
 * `code` when it redirects back with one; skips when a user would have to sign in first.
 */
export async function authorize(
  ctx: CheckContext,
  app: AppClient,
  name: string,
  challenge: string,
  method: 'S256' | 'plain',
  scope = 'launch/patient patient/*.rs',
  /** Send the request as a POST form (SMART authorize-post) instead of a GET. */
  post = false,
  /** The resource server the token is for (AU-17 names another); the target's FHIR base by default. */
  aud = ctx.client.base.replace(/\/$/, ''),
): Promise<{ refused: string } | { code: string; state: string | null; sentState: string }> {
  const conf = await discoveryJson(ctx)
  const url = new URL(String(conf.authorization_endpoint))
  const sentState = randomUUID()
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: app.redirectUri,
    scope,
    state: sentState,
    aud,
    code_challenge: challenge,
    code_challenge_method: method,
  }).toString()
  const answer = ctx.authorizer ? await inBrowser(ctx, app, name, url, post) : await headless(ctx, app, name, url, post)
  if (typeof answer !== 'string') return answer
  const back = new URL(answer, url)
  const error = back.searchParams.get('error')
  if (error !== null) return { refused: `the redirect to the app carries error=${error}` }
  const code = back.searchParams.get('code')
  expect(code, `expected a redirect to the app with \`error\` or a \`code\`, got ${back.search || 'neither'}`)
  return { code, state: back.searchParams.get('state'), sentState }
}

/** The redirect a bare GET of the authorization URL answers; skips where a page asks for a user. */
async function headless(ctx: CheckContext, app: AppClient, name: string, url: URL, post: boolean): Promise<string | { refused: string }> {
  const ex = post
    ? await ctx.exchange(
        name,
        'POST',
        `${url.origin}${url.pathname}`,
        { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        { body: url.search.slice(1), noAuth: true, noRedirect: true },
      )
    : await ctx.exchange(name, 'GET', url.toString(), { accept: 'text/html' }, { noAuth: true, noRedirect: true })
  const res = ex.response
  if (!res) skip(`the authorization endpoint did not answer: ${ex.error}`)
  if (res.status >= 400) return { refused: `the authorization endpoint answered HTTP ${res.status}` }
  const location = res.headers.location
  const browser = '--authorize-with browser and a --login-script sign in as a user'
  if (res.status < 300 || !location) skip(`the authorization endpoint answered HTTP ${res.status} (a sign-in page?): a user would have to approve first (${browser})`)
  const back = new URL(location, url)
  if (!back.href.startsWith(app.redirectUri)) skip(`the authorization endpoint redirected to ${back.origin}${back.pathname} (a sign-in page?), not to the app (${browser})`)
  return location
}

/** Where the browser was sent back to, the login script having signed in; skips where it never came back. */
async function inBrowser(ctx: CheckContext, app: AppClient, name: string, url: URL, post: boolean): Promise<string | { refused: string }> {
  const browser = ctx.authorizer
  if (!browser) skip('no browser')
  const request = { method: post ? 'POST' : 'GET', url: url.toString() }
  const { value, error } = await ctx.call(name, request, () => browser.approve(url.toString(), app.redirectUri, post))
  // Chromium that cannot start, or playwright failing, is Shoreline's side: the check breaks (error), no verdict.
  if (!value) throw new Error(`the browser could not be driven: ${error}`)
  if ('refused' in value) return { refused: `the authorization endpoint answered HTTP ${value.refused}` }
  if ('stuck' in value)
    skip(`in the browser, the authorization request did not come back to the app: ${value.why} (at ${value.stuck}); check --login-script and the SHORELINE_LOGIN_* variables`)
  return value.back
}

/** What the app asks for by default: a patient in context, its data, and a refresh token. */
export const APP_SCOPE = 'launch/patient patient/*.rs offline_access'

export interface AppGrant {
  /** The scope the app asked for. */
  asked: string
  /** The token endpoint's answer to the code exchanged with its verifier. */
  token: Awaited<ReturnType<typeof tokenExchange>>
  tokenUrl: string
  /** The code and the verifier it was exchanged with (AU-16 sends them again). */
  code: string
  verifier: string
}

const grants = new WeakMap<CheckContext, Map<string, Promise<AppGrant>>>()

/**
 * The app's whole authorization-code flow: an S256 request approved, its code exchanged with its
 * verifier (a public client names itself). Once per run's context and name; skips where the app
 * client is missing or its request is refused (AU-15 judges that).
 */
export function appGrant(ctx: CheckContext, name = 'app', scope = APP_SCOPE, headers: Record<string, string> = {}): Promise<AppGrant> {
  let byName = grants.get(ctx)
  if (!byName) grants.set(ctx, (byName = new Map()))
  let p = byName.get(name)
  if (!p) {
    p = (async () => {
      const app = ctx.app
      if (!app) skip('needs an app client registered at the target (--app-client-id and --app-redirect-uri)')
      const tokenUrl = String((await discoveryJson(ctx)).token_endpoint)
      const verifier = randomBytes(32).toString('base64url')
      const approved = await authorize(ctx, app, `authorize-${name}`, s256(verifier), 'S256', scope)
      if ('refused' in approved) skip('an S256 authorization request is refused: check --app-client-id and --app-redirect-uri')
      const token = await tokenExchange(
        ctx,
        { tokenUrl },
        `token-${name}`,
        {
          grant_type: 'authorization_code',
          code: approved.code,
          redirect_uri: app.redirectUri,
          client_id: app.clientId,
          code_verifier: verifier,
        },
        headers,
      )
      return { asked: scope, token, tokenUrl, code: approved.code, verifier }
    })()
    byName.set(name, p)
  }
  return p.then(async (grant) => {
    // Every check that judges the flow carries its exchanges (made already: nothing is sent again).
    await ctx.cite(`authorize-${name}`)
    await ctx.cite(`token-${name}`)
    return grant
  })
}

/** The scopes of a token response, as a set (none when it names none). */
export function grantedScopes(body: Record<string, unknown>): Set<string> {
  return new Set(typeof body.scope === 'string' ? body.scope.split(/\s+/).filter(Boolean) : [])
}
