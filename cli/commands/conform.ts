// `shoreline conform`: the conformance suites against a target; results.json, junit.xml, TAP.
import { join } from 'node:path'
import { mkdir } from 'node:fs/promises'
import type { CommandSpec } from '../command.js'
import { assertCredentials, maxDurationMs, runControl, targetFrom, targetOptions, type TargetArgs } from '../target-flags.js'
import { whenAborted } from '../../lib/run-control.js'
import { TargetClient } from '../../lib/target/client.js'
import { CheckContext } from '../../suites/context.js'
import { allChecks, checkFile, SUITES } from '../../suites/registry.js'
import { conformanceVerdict, runSuites, toTap, type CheckResult } from '../../suites/runner.js'
import type { Check } from '../../suites/check.js'
import { toJUnit } from '../../reports/junit.js'
import { RunRecorder, writeResults } from '../../lib/results/writer.js'
import { writeFileAtomic } from '../../lib/atomic-fs.js'
import { ExitCode, TargetUnreachableError, UsageError } from '../../lib/errors.js'
import type { Results } from '../../lib/results/model.js'
import { openDataset } from '../../lib/seed/dataset.js'
import { PROFILES } from '../../profiles/index.js'
import { coverageMarkdown } from '../../suites/coverage.js'
import { lambdaUnderTest, type LambdaUnderTest } from '../../lib/lambda/harness.js'
import { BrowserAuthorizer } from '../../lib/target/browser.js'
import { registerSecret } from '../../lib/redact.js'

interface Args extends TargetArgs {
  suite?: string
  grep?: string
  out: string
  list: boolean
  tap: boolean
  'read-only': boolean
  settle: number
  cleanup?: 'erase' | 'delete' | 'keep'
  seed: boolean
  coverage: boolean
  data?: string
  'lambda-handler'?: string
  'lambda-key'?: string
  'lambda-issuer'?: string
  'lambda-endpoint'?: string
  'app-client-id'?: string
  'confidential-client-id'?: string
  'app-redirect-uri'?: string
  'authorize-with': 'headless' | 'browser'
  'login-script'?: string
  'login-timeout': number
  'browser-path'?: string
  nlp: boolean
  'nlp-budget': number
  'nlp-notes': number
  'nlp-min-f1'?: number
}

const MARK: Record<string, string> = { pass: 'ok  ', fail: 'FAIL', skip: 'skip', warn: 'warn', deviation: 'dev ', error: 'ERR ' }

