// Authorization requests a user approves in a real browser (conform --authorize-with browser):
// Debian's Chromium, driven by playwright-core, opens the authorization URL; where the identity
// provider shows its pages, the user's login script fills them (test credentials from the
// environment, never from argv). The code is read off the browser's navigation to the app's
// redirect URI. One browser per run, one request at a time, each bounded in time; the provider's
// session cookie is kept between requests, as in a user's browser.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { UsageError } from '../errors.js'
import { registerSecret } from '../redact.js'
import { html } from '../html.js'

/** What a login script is called with, each time the browser stops at a page that is not the app's. */
export interface LoginScriptArgs {
  page: Page
  env: NodeJS.ProcessEnv
  /** Where the provider will send the browser back when the user is done. */
  redirectUri: string
}
export type LoginScript = (args: LoginScriptArgs) => Promise<unknown>

/** What one authorization request came to in the browser. */
export type BrowserOutcome =
  /** The browser was sent back to the app: the redirect URI with its query (code or error, state). */
  | { back: string }
  /** The authorization endpoint answered an HTTP error page (the request refused before any sign-in). */
  | { refused: number; at: string }
  /** It never came back to the app in time: where it stayed, and why. */
  | { stuck: string; why: string }

export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

/** Chromium as CI machines run it: no sandbox (containers), nothing fetched besides the pages. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** The environment variables a login script reads its credentials from; the secret ones are redacted everywhere. */
export const LOGIN_ENV = /^SHORELINE_LOGIN_/
const SECRET_ENV = /PASSWORD|SECRET|TOKEN|TOTP|OTP/

/** A URL as shown in messages: no query (it may carry a transaction id or a code). */
const where = (url: string) => {
  try {
    const u = new URL(url)
    return `${u.origin}${u.pathname}`
  } catch {
    return url
  }
}

export class BrowserAuthorizer {
  private started?: Promise<{ browser: Browser; context: BrowserContext }>
  private queue: Promise<unknown> = Promise.resolve()

  private constructor(
    readonly executablePath: string,
    private readonly login: LoginScript | undefined,
    /** Each authorization request, from opening the URL to coming back to the app, ms. */
    readonly timeoutMs: number,
  ) {}

  /** Checks Chromium and loads the login script (a usage error when either is wrong); the browser starts at the first request. */
  static async open(o: { executablePath?: string; loginScript?: string; timeoutMs: number }): Promise<BrowserAuthorizer> {
    const exe = o.executablePath ?? process.env.SHORELINE_CHROMIUM ?? DEFAULT_CHROMIUM
    if (!existsSync(exe)) throw new UsageError(`--authorize-with browser needs Chromium at ${exe}: install Debian's chromium package, or name it with --browser-path`)
    for (const [k, v] of Object.entries(process.env)) if (LOGIN_ENV.test(k) && SECRET_ENV.test(k) && v) registerSecret(v)
    let login: LoginScript | undefined
    if (o.loginScript) {
      let mod: Record<string, unknown>
      try {
        mod = (await import(pathToFileURL(resolve(o.loginScript)).href)) as Record<string, unknown>
      } catch (err) {
        throw new UsageError(`--login-script ${o.loginScript}: ${(err as Error).message.split('\n')[0]}`)
      }
      const fn = mod.default ?? mod.login
      if (typeof fn !== 'function') throw new UsageError(`--login-script ${o.loginScript} exports no function (export default async function ({ page, env }) { … })`)
      login = fn as LoginScript
    }
    return new BrowserAuthorizer(exe, login, o.timeoutMs)
  }

  /**
   * Opens `url` (or, with `post`, submits its query as a form to its endpoint) and follows it,
   * signing in with the login script, until the browser is sent to `redirectUri` (one request at a time).
   */
  approve(url: string, redirectUri: string, post = false): Promise<BrowserOutcome> {
    const run = this.queue.then(() => this.once(url, redirectUri, post))
    this.queue = run.catch(() => undefined)
    return run
  }

  async close(): Promise<void> {
    const started = this.started
    this.started = undefined
    if (started) await started.then(({ browser }) => browser.close()).catch(() => undefined)
  }

  private start(): Promise<{ browser: Browser; context: BrowserContext }> {
    this.started ??= (async () => {
      const { chromium } = await import('playwright-core')
      const browser = await chromium.launch({ executablePath: this.executablePath, args: CHROMIUM_ARGS, timeout: 30_000 })
      return { browser, context: await browser.newContext() }
    })()
    return this.started
  }

  private async once(url: string, redirectUri: string, post: boolean): Promise<BrowserOutcome> {
    const { context } = await this.start()
    const page = await context.newPage()
    let timer: NodeJS.Timeout | undefined
    try {
      let captured: string | undefined
      let cameBack!: (url: string) => void
      const back = new Promise<{ back: string }>((r) => (cameBack = (u) => r({ back: u })))
      // The code is read from the request itself: a redirect URI nothing serves still shows it.
      page.on('request', (req) => {
        if (captured === undefined && req.isNavigationRequest() && req.url().startsWith(redirectUri)) cameBack((captured = req.url()))
      })
      const deadline = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), this.timeoutMs)))
      const stuck = (why: string): BrowserOutcome => ({ stuck: where(page.url()), why })
      const opened = (post ? submitForm(page, url, this.timeoutMs) : page.goto(url, { timeout: this.timeoutMs, waitUntil: 'domcontentloaded' })).then(
        (res) => ({ status: res?.status() ?? 0 }),
        (err: Error) => ({ error: err.message.split('\n')[0] ?? '' }),
      )
      const first = await Promise.race([back, opened, deadline])
      if (captured !== undefined) return { back: captured }
      if (first === 'late') return stuck(`the authorization page did not load within ${this.timeoutMs / 1000} s`)
      if ('error' in first) return stuck(`the browser could not open it: ${first.error}`)
      if ('status' in first && first.status >= 400) return { refused: first.status, at: where(page.url()) }
      if (!this.login) {
        const late = await Promise.race([back, deadline])
        return late === 'late' ? stuck('a page asks the user to act and no --login-script was given') : late
      }
      const signedIn = this.login({ page, env: process.env, redirectUri }).then(
        () => 'done' as const,
        (err: Error) => ({ failed: err.message.split('\n')[0] ?? String(err) }),
      )
      const after = await Promise.race([back, signedIn, deadline])
      if (captured !== undefined) return { back: captured }
      if (after === 'late') return stuck(`the login script had not brought the browser back to the app after ${this.timeoutMs / 1000} s`)
      if (typeof after === 'object' && 'failed' in after) return stuck(`the login script failed: ${after.failed}`)
      const last = await Promise.race([back, deadline])
      return last === 'late' ? stuck(`the login script ended but the browser was not sent back to the app within ${this.timeoutMs / 1000} s`) : last
    } finally {
      clearTimeout(timer)
      await page.close().catch(() => undefined)
    }
  }
}

/** An authorization request as an app's page sends it by POST: a form of the query's fields, submitted to the endpoint. */
async function submitForm(page: Page, url: string, timeoutMs: number) {
  const u = new URL(url)
  const fields = [...u.searchParams].map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)
  await page.setContent(html`<form method="post" action="${`${u.origin}${u.pathname}`}">${fields}</form>`.text)
  const nav = page.waitForNavigation({ timeout: timeoutMs, waitUntil: 'domcontentloaded' })
  await page.evaluate(() => document.forms[0]?.submit())
  return nav
}
