// The reference server's sign-in pages (serve --sign-in), driven as a browser would over HTTP: a
// valid request shows the sign-in form; a wrong password shows it again; the right one gives a
// session cookie and the consent page; Allow redirects with a code that exchanges for a token,
// Deny with access_denied; a used, unknown or sessionless transaction is refused; requests that are
// refused anyway are refused before any page.
import t from 'tap'
import { createHash, randomBytes } from 'node:crypto'
import { startServer } from '../../server/http/server.js'
import { tokenRequest } from './auth-helpers.js'

const REDIRECT = 'http://127.0.0.1:9/callback'
const USER = { username: 'clinician', password: 'sign-in-test-password' }

t.test('SIGNIN-01: sign-in form, consent, code; wrong password, deny, replay and lost session refused', async (t) => {
  const target = await startServer({
    auth: 'smart',
    authConfig: { clients: [{ client_id: 'app', redirect_uris: [REDIRECT], scope: 'openid fhirUser launch/patient patient/*.rs', launch: { patient: 'pat-1' } }], signIn: USER },
  })
  t.teardown(() => target.close())
  const verifier = randomBytes(32).toString('base64url')
  const authorize = (extra: Record<string, string> = {}, cookie?: string) =>
    fetch(
      `${target.origin}/auth/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'app', redirect_uri: REDIRECT, scope: 'launch/patient patient/*.rs', state: 'st-9', aud: target.url, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', ...extra })}`,
      { redirect: 'manual', headers: cookie ? { cookie } : {} },
    )
  const post = (path: string, form: Record<string, string>, cookie?: string) =>
    fetch(`${target.origin}/auth/${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(form),
    })
  const txOf = (html: string) => /name="tx" value="([^"]+)"/.exec(html)?.[1] ?? ''

  const first = await authorize()
  t.equal(first.status, 200, 'a valid request answers a page, not a redirect')
  t.match(first.headers.get('content-type'), /^text\/html/)
  t.equal(first.headers.get('cache-control'), 'no-store')
  const form = await first.text()
  t.match(form, /<input id="username" name="username"/)
  t.match(form, /<input id="password" name="password" type="password"/)
  t.match(form, /name="signInSubmitButton"/)
  const tx = txOf(form)
  t.ok(tx, 'the form carries its transaction')

  const wrong = await post('login', { tx, username: USER.username, password: 'not-the-password' })
  t.equal(wrong.status, 200)
  const again = await wrong.text()
  t.match(again, /role="alert">Incorrect username or password\./, 'a wrong password shows the form again, saying so')
  t.notOk(wrong.headers.get('set-cookie'), 'and no session')

  const right = await post('login', { tx, ...USER })
  const cookie = (right.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  t.match(right.headers.get('set-cookie'), /^shoreline_sid=[\w-]+; Path=\/auth; HttpOnly; SameSite=Lax/, 'a session cookie, HttpOnly')
  const consent = await right.text()
  t.match(consent, /app asks for:/)
  t.match(consent, /<code>launch\/patient<\/code>/)
  t.match(consent, /name="approve" value="yes">Allow</)

  t.equal((await post('consent', { tx, approve: 'yes' })).status, 400, 'consent without the session cookie is refused')
  const allowed = await post('consent', { tx, approve: 'yes' }, cookie)
  t.equal(allowed.status, 302)
  const back = new URL(allowed.headers.get('location') ?? '')
  t.equal(`${back.origin}${back.pathname}`, REDIRECT)
  t.equal(back.searchParams.get('state'), 'st-9', 'state echoed')
  const code = back.searchParams.get('code') ?? ''
  const token = await tokenRequest(target, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'app', code_verifier: verifier })
  t.equal(token.status, 200, 'the code exchanges for a token')
  t.equal(token.body?.patient, 'pat-1', 'with the launch context')
  t.equal((await post('consent', { tx, approve: 'yes' }, cookie)).status, 400, 'a transaction is used once')
  t.equal((await post('login', { tx: 'made-up', ...USER })).status, 400, 'an unknown transaction is refused')

  const signedIn = await authorize({}, cookie)
  const straight = await signedIn.text()
  t.match(straight, /Allow access\?/, 'a signed-in browser goes straight to consent')
  const denied = await post('consent', { tx: txOf(straight), deny: 'yes' }, cookie)
  const deniedBack = new URL(denied.headers.get('location') ?? '')
  t.equal(deniedBack.searchParams.get('error'), 'access_denied', 'Deny redirects with access_denied')
  t.notOk(deniedBack.searchParams.get('code'))

  const unknownClient = await authorize({ client_id: 'nobody' })
  t.equal(unknownClient.status, 400, 'an unknown client is refused before any page')
  t.match(unknownClient.headers.get('content-type'), /json/)
  const plain = await authorize({ code_challenge_method: 'plain' })
  t.equal(new URL(plain.headers.get('location') ?? '').searchParams.get('error'), 'invalid_request', 'plain PKCE is refused before any page')
})