export const conformCommand: CommandSpec<Args> = {
  command: 'conform',
  exits: [0, 1, 2, 3, 4, 70, 130],
  renamedFlags: { profile: 'target-profile' },
  describe: 'Run the conformance suites against a target: results.json, junit.xml, and TAP with --tap',
  builder: (y) =>
    targetOptions(y)
      .option('suite', { type: 'string', describe: `Suites to run, comma-separated (${Object.keys(SUITES).join(', ')}); default all` })
      .option('grep', { type: 'string', describe: 'Only checks whose id or title matches this regular expression' })
      .option('out', { type: 'string', default: 'results/conform', describe: 'Folder for results.json and junit.xml' })
      .option('list', { type: 'boolean', default: false, describe: 'List every check (id, level, suite, title, requirements, file) and exit' })
      .option('data', { type: 'string', describe: 'A generated dataset (with --invalid) for the import checks that use its labelled corpus' })
      .option('lambda-handler', { type: 'string', describe: 'A HealthLake token-validator Lambda handler module (exports `handler`) for the healthlake-lambda suite' })
      .option('lambda-key', { type: 'string', describe: 'Private key (JWK or PKCS#8 PEM) of the identity provider the handler trusts; test tokens are signed with it' })
      .option('lambda-issuer', { type: 'string', describe: "The identity provider's issuer (iss) the handler expects" })
      .option('lambda-endpoint', { type: 'string', describe: 'The data store endpoint tokens are for (aud, datastoreEndpoint); default the target URL' })
      .option('nlp', { type: 'boolean', default: false, describe: 'The target has integrated NLP on (HealthLake: turned on by a support case): run the nlp suite' })
      .option('nlp-budget', { type: 'number', default: 120, describe: 'With --nlp: seconds to wait for written notes to be enriched' })
      .option('nlp-notes', { type: 'number', default: 50, describe: "With --nlp and --data: how many of the dataset's annotated notes NLP-06 writes and scores" })
      .option('nlp-min-f1', {
        type: 'number',
        describe: 'With --nlp: the F1 every entity category and negation must reach in NLP-06 (0–1); without it the figures are reported only',
      })
      .option('seed', { type: 'boolean', default: true, describe: 'Seed the --data dataset before the ground-truth searches (--no-seed: it is loaded already)' })
      .option('coverage', { type: 'boolean', default: false, describe: 'Print the requirement coverage table (Markdown, from suites/requirements/*.csv) and exit' })
      .option('read-only', { type: 'boolean', default: false, describe: 'Skip the checks that write (for production-like targets)' })
      .option('cleanup', {
        choices: ['erase', 'delete', 'keep'] as const,
        describe: "How what the run wrote is removed afterwards: erase (every version; the healthlake profile's default), delete (the others' default), or keep",
      })
      .option('settle', {
        type: 'number',
        default: 5,
        describe: 'Seconds a check that wrote waits for search to show it (eventually consistent targets); never turns a missing result into a pass',
      })
      .option('app-client-id', { type: 'string', describe: 'A SMART app client registered at the target, for the authorization-request checks (or SHORELINE_APP_CLIENT_ID)' })
      .option('app-redirect-uri', { type: 'string', describe: 'A redirect URI registered for that client (or SHORELINE_APP_REDIRECT_URI)' })
      .option('confidential-client-id', {
        type: 'string',
        describe:
          'A confidential app client registered at the target with the same redirect URI and a client secret, read from SHORELINE_CONFIDENTIAL_CLIENT_SECRET only (or SHORELINE_CONFIDENTIAL_CLIENT_ID): AU-04 exchanges its codes with HTTP Basic',
      })
      .option('authorize-with', {
        choices: ['headless', 'browser'] as const,
        default: 'headless' as const,
        describe:
          "How the app's authorization requests are approved: headless (the redirect read from the request's own answer; a server that shows a sign-in page skips those checks) or browser (Chromium signs in with --login-script)",
      })
      .option('login-script', {
        type: 'string',
        describe: "With --authorize-with browser: a module whose default export signs in on the identity provider's pages ({ page, env }; credentials from SHORELINE_LOGIN_*)",
      })
      .option('login-timeout', { type: 'number', default: 60, describe: 'With --authorize-with browser: seconds each authorization request may take, sign-in included' })
      .option('browser-path', { type: 'string', describe: 'With --authorize-with browser: the Chromium to drive (or SHORELINE_CHROMIUM; default /usr/bin/chromium)' })
      .option('tap', { type: 'boolean', default: false, describe: 'Print TAP 14 on stdout instead of the progress lines' })
      .example('$0 conform --target http://127.0.0.1:8080/datastore/local/r4/ --auth client-secret --client-id ci', 'Every suite against the embedded server'),
  async run(a, ctx) {
    let checks = allChecks()
    if (a.suite) {
      const wanted = a.suite.split(',').map((s) => s.trim())
      const unknown = wanted.filter((s) => !SUITES[s])
      if (unknown.length) throw new UsageError(`--suite: unknown suite ${unknown.join(', ')} (known: ${Object.keys(SUITES).join(', ')})`)
      checks = checks.filter((c) => wanted.includes(c.suite))
    }
    if (a.grep) {
      let re: RegExp
      try {
        re = new RegExp(a.grep)
      } catch {
        throw new UsageError(`--grep ${JSON.stringify(a.grep)} is not a regular expression`)
      }
      checks = checks.filter((c) => re.test(c.id) || re.test(c.title))
    }
    if (a.coverage) {
      process.stdout.write(coverageMarkdown(checks))
      return ExitCode.ok
    }
    if (a.list) {
      if (ctx.json) ctx.emitJson(checks.map(({ run: _run, ...c }) => ({ ...c, file: checkFile(c.suite, c.id) })))
      else
        for (const c of checks)
          ctx.say(`${c.id.padEnd(6)} ${c.level.padEnd(6)} ${c.suite.padEnd(16)} ${c.title} [${c.verifies.join(', ')}] ${checkFile(c.suite, c.id) ?? ''}`.trimEnd())
      return ExitCode.ok
    }
    if (checks.length === 0) throw new UsageError('no check matches --suite/--grep')
    if (!(Number.isFinite(a.settle) && a.settle >= 0 && a.settle <= 600)) throw new UsageError(`--settle must be 0–600 seconds, got ${a.settle}`)
    const nlp = nlpOptions(a)
    // The Lambda suite alone tests a handler, not a FHIR server: its endpoint stands in for --target.
    const lambdaOnly = checks.every((c) => c.suite === 'healthlake-lambda')
    maxDurationMs(a)
    const standIn = lambdaOnly && !a.target && !process.env.SHORELINE_TARGET && !!a['lambda-endpoint']
    const target = targetFrom(standIn ? { ...a, target: a['lambda-endpoint'] } : a)
    // The dataset is input too: read before anything is sent.
    if (a.data) openDataset(a.data)
    let lambda: LambdaUnderTest | undefined
    if (a['lambda-handler']) {
      if (!a['lambda-key'] || !a['lambda-issuer']) throw new UsageError('--lambda-handler needs --lambda-key (the key its tokens are signed with) and --lambda-issuer')
      lambda = await lambdaUnderTest({ handler: a['lambda-handler'], keyFile: a['lambda-key'], issuer: a['lambda-issuer'], endpoint: a['lambda-endpoint'] ?? target.url })
      if (standIn) lambda.standIn = true
    }
    const { app, confidentialApp } = appClients(a)
    const authorizer = await browserAuthorizer(a, app !== undefined)
    await assertCredentials(target)
    // The folder first (a file in the way is the user's to fix, before anything is sent); results go there whatever happens next.
    await mkdir(a.out, { recursive: true })
    const stop = runControl(a, ctx)
    const client = new TargetClient(target, { maxAttempts: 3, signal: stop.signal })
    const recorder = new RunRecorder('conformance', ctx.argv)
    const about = { url: target.url, profile: target.profile, auth: target.auth.kind }
    // Not answering at all: one line and exit 3 before any check, with results that say so (a CI job still has its artefacts).
    const silent = lambdaOnly
      ? undefined
      : await client.assertAnswers('no check was run').then(
          () => undefined,
          (err: unknown) => err,
        )
    if (silent) {
      stop.dispose()
      await client.close()
      if (!(silent instanceof TargetUnreachableError)) throw silent
      await writeConform(a.out, recorder, about, withUnfinished([], checks, `the target did not answer: ${silent.message}`), 'error')
      throw silent
    }
    const cleanup = a.cleanup ?? PROFILES[target.profile].cleanup?.method ?? 'delete'
    const contexts: CheckContext[] = []
    const finished: CheckResult[] = []
    try {
      const run = runSuites(
        () => {
          const c = Object.assign(new CheckContext(client, target, a.data, lambda, a.seed, app), { settleMs: a.settle * 1000, cleanup, nlp, authorizer, confidentialApp })
          contexts.push(c)
          return c
        },
        checks,
        (r) => {
          finished.push(r)
          if (!a.tap) ctx.note(`${MARK[r.outcome]} ${r.id.padEnd(6)} ${r.title}${r.message && r.outcome !== 'pass' ? ` — ${r.message}` : ''}`)
        },
        { readOnly: a['read-only'], profile: PROFILES[target.profile] },
      )
      // Ctrl-C (or SIGTERM from a CI timeout) or --max-duration: the checks that finished are written, the others marked, at once.
      const ended = await Promise.race([run, whenAborted(stop.signal)])
      const interrupted = ended === 'stopped'
      const why = stop.stopped
      if (interrupted) {
        // The checks still running end on the aborted requests; what they wrote keeps the run tag.
        run.catch(() => undefined)
        client.destroy()
      }
      const results = interrupted ? withUnfinished(finished, checks, why?.message ?? 'the run was interrupted') : (ended as CheckResult[])
      const count = (o: string) => results.filter((r) => r.outcome === o).length
      const judged = conformanceVerdict(results)
      const { verdict, exitCode } = interrupted ? { verdict: 'error' as const, exitCode: why?.exitCode ?? ExitCode.interrupted } : judged
      const doc = await writeConform(a.out, recorder, about, results, verdict)
      const cleaned = cleanupNote(contexts, cleanup)
      if (cleaned) ctx.note(cleaned)
      if (interrupted) {
        ctx.say(
          `${why?.why === 'deadline' ? 'stopped at --max-duration' : 'interrupted'}: ${finished.length} of ${checks.length} checks finished (what unfinished checks wrote keeps the run tag); partial results → ${join(a.out, 'results.json')}`,
        )
        return exitCode
      }
      if (a.tap) process.stdout.write(toTap(results))
      else
        ctx.say(
          `${results.length} checks: ${count('pass')} passed, ${count('fail')} failed, ${count('warn')} warnings, ${count('skip')} skipped${count('deviation') ? `, ${count('deviation')} documented deviations` : ''}${count('error') ? `, ${count('error')} checks broke (exit 70; not verdicts on the target)` : ''} → ${join(a.out, 'results.json')}`,
        )
      ctx.emitJson(doc.summary)
      return exitCode
    } finally {
      stop.dispose()
      await authorizer?.close()
      if (!stop.signal.aborted) await client.close()
    }
  },
}

