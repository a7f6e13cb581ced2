// The app-launch half the auth checks drive with the run's app client (--app-client-id,
// --app-redirect-uri): one authorization request whose redirect is read, not followed. A server
// that shows a sign-in page first cannot be driven without a user, and the check skips.
import { createHash, randomUUID } from 'node:crypto'
import { expect, skip } from '../check.js'
import type { AppClient, CheckContext } from '../context.js'
import { discoveryJson } from '../smart-discovery/shared.js'

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
): Promise<{ refused: true } | { code: string }> {
  const conf = await discoveryJson(ctx)
  const url = new URL(String(conf.authorization_endpoint))
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: app.redirectUri,
    scope,
    state: randomUUID(),
    aud: ctx.client.base.replace(/\/$/, ''),
    code_challenge: challenge,
    code_challenge_method: method,
  }).toString()
  const ex = await ctx.exchange(name, 'GET', url.toString(), { accept: 'text/html' }, { noAuth: true, noRedirect: true })
  const res = ex.response
  if (!res) skip(`the authorization endpoint did not answer: ${ex.error}`)
  if (res.status >= 400) return { refused: true }
  const location = res.headers.location
  if (res.status < 300 || !location) skip(`the authorization endpoint answered HTTP ${res.status} (a sign-in page?): a user would have to approve first`)
  const back = new URL(location, url)
  if (!back.href.startsWith(app.redirectUri)) skip(`the authorization endpoint redirected to ${back.origin}${back.pathname} (a sign-in page?), not to the app`)
  if (back.searchParams.has('error')) return { refused: true }
  const code = back.searchParams.get('code')
  expect(code, `expected a redirect to the app with \`error\` or a \`code\`, got ${back.search || 'neither'}`)
  return { code }
}
