// `shoreline demo`: everything once, on this machine, with nothing to configure — the embedded
// target on a free loopback port, over HTTPS with a certificate made for the run, with a SMART
// backend client, a secret client and a test identity provider; 200 generated patients (fixed
// seed) seeded into it; every conformance suite (the token-validator Lambda suite against the
// example handler); 30-second smoke runs of fhir-api-mix and import on the built-in engine; and
// one HTML report. Each step is the real command, run as a
// child process; the target shuts down at the end.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import { exportJWK, generateKeyPair } from 'jose'
import type { CommandSpec } from '../command.js'
import { parseRunDuration } from '../target-flags.js'
import { startServer } from '../../server/http/server.js'
import { selfSignedCertificate } from '../../server/http/listener.js'
import { referenceLambda } from '../../server/auth/reference-lambda.js'
import type { TokenValidator } from '../../server/auth/lambda.js'
import { generatorLexicon } from '../nlp-lexicon.js'
import { writeFileAtomic } from '../../lib/atomic-fs.js'
import { ExitCode, UsageError } from '../../lib/errors.js'
import { toHtml } from '../../reports/html.js'
import { toMarkdown } from '../../reports/markdown.js'
import { requirements } from '../../suites/coverage.js'
import { readResults } from './report.js'
import { verdictTable } from '../demo-verdicts.js'
import { createInterface } from 'node:readline'

interface Args {
  out: string
  patients: number
  seed: number
  duration: string
  port: number
}

/** A file of the package (bin/, examples/), from the sources or from dist/. */
function packageFile(rel: string): string {
  for (const base of ['../../', '../']) {
    const p = fileURLToPath(new URL(base + rel, import.meta.url))
    if (existsSync(p)) return p
  }
  throw new Error(`${rel} not found next to the program`)
}

/** Which of a step's stderr lines the demo passes on (indented), and a running count of conformance checks. */
function progressRelay(label: string, note: (line: string) => void): (line: string) => void {
  let checks = 0
  let lastCount = performance.now()
  const scenario = /^load: (\S+)/.exec(label)?.[1]
  return (line) => {
    if (/^seed: \d+ %/.test(line)) note(`  ${line}`)
    else if (scenario && /^\d+s {2}VUs /.test(line)) note(`  ${scenario}: ${line}`)
    else if (/^(ok {2}|FAIL|skip|warn|dev |ERR ) /.test(line)) {
      checks++
      if (performance.now() - lastCount > 5000) {
        lastCount = performance.now()
        note(`  conform: ${checks} checks done`)
      }
    }
  }
}

/** conform with every suite: the backend client, the demo app, and the example token-validator Lambda. */
function conformArgs(url: string, keyFile: string, data: string, idpFile: string, issuer: string, out: string): string[] {
  const lambda = ['--lambda-handler', packageFile('examples/lambda-token-validator/index.mjs'), '--lambda-key', idpFile, '--lambda-issuer', issuer]
  return [
    'conform',
    '--target',
    url,
    '--auth',
    'backend',
    '--client-id',
    'demo-backend',
    '--key-file',
    keyFile,
    '--data',
    data,
    '--no-seed',
    '--nlp',
    ...APP_FLAGS,
    ...lambda,
    '--out',
    out,
  ]
}

/** Every flag checked before anything starts (exit 2, one line). */
function checkArgs(a: Args): void {
  if (!Number.isInteger(a.patients) || a.patients < 1) throw new UsageError(`--patients must be a whole number ≥ 1, got ${a.patients}`)
  if (!(Number.isInteger(a.seed) && a.seed >= 0)) throw new UsageError(`--seed must be a whole number ≥ 0, got ${JSON.stringify(String(a.seed))}`)
  if (!(Number.isInteger(a.port) && a.port >= 0 && a.port <= 65535)) throw new UsageError(`--port must be 0–65535 (0: any free port), got ${JSON.stringify(String(a.port))}`)
  parseRunDuration(a.duration, '--duration')
  if (existsSync(a.out) && !statSync(a.out).isDirectory()) throw new UsageError(`--out ${a.out}: a file is in the way of a folder`)
}