/** results.json and junit.xml of a run (or what there is of it). */
async function writeConform(out: string, recorder: RunRecorder, target: Results['target'], results: CheckResult[], verdict: Results['verdict']): Promise<Results> {
  const count = (o: string) => results.filter((r) => r.outcome === o).length
  const summary = {
    checks: results.length,
    pass: count('pass'),
    fail: count('fail'),
    warn: count('warn'),
    skip: count('skip'),
    deviation: count('deviation'),
    error: count('error'),
  }
  const doc = recorder.finish({ verdict, target, summary, checks: results })
  await mkdir(out, { recursive: true })
  await writeResults(join(out, 'results.json'), doc)
  await writeFileAtomic(join(out, 'junit.xml'), toJUnit(doc))
  return doc
}

/** An interrupted run's results: the finished checks, then every other one marked as not run. */
function withUnfinished(finished: CheckResult[], checks: Array<Check & { suite: string }>, why: string): CheckResult[] {
  const done = new Set(finished.map((r) => r.id))
  const rest = checks
    .filter((c) => !done.has(c.id))
    .map((c): CheckResult => ({
      id: c.id,
      title: c.title,
      suite: c.suite,
      level: c.level,
      outcome: 'skip',
      message: `not run: ${why}`,
      requirements: c.verifies,
      durationMs: 0,
      exchanges: [],
    }))
  return [...finished, ...rest]
}

