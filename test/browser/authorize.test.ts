// conform --authorize-with browser: Debian's Chromium, driven by playwright-core with the example
// login script, signs a test user in on the reference server's sign-in pages (serve --sign-in),
// and every app-launch check then runs as it does headless. docs/browser-sign-in.md's commands run
// as written; a wrong password, a headless run and bad flags each get their clear answer; the
// password is in nothing written.
import t from 'tap'
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { exportJWK, generateKeyPair } from 'jose'
import { BIN, cli, cliRun, nodeCommand, ROOT, type CliResult } from '../helpers.js'
import { docCommands, parseCommand } from '../readme/commands.js'
import { startServer } from '../../server/http/server.js'
import { loadDataset } from '../../server/store/preload.js'

const CHROMIUM = process.env.SHORELINE_CHROMIUM ?? '/usr/bin/chromium'
const noChromium = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium)`
const LOGIN_SCRIPT = join(ROOT, 'examples/browser-login/login.mjs')
const REDIRECT = 'http://127.0.0.1:9/callback'
const CONFIDENTIAL_SECRET = 'browser-confidential-secret-0451'
/** The checks that need an authorization code; AU-13 and AU-63 need a backend client besides, AU-04 a confidential app. */
const APP_CHECKS = ['AU-01', 'AU-02', 'AU-04', 'AU-05', 'AU-09', 'AU-10', 'AU-11', 'AU-12', 'AU-13', 'AU-15', 'AU-16', 'AU-17', 'AU-63', 'AU-68']
const NEED_BACKEND = ['AU-13', 'AU-63', 'AU-04']

type Results = { checks: Array<{ id: string; outcome: string; message?: string }> }
const outcomes = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results
const byId = (r: Results, ids: string[]) => Object.fromEntries(r.checks.filter((c) => ids.includes(c.id)).map((c) => [c.id, c.outcome]))

/** Every encoding a secret could leak in; none may be in any file under dir or in the outputs. */
function leaks(secret: string, dir: string, outputs: string[]): string[] {
  const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64').replace(/=+$/, ''), Buffer.from(secret).toString('base64url')]
  const texts = [
    ...outputs,
    ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).flatMap((f) => (/\.(json|xml|txt|md|html)$/.test(f) ? [readFileSync(join(dir, f), 'utf8')] : [])),
  ]
  return forms.filter((f) => texts.some((x) => x.includes(f)))
}

t.test('BROWSER-02: docs/browser-sign-in.md runs as written: the example login script signs in and the app-launch checks pass', { skip: noChromium }, async (t) => {
  const doc = 'docs/browser-sign-in.md'
  const commands = docCommands(doc, readFileSync(join(ROOT, doc), 'utf8')).filter((c) => c.ranBy === 'test/browser/authorize.test.ts')
  t.ok(commands.length >= 3, `${doc} has the block this test runs`)
  const cwd = t.testdir({})
  symlinkSync(join(ROOT, 'examples'), join(cwd, 'examples'))
  const vars: Record<string, string> = {}
  let origin = ''
  let served: ReturnType<typeof spawn> | undefined
  t.teardown(() => served?.kill('SIGINT'))
  const outputs: string[] = []
  for (const c of commands) {
    const p = parseCommand(c.text, vars)
    const [head, ...rest] = p.words
    if (head === 'export') {
      for (const kv of rest) vars[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1)
      continue
    }
    t.same([head, rest[0]], ['npx', 'shoreline'], `${c.where}: a shoreline command`)
    const env = { ...process.env, ...vars, ...p.env }
    // Any free port for the server; its address wherever the docs say 127.0.0.1:8080.
    const args = rest.slice(1).map((a, i, all) => (all[i - 1] === '--port' ? '0' : origin ? a.replace('http://127.0.0.1:8080', origin) : a))
    if (p.background) {
      const child = spawn(...nodeCommand(BIN, args), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
      served = child
      const url = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (d) => {
          out += d
          const m = /^(http:\/\/127\.0\.0\.1:\d+)\/datastore\/local\/r4\/$/m.exec(out)
          if (m?.[1]) resolve(m[1])
        })
        child.on('exit', (code) => reject(new Error(`serve exited ${code}`)))
      })
      origin = url
      continue
    }
    const r = await new Promise<CliResult>((resolve) => {
      const child = spawn(...nodeCommand(BIN, args), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d) => (stdout += d))
      child.stderr.on('data', (d) => (stderr += d))
      child.on('close', (code) => resolve({ code, stdout, stderr }))
    })
    outputs.push(r.stdout, r.stderr)
    t.equal(r.code, 0, `${c.where}: ${args[0]} exits 0 (${r.stderr.trim().split('\n').slice(-2).join(' | ')})`)
  }
  const results = outcomes(join(cwd, 'results/sign-in'))
  const app = APP_CHECKS.filter((id) => !NEED_BACKEND.includes(id))
  t.same(byId(results, app), Object.fromEntries(app.map((id) => [id, 'pass'])), `the ${app.length} app-launch checks that need no backend client pass`)
  t.same(
    results.checks.filter((c) => c.outcome === 'fail' || c.outcome === 'error').map((c) => c.id),
    [],
    'nothing fails or breaks',
  )
  const au07 = results.checks.find((c) => c.id === 'AU-07')
  t.equal(au07?.outcome, 'skip', 'AU-07 skips: the app is given no fhirContext')
  t.match(au07?.message ?? '', /carries no fhirContext/)
  const password = vars.SHORELINE_LOGIN_PASSWORD ?? ''
  t.ok(password.length >= 8, 'the docs set a test password')
  t.same(leaks(password, cwd, outputs), [], 'the password is in no file written and no output, in any encoding')
})

t.test('BROWSER-03: with a backend client too, every app-launch check passes through the browser; a wrong password skips them', { skip: noChromium }, async (t) => {
  const dir = t.testdir({})
  const password = 'browser-test-password-7'
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true })
  const keyFile = join(dir, 'key.json')
  writeFileSync(keyFile, JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'ci-1', alg: 'ES384' }))
  t.equal(cli(['generate', '--patients', '2', '--seed', '3', '--no-bundles', '--workers', '1', '--quiet', '--out', join(dir, 'data')]).code, 0)
  const target = await startServer({
    auth: 'smart',
    authConfig: {
      signIn: { username: 'clinician', password },
      clients: [
        { client_id: 'ci', jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'ci-1', alg: 'ES384' }] }, scope: 'system/*.cruds system/*.read' },
        { client_id: 'app', redirect_uris: [REDIRECT], scope: 'openid fhirUser launch/patient patient/*.rs offline_access', launch: { fhirUser: 'Practitioner/doc-1' } },
        { client_id: 'confidential-app', client_secret: CONFIDENTIAL_SECRET, redirect_uris: [REDIRECT], scope: 'launch/patient patient/*.rs' },
      ],
    },
  })
  t.teardown(() => target.close())
  await loadDataset(target.store, join(dir, 'data'))
  const grep = `^(${APP_CHECKS.join('|')})$`
  const base = ['conform', '--target', target.url, '--suite', 'auth', '--auth', 'backend', '--client-id', 'ci', '--key-file', keyFile]
  const app = ['--app-client-id', 'app', '--app-redirect-uri', REDIRECT, '--confidential-client-id', 'confidential-app']
  const browser = ['--authorize-with', 'browser', '--login-script', LOGIN_SCRIPT, '--browser-path', CHROMIUM]
  const env = { SHORELINE_LOGIN_USERNAME: 'clinician', SHORELINE_LOGIN_PASSWORD: password, SHORELINE_CONFIDENTIAL_CLIENT_SECRET: CONFIDENTIAL_SECRET }

  const ok = await cliRun([...base, ...app, ...browser, '--grep', grep, '--out', join(dir, 'ok')], env)
  t.equal(ok.code, 0, ok.stderr)
  t.same(byId(outcomes(join(dir, 'ok')), APP_CHECKS), Object.fromEntries(APP_CHECKS.map((id) => [id, 'pass'])), `all ${APP_CHECKS.length} pass`)

  const wrong = 'not-the-password-42'
  const refused = await cliRun([...base, ...app, ...browser, '--grep', '^AU-02$', '--login-timeout', '30', '--out', join(dir, 'wrong')], {
    ...env,
    SHORELINE_LOGIN_PASSWORD: wrong,
  })
  t.equal(refused.code, 0, `a skip is no verdict against the target ${refused.stderr}`)
  const au02 = outcomes(join(dir, 'wrong')).checks.find((c) => c.id === 'AU-02')
  t.equal(au02?.outcome, 'skip')
  t.match(
    au02?.message,
    /the identity provider did not accept the test user: Incorrect username or password\..*\(at http:\/\/127\.0\.0\.1:\d+\/auth\/login\)/,
    'the provider’s own words, and where the browser stopped',
  )
  t.same(
    [...leaks(password, dir, [ok.stdout, ok.stderr]), ...leaks(wrong, dir, [refused.stdout, refused.stderr]), ...leaks(CONFIDENTIAL_SECRET, dir, [ok.stdout, ok.stderr])],
    [],
    'neither password nor the client secret is written anywhere',
  )

  const headless = await cliRun([...base, ...app, '--grep', '^AU-02$', '--out', join(dir, 'headless')], env)
  t.equal(headless.code, 0)
  const skipped = outcomes(join(dir, 'headless')).checks.find((c) => c.id === 'AU-02')
  t.equal(skipped?.outcome, 'skip', 'headless, a sign-in page is a skip, not a failure')
  t.match(skipped?.message, /answered HTTP 200 \(a sign-in page\?\).*--authorize-with browser/)
})

t.test('BROWSER-04: bad browser flags are one line and exit 2 before anything is sent', async (t) => {
  const target = ['conform', '--target', 'http://127.0.0.1:9/datastore/local/r4/', '--suite', 'auth']
  const app = ['--app-client-id', 'app', '--app-redirect-uri', REDIRECT]
  const cases: Array<[string[], RegExp, NodeJS.ProcessEnv?]> = [
    [[...target, '--authorize-with', 'browser'], /--authorize-with browser needs the app client it signs in for/],
    [[...target, ...app, '--login-script', LOGIN_SCRIPT], /--login-script needs --authorize-with browser/],
    [[...target, ...app, '--authorize-with', 'browser', '--browser-path', '/nonexistent/chromium'], /needs Chromium at \/nonexistent\/chromium: install Debian's chromium package/],
    [[...target, ...app, '--authorize-with', 'browser', '--login-timeout', '0'], /--login-timeout must be 1–600 seconds, got 0/],
    [
      ['serve', '--sign-in'],
      /--sign-in needs the test user in SHORELINE_LOGIN_USERNAME and SHORELINE_LOGIN_PASSWORD/,
      { SHORELINE_LOGIN_USERNAME: '', SHORELINE_LOGIN_PASSWORD: '' },
    ],
  ]
  if (!noChromium) {
    cases.push([
      [...target, ...app, '--authorize-with', 'browser', '--browser-path', CHROMIUM, '--login-script', 'nowhere/login.mjs'],
      /--login-script nowhere\/login\.mjs: Cannot find module/,
    ])
    const dir = t.testdir({ 'no-export.mjs': 'export const x = 1\n' })
    cases.push([[...target, ...app, '--authorize-with', 'browser', '--browser-path', CHROMIUM, '--login-script', join(dir, 'no-export.mjs')], /exports no function/])
  }
  for (const [args, message, env] of cases) {
    const r = cli(args, { env })
    t.equal(r.code, 2, `${args.slice(-2).join(' ')}: exit 2`)
    t.match(r.stderr, message)
    t.equal(r.stderr.trim().split('\n').length, 1, 'one line, no stack trace')
  }
})
