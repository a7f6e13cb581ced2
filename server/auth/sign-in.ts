// An identity provider's pages in front of the authorization endpoint (`serve --sign-in`): a valid
// authorization request is not approved at once but shown a sign-in form, then a consent page
// naming the client and the scopes; "Allow" redirects to the app with the code, "Deny" with
// access_denied (RFC 6749 §4.1.2.1). A signed-in browser keeps a session cookie and goes straight
// to consent. This is what `conform --authorize-with browser` drives with a login script.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { OAuthReply } from './clients.js'
import { html, type Html } from '../../lib/html.js'

/** The one test user, from SHORELINE_LOGIN_USERNAME and SHORELINE_LOGIN_PASSWORD. */
export interface SignInUser {
  username: string
  password: string
}

/** An HTML answer (sent as it is). */
export type PageReply = OAuthReply & { raw?: Buffer }

interface Pending {
  clientId: string
  scope: string
  approve: () => OAuthReply
  deny: () => OAuthReply
  expires: number
}

/** How long a sign-in may take, and a session lasts, seconds. */
const PENDING_SECONDS = 600
const SESSION_SECONDS = 3600
const COOKIE = 'shoreline_sid'

const digest = (s: string) => createHash('sha256').update(s).digest()

export class SignInPages {
  private readonly pending = new Map<string, Pending>()
  private readonly sessions = new Map<string, number>()

  constructor(
    private readonly user: SignInUser,
    private readonly seconds: () => number,
  ) {}

  /** A valid authorization request: the sign-in form, or consent for a signed-in browser. */
  begin(request: Omit<Pending, 'expires'>, cookie: string | undefined): PageReply {
    const now = this.seconds()
    for (const [k, p] of this.pending) if (p.expires <= now) this.pending.delete(k)
    const tx = randomBytes(18).toString('base64url')
    this.pending.set(tx, { ...request, expires: now + PENDING_SECONDS })
    return this.session(cookie) ? this.consentPage(tx) : this.loginPage(tx, false)
  }

  /** POST /auth/login: the form's username and password. */
  login(form: URLSearchParams): PageReply {
    const tx = form.get('tx') ?? ''
    if (!this.live(tx)) return expired()
    // Both compared in constant time, whatever their lengths.
    const ok = timingSafeEqual(digest(form.get('username') ?? ''), digest(this.user.username)) && timingSafeEqual(digest(form.get('password') ?? ''), digest(this.user.password))
    if (!ok) return this.loginPage(tx, true)
    const sid = randomBytes(24).toString('base64url')
    this.sessions.set(sid, this.seconds() + SESSION_SECONDS)
    const page = this.consentPage(tx)
    return { ...page, headers: { ...page.headers, 'Set-Cookie': `${COOKIE}=${sid}; Path=/auth; HttpOnly; SameSite=Lax; Max-Age=${SESSION_SECONDS}` } }
  }

  /** POST /auth/consent: "Allow" issues the code; anything else is the user saying no. */
  consent(form: URLSearchParams, cookie: string | undefined): PageReply {
    const tx = form.get('tx') ?? ''
    const p = this.live(tx)
    if (!p || !this.session(cookie)) return expired()
    this.pending.delete(tx)
    return form.get('approve') === 'yes' ? p.approve() : p.deny()
  }

  private live(tx: string): Pending | undefined {
    const p = this.pending.get(tx)
    return p && p.expires > this.seconds() ? p : undefined
  }

  private session(cookie: string | undefined): boolean {
    const sid = /(?:^|;\s*)shoreline_sid=([^;]+)/.exec(cookie ?? '')?.[1]
    const until = sid ? this.sessions.get(sid) : undefined
    return until !== undefined && until > this.seconds()
  }

  private loginPage(tx: string, failed: boolean): PageReply {
    const p = this.pending.get(tx)
    return page(
      'Sign in',
      html`<p>${p?.clientId ?? 'An application'} asks to use your account.</p>
${
  failed
    ? html`<p role="alert">Incorrect username or password.</p>
`
    : ''
}<form method="post" action="/auth/login">
<input type="hidden" name="tx" value="${tx}">
<p><label for="username">Username</label> <input id="username" name="username" autocomplete="username" required></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit" name="signInSubmitButton">Sign in</button></p>
</form>`,
    )
  }

  private consentPage(tx: string): PageReply {
    const p = this.pending.get(tx)
    const scopes = (p?.scope ?? '').split(' ').filter(Boolean)
    return page(
      'Allow access?',
      html`<p>${p?.clientId ?? 'An application'} asks for:</p>
<ul>${scopes.map((s) => html`<li><code>${s}</code></li>`)}</ul>
<form method="post" action="/auth/consent">
<input type="hidden" name="tx" value="${tx}">
<button type="submit" name="approve" value="yes">Allow</button> <button type="submit" name="deny" value="yes">Deny</button>
</form>`,
    )
  }
}

function page(title: string, main: Html, status = 200): PageReply {
  const doc = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title} · Shoreline reference server</title></head>
<body><main><h1>${title}</h1>
${main}
</main></body></html>
`
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    },
    raw: Buffer.from(doc.text),
  }
}

/** A form for a request that expired, was used, or lost its session: start again from the app. */
const expired = () => page('Sign-in expired', html`<p>This sign-in has expired or was already used. Start again from the application.</p>`, 400)