/** What the clean-up did, summed over the suites' contexts; undefined when the run wrote nothing. */
function cleanupNote(contexts: CheckContext[], cleanup: string): string | undefined {
  const c = contexts.reduce((t, x) => ({ removed: t.removed + x.cleaned.removed, failed: t.failed + x.cleaned.failed, kept: t.kept + x.cleaned.kept }), {
    removed: 0,
    failed: 0,
    kept: 0,
  })
  if (c.removed + c.failed + c.kept === 0) return undefined
  return `clean-up (${cleanup}): ${c.removed} resources the run wrote removed${c.failed ? `, ${c.failed} could not be (they carry the run tag)` : ''}${c.kept ? `, ${c.kept} kept` : ''}`
}

/** --authorize-with browser: Chromium checked and the login script loaded before anything is sent (the browser starts when first needed). */
/** The app clients of the run: the public app (--app-client-id, --app-redirect-uri) and a confidential one. */
function appClients(a: Args): { app?: { clientId: string; redirectUri: string }; confidentialApp?: CheckContext['confidentialApp'] } {
  const appClientId = a['app-client-id'] ?? process.env.SHORELINE_APP_CLIENT_ID
  const appRedirectUri = a['app-redirect-uri'] ?? process.env.SHORELINE_APP_REDIRECT_URI
  if (!appClientId !== !appRedirectUri) throw new UsageError('--app-client-id and --app-redirect-uri go together (the client and a redirect URI registered for it)')
  const app = appClientId && appRedirectUri ? { clientId: appClientId, redirectUri: appRedirectUri } : undefined
  return { app, confidentialApp: confidentialClient(a['confidential-client-id'] ?? process.env.SHORELINE_CONFIDENTIAL_CLIENT_ID, app) }
}