/** The demo app's redirect URI: never followed (the checks read the redirect), so nothing needs to listen. */
const DEMO_APP_REDIRECT = 'http://127.0.0.1:9/demo-app/callback'
/** The demo's identity provider, whose tokens the example Lambda and the data store trust. */
const DEMO_IDP_ISSUER = 'https://idp.demo.invalid/'
const APP_FLAGS = ['--app-client-id', 'demo-app', '--app-redirect-uri', DEMO_APP_REDIRECT, '--confidential-client-id', 'demo-confidential-app']
export const demoCommand: CommandSpec<Args> = {
  command: 'demo',
  exits: [0, 1, 2, 70, 130],
  describe: 'Run everything once against the embedded server and write results/demo/index.html',
  builder: (y) =>
    y
      .option('out', { type: 'string', default: 'results/demo', describe: 'Where the data, results and index.html go' })
      .option('patients', { type: 'number', default: 200, describe: 'Patients to generate' })
      .option('seed', { type: 'number', default: 1, describe: 'Generator seed (the same seed, the same data)' })
      .option('duration', { type: 'string', default: '30s', describe: 'Length of each load smoke run' })
      .option('port', { type: 'number', default: 0, describe: 'Loopback port for the target (0: any free port)' })
      .example('$0 demo', 'About two minutes; then open results/demo/index.html'),
  async run(a, ctx) {
    checkArgs(a)
    const started = performance.now()
    const out = resolve(a.out)
    // A rerun replaces what the demo wrote before, and nothing else in --out.
    for (const p of ['data', 'seed', 'conform', 'load-fhir-api-mix', 'load-import', 'index.html', 'summary.md']) rmSync(join(out, p), { recursive: true, force: true })
    await mkdir(out, { recursive: true })
    const data = join(out, 'data')
    // Keys and the client secret live in a private temp folder, removed at the end.
    const secrets = mkdtempSync(join(tmpdir(), 'shoreline-demo-'))
    const client = await generateKeyPair('RS384', { extractable: true })
    const idp = await generateKeyPair('RS256', { extractable: true })
    const keyFile = join(secrets, 'demo-client.jwk.json')
    const idpFile = join(secrets, 'demo-idp.jwk.json')
    writeFileSync(keyFile, JSON.stringify({ ...(await exportJWK(client.privateKey)), kid: 'demo-1', alg: 'RS384' }), { mode: 0o600 })
    writeFileSync(idpFile, JSON.stringify({ ...(await exportJWK(idp.privateKey)), kid: 'idp-1', alg: 'RS256' }), { mode: 0o600 })
    const secret = randomBytes(24).toString('base64url')
    const appSecret = randomBytes(24).toString('base64url')
    const idpJwks = { keys: [{ ...(await exportJWK(idp.publicKey)), kid: 'idp-1', alg: 'RS256' }] }
    // Over HTTPS, as HealthLake serves, with a certificate made for the run that every step trusts.
    const tls = await selfSignedCertificate(['127.0.0.1'])
    const caFile = join(secrets, 'demo-ca.pem')
    writeFileSync(caFile, tls.cert)
    const target = await startServer({
      tls,
      port: a.port,
      auth: 'smart',
      retryAfterSeconds: 0,
      // Integrated NLP on, as on a HealthLake data store that asked for it: the seeded notes are enriched, and the nlp suite runs.
      nlp: { lexicon: generatorLexicon() },
      // The data store also trusts the demo's identity provider, as HealthLake trusts the one its Lambda
      // checks: HL-46 sends that provider's expired, early, foreign and forged tokens through the FHIR API.
      alsoTrusted: { issuer: DEMO_IDP_ISSUER, validator: referenceLambda({ jwks: idpJwks as never, issuer: DEMO_IDP_ISSUER }) as TokenValidator },
      authConfig: {
        clients: [
          { client_id: 'demo-backend', jwks: { keys: [{ ...(await exportJWK(client.publicKey)), kid: 'demo-1', alg: 'RS384' } as never] }, scope: 'system/*.cruds system/*.read' },
          { client_id: 'demo-load', client_secret: secret, scope: 'system/*.cruds system/*.rs' },
          // A public app, approved headlessly by the embedded server (the PKCE and id_token checks).
          { client_id: 'demo-app', redirect_uris: [DEMO_APP_REDIRECT], scope: 'openid fhirUser launch/patient patient/*.rs offline_access' },
          // A confidential app with a client secret (AU-04: its codes exchanged with HTTP Basic).
          { client_id: 'demo-confidential-app', client_secret: appSecret, redirect_uris: [DEMO_APP_REDIRECT], scope: 'launch/patient patient/*.rs' },
        ],
      },
    }).catch((err: NodeJS.ErrnoException) => {
      rmSync(secrets, { recursive: true, force: true })
      throw err.code === 'EADDRINUSE' ? new UsageError(`--port ${a.port} is in use`) : err
    })
    const bin = packageFile('bin/shoreline.js')
    const lambdaEnv = {
      JWKS_JSON: JSON.stringify(idpJwks),
      ISSUER: DEMO_IDP_ISSUER,
      ROLE_ARN: 'arn:aws:iam::000000000000:role/shoreline-demo',
    }
    // The secret reaches the children through their environment, never their argv (which `ps` shows,
    // and where a secret starting with '-' would read as a flag).
    const secretAuth = ['--target', target.url, '--auth', 'client-secret', '--client-id', 'demo-load']
    const failed: string[] = []
    // Each step talks while it runs: the seed's progress, the conformance count, each load's
    // live numbers, relayed from the child's own progress lines.
    const step = async (label: string, args: string[], env: Record<string, string> = {}): Promise<number> => {
      const t0 = performance.now()
      const relay = progressRelay(label, (line) => ctx.note(line))
      const code = await new Promise<number>((res) => {
        const child = spawn(process.execPath, [bin, ...args], {
          env: { ...process.env, SHORELINE_CLIENT_SECRET: secret, SHORELINE_CONFIDENTIAL_CLIENT_SECRET: appSecret, SHORELINE_CA_FILE: caFile, ...env },
          stdio: ['ignore', 'ignore', 'pipe'],
        })
        let last = ''
        createInterface({ input: child.stderr }).on('line', (line) => {
          if (line.trim()) last = line
          relay(line)
        })
        child.on('close', (c) => {
          if (c !== 0 && last) ctx.note(`  ${label}: ${last}`)
          res(c ?? 1)
        })
      })
      ctx.note(`${code === 0 ? '✓' : '✗'} ${label} (${((performance.now() - t0) / 1000).toFixed(1)} s)`)
      if (code !== 0) failed.push(label)
      return code
    }
    try {
      ctx.note(`target ${target.url} (embedded, SMART, TLS with a certificate made for this run)`)
      if (
        (await step(`generate ${a.patients} patients`, ['generate', '--patients', String(a.patients), '--seed', String(a.seed), '--invalid', '--no-bundles', '--out', data])) !== 0
      ) {
        ctx.say('generate failed; nothing else can run without the data')
        return ExitCode.verdictFailed
      }
      await step('seed them through the FHIR API', ['seed', ...secretAuth, '--data', data, '--out', join(out, 'seed')])
      await step('conform: every suite', conformArgs(target.url, keyFile, data, idpFile, lambdaEnv.ISSUER, join(out, 'conform')), lambdaEnv)
      await Promise.all([
        step(`load: fhir-api-mix smoke, ${a.duration}`, [
          'load',
          '--scenario',
          'fhir-api-mix',
          ...secretAuth,
          '--data',
          data,
          '--duration',
          a.duration,
          '--out',
          join(out, 'load-fhir-api-mix'),
        ]),
        step(`load: import smoke, ${a.duration}`, ['load', '--scenario', 'import', ...secretAuth, '--data', data, '--duration', a.duration, '--out', join(out, 'load-import')]),
      ])
    } finally {
      await target.close()
      rmSync(secrets, { recursive: true, force: true })
    }
    const all = readResults(out)
    const html = join(out, 'index.html')
    await writeFileAtomic(html, await toHtml(all, { requirements: requirements(), title: 'Shoreline demo' }))
    await writeFileAtomic(join(out, 'summary.md'), toMarkdown(all))
    const seconds = (performance.now() - started) / 1000
    for (const line of verdictTable(out, { 'fhir-api-mix': 'load-fhir-api-mix', import: 'load-import' })) ctx.say(line)
    ctx.say(`${failed.length ? `${failed.length} step(s) failed: ${failed.join(', ')}. ` : ''}Report: ${html} (${seconds.toFixed(0)} s)`)
    return failed.length ? ExitCode.verdictFailed : ExitCode.ok
  },
}