/** The confidential app client (AU-04): its id, the app's redirect URI, and its secret from the environment only (never argv), registered for redaction. */
function confidentialClient(clientId: string | undefined, app: { redirectUri: string } | undefined): CheckContext['confidentialApp'] {
  if (!clientId) return undefined
  const secret = process.env.SHORELINE_CONFIDENTIAL_CLIENT_SECRET
  if (!secret) throw new UsageError('--confidential-client-id needs its client secret in SHORELINE_CONFIDENTIAL_CLIENT_SECRET (never on the command line)')
  if (!app) throw new UsageError('--confidential-client-id needs --app-client-id and --app-redirect-uri: it is sent back to the same redirect URI')
  registerSecret(secret, clientId)
  // As RFC 6749 §2.3.1 puts them in HTTP Basic: form-encoded first.
  const formEncoded = (s: string) => new URLSearchParams({ s }).toString().slice(2)
  registerSecret(formEncoded(secret), formEncoded(clientId))
  return { clientId, redirectUri: app.redirectUri, secret }
}

async function browserAuthorizer(a: Args, hasApp: boolean): Promise<BrowserAuthorizer | undefined> {
  if (a['authorize-with'] !== 'browser') {
    if (a['login-script']) throw new UsageError('--login-script needs --authorize-with browser')
    return undefined
  }
  if (!hasApp) throw new UsageError('--authorize-with browser needs the app client it signs in for (--app-client-id and --app-redirect-uri)')
  if (!(Number.isFinite(a['login-timeout']) && a['login-timeout'] > 0 && a['login-timeout'] <= 600))
    throw new UsageError(`--login-timeout must be 1–600 seconds, got ${a['login-timeout']}`)
  return BrowserAuthorizer.open({ executablePath: a['browser-path'], loginScript: a['login-script'], timeoutMs: a['login-timeout'] * 1000 })
}

/** The nlp suite's options (--nlp and its settings), checked before anything is sent; undefined without --nlp. */
function nlpOptions(a: Args): CheckContext['nlp'] {
  if (!(Number.isFinite(a['nlp-budget']) && a['nlp-budget'] > 0 && a['nlp-budget'] <= 3600)) throw new UsageError(`--nlp-budget must be 1–3600 seconds, got ${a['nlp-budget']}`)
  if (!(Number.isInteger(a['nlp-notes']) && a['nlp-notes'] >= 1)) throw new UsageError(`--nlp-notes must be a whole number ≥ 1, got ${a['nlp-notes']}`)
  const minF1 = a['nlp-min-f1']
  if (minF1 !== undefined && !(minF1 >= 0 && minF1 <= 1)) throw new UsageError(`--nlp-min-f1 must be 0–1, got ${minF1}`)
  return a.nlp ? { budgetMs: a['nlp-budget'] * 1000, notes: a['nlp-notes'], minF1 } : undefined
}
