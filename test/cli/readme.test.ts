// Every command the README and docs/ show, run as written (README-02), in one working folder and in
// the order written, against local stand-ins for the systems they name:
//   http://127.0.0.1:8080 → an embedded server with --auth none and NLP on (or the one a block starts itself);
//   https://fhir.staging.example and $FHIR_URL → an embedded SMART server with the `ci` and `load`
//     clients registered;
//   https://healthlake.us-east-1.amazonaws.com → the stand-in with --preset healthlake (SMART with the
//     `ci` client for --auth backend, SigV4 otherwise), its control plane and S3 (s3rver) reached
//     through AWS_ENDPOINT_URL_HEALTHLAKE / AWS_ENDPOINT_URL_S3 as the AWS SDKs read them, and
//     SHORELINE_TARGET_PROFILE=healthlake standing in for the host name the profile is chosen by.
// Scaled for a test: --patients at most 10, every load 2 s long, SLO_FACTOR=20 (a shared CI machine).
// The files the commands name (ci.jwk.json, idp.jwk.json, lambda/index.mjs, clients.json) are
// written first. `npm ci`/`npm test` are the set-up (CI runs them); `kubectl apply -f F` checks F is a
// TestRun manifest, or a Job valid under batch/v1; `kubectl create secret generic NAME` that shoreline
// wrote that Secret's template with those keys. Each command must exit as the README says (0 unless it says otherwise).
// README-03: every link points inside the repository, and every `npm run`/`node scripts/…` exists.
import t from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join } from 'node:path'
import { exportJWK, generateKeyPair } from 'jose'
import S3rver from 's3rver'
import { parse as parseYaml } from 'yaml'
import { Job } from 'kubernetes-models/batch/v1'
import { BIN, cliRun, nodeCommand, ROOT } from '../helpers.js'
import { startServer, DEFAULT_SIGV4, type RunningServer } from '../../server/http/server.js'
import { PRESETS } from '../../server/presets.js'
import { generatorLexicon } from '../../cli/nlp-lexicon.js'
import { docCommands, parseCommand, type DocCommand } from '../readme/commands.js'

// Every documented command, run as written (the demo and two load runs among them): longer than the default (.taprc's 300 s on a busy 2-core machine).
t.setTimeout(600_000)

const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
]
const SECRET = 'readme-load-secret-0123456789'
const S3RVER = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
const HEALTHLAKE = 'https://healthlake.us-east-1.amazonaws.com'
const PATIENTS_MAX = 10

/** Exit codes other than 0 that the README gives for a command. */
function expectedExits(text: string): number[] {
  if (/validate .*invalid\/corpus\.ndjson/.test(text)) return [1] // "each item fails for its labelled rule"
  if (/report diff /.test(text)) return [0, 1] // "exit 1 on a regression": two short runs on a busy machine may differ
  return [0]
}

/** Scaled for a test: fewer patients, shorter loads (a load that runs its scenario's own length, 30 s, runs 2 s too). */
function scaled(words: string[]): string[] {
  const out = words.map((w, i) => {
    const flag = words[i - 1]
    if (flag === '--patients') return String(Math.min(Number(w), PATIENTS_MAX))
    if (flag === '--duration') return '2s'
    return w
  })
  const runsLoad = out[0] === 'load' && !out.includes('--emit') && !out.includes('--duration')
  return runsLoad ? [...out, '--duration', '2s'] : out
}

async function servedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/datastore\/\w+\/r4\/)$/m.exec(out)
      if (m?.[1]) resolve(m[1])
    })
    child.on('exit', (code) => reject(new Error(`serve exited ${code} before it was ready`)))
  })
}

t.test('README-02: every command in the README and docs/ runs as written against local stand-ins', async (t) => {
  const cwd = t.testdir({})
  const s3dir = mkdtempSync(join(tmpdir(), 'shoreline-readme-s3-'))
  const s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3dir, configureBuckets: [{ name: 'bucket' }] })
  const s3url = `http://127.0.0.1:${(await s3.run()).port}`
  t.teardown(async () => {
    await s3.close()
    rmSync(s3dir, { recursive: true, force: true })
  })
  // The files the commands name.
  const ci = await generateKeyPair('ES384', { extractable: true })
  writeFileSync(join(cwd, 'ci.jwk.json'), JSON.stringify({ ...(await exportJWK(ci.privateKey)), kid: 'ci-1', alg: 'ES384' }))
  const idp = await generateKeyPair('RS256', { extractable: true })
  writeFileSync(join(cwd, 'idp.jwk.json'), JSON.stringify({ ...(await exportJWK(idp.privateKey)), kid: 'idp-1', alg: 'RS256' }))
  writeFileSync(join(cwd, 'idp.jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(idp.publicKey)), kid: 'idp-1', alg: 'RS256' }] }))
  mkdirSync(join(cwd, 'lambda'))
  copyFileSync(join(ROOT, 'examples/lambda-token-validator/index.mjs'), join(cwd, 'lambda/index.mjs'))
  // The handler's own dependency (jose), as `npm i jose` beside it would give it.
  symlinkSync(join(ROOT, 'node_modules'), join(cwd, 'node_modules'), 'dir')
  // A CI workflow's steps run in a fresh checkout of their own, with the key file it names.
  const workflowCwd = mkdtempSync(join(tmpdir(), 'shoreline-readme-workflow-'))
  copyFileSync(join(cwd, 'ci.jwk.json'), join(workflowCwd, 'ci.jwk.json'))
  t.teardown(() => rmSync(workflowCwd, { recursive: true, force: true }))
  const ciClient = { client_id: 'ci', jwks: { keys: [{ ...(await exportJWK(ci.publicKey)), kid: 'ci-1', alg: 'ES384' }] }, scope: 'system/*.cruds system/*.read' } as never
  const loadClient = { client_id: 'load', client_secret: SECRET, scope: 'system/*.cruds system/*.rs' }
  writeFileSync(join(cwd, 'clients.json'), JSON.stringify({ clients: [loadClient] }))
  // The stand-ins.
  const sigv4Credentials = [DEFAULT_SIGV4, S3RVER]
  const preset = { variants: [...PRESETS.healthlake.variants], faults: [...PRESETS.healthlake.faults] }
  const s3config = { endpoint: s3url, region: 'us-east-1', ...S3RVER, forcePathStyle: true }
  // The local and HealthLake stand-ins have integrated NLP on, as a data store that asked for it (docs/nlp.md).
  const nlp = { lexicon: generatorLexicon(), delayMs: 50 }
  const servers: RunningServer[] = [
    await startServer({ auth: 'none', retryAfterSeconds: 0, nlp }),
    await startServer({ auth: 'smart', retryAfterSeconds: 0, authConfig: { clients: [ciClient, loadClient] } }),
    await startServer({ auth: 'smart', retryAfterSeconds: 0, authConfig: { clients: [ciClient] }, ...preset, s3: s3config, sigv4Credentials, nlp }),
    await startServer({ auth: 'sigv4', retryAfterSeconds: 0, ...preset, s3: s3config, sigv4Credentials, nlp }),
  ]
  t.teardown(() => Promise.all(servers.map((s) => s.close())))
  const [local, staging, hlSmart, hlSigv4] = servers as [RunningServer, RunningServer, RunningServer, RunningServer]
  const vars: Record<string, string> = {
    DATASTORE_ID: 'local',
    SECRET,
    FHIR_URL: staging.url,
    GITHUB_STEP_SUMMARY: join(cwd, 'step-summary.md'),
    AWS_ACCESS_KEY_ID: S3RVER.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_HEALTHLAKE: hlSigv4.origin,
    AWS_ENDPOINT_URL_S3: s3url,
    SLO_FACTOR: '20',
  }
  let ran = 0
  for (const file of DOCS) {
    const commands = docCommands(file, readFileSync(join(ROOT, file), 'utf8'))
    let own: { port: string; origin: string; child: ChildProcess } | undefined
    let block = ''
    for (const c of commands) {
      if (c.ranBy) {
        t.ok(existsSync(join(ROOT, c.ranBy)), `${c.where}: run by ${c.ranBy}`)
        continue
      }
      // A block's own `serve … &` serves the rest of that block only.
      const thisBlock = blockOf(file, c)
      if (thisBlock !== block) {
        own?.child.kill('SIGINT')
        own = undefined
        block = thisBlock
      }
      const here = c.workflow ? workflowCwd : cwd
      const p = parseCommand(c.text, vars, (f) => readFileSync(join(here, f), 'utf8'))
      const [head, ...rest] = p.words
      if (head === 'npm' && ['ci', 'test'].includes(rest[0] ?? '')) continue
      if (head === 'export') {
        for (const kv of rest) vars[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1)
        continue
      }
      if (head === 'kubectl' && rest[0] === 'create' && rest[1] === 'secret') {
        // The Secret the emitted TestRun reads: a template of that name, with those keys, was written.
        const name = rest[3] ?? ''
        const keys = rest.filter((w) => w.startsWith('--from-literal=')).map((w) => w.slice('--from-literal='.length).split('=')[0])
        const templates = readdirSync(here, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith(`${name}.secret.yaml`))
        t.ok(templates.length, `${c.where}: shoreline wrote the template of Secret ${name}`)
        for (const f of templates) {
          const secret = parseYaml(readFileSync(join(here, f), 'utf8'), { version: '1.1' }) as { metadata: { name: string }; stringData: Record<string, string> }
          t.equal(secret.metadata.name, name, `${c.where}: the Secret's name`)
          t.same(Object.keys(secret.stringData).sort(), keys.sort(), `${c.where}: the keys the TestRun reads`)
        }
        continue
      }
      if (head === 'kubectl') {
        const f = rest[rest.indexOf('-f') + 1] ?? ''
        const manifest = readFileSync(join(here, f), 'utf8')
        if (/^kind: Job$/m.test(manifest)) t.doesNotThrow(() => new Job(parseYaml(manifest, { version: '1.1' })).validate(), `${c.where}: ${f} is a valid batch/v1 Job to apply`)
        else t.match(manifest, /kind: TestRun/, `${c.where}: ${f} is a TestRun manifest to apply`)
        continue
      }
      t.same([head, rest[0]], ['npx', 'shoreline'], `${c.where}: a shoreline command (${c.text.slice(0, 60)})`)
      let args = scaled(rest.slice(1))
      const auth = args[args.indexOf('--auth') + 1]
      const env: Record<string, string> = { ...vars, ...p.env }
      args = args.map((a) => {
        if (a.startsWith(HEALTHLAKE)) {
          env.SHORELINE_TARGET_PROFILE = 'healthlake'
          return a.replace(/^https:\/\/healthlake\.us-east-1\.amazonaws\.com/, (auth === 'backend' ? hlSmart : hlSigv4).origin)
        }
        if (a.startsWith('https://fhir.staging.example/r4/')) return staging.url
        // The block's own server where it started one on this port; the default target otherwise.
        if (own && a.startsWith(`http://127.0.0.1:${own.port}/`)) return a.replace(`http://127.0.0.1:${own.port}`, own.origin)
        if (a.startsWith('http://127.0.0.1:8080/')) return a.replace('http://127.0.0.1:8080', local.origin)
        return a
      })
      if (args[0] === 'serve' && !args.some((a) => a.startsWith('--list-'))) {
        // A server: started on any free port, seen ready (its URL printed), then stopped — or, with `&`, kept for its block.
        const asked = args[args.indexOf('--port') + 1]
        const child = spawn(
          ...nodeCommand(
            BIN,
            args.map((a, i) => (args[i - 1] === '--port' ? '0' : a)),
          ),
          {
            cwd: here,
            env: { ...process.env, ...env },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        )
        const url = await servedUrl(child)
        t.match(url, /^http:\/\/127\.0\.0\.1:\d+\/datastore\/local\/r4\/$/, `${c.where}: serve is ready`)
        if (p.background) {
          if (asked) own = { port: asked, origin: new URL(url).origin, child }
        } else {
          const stopped = new Promise<number | null>((r) => child.on('exit', r))
          child.kill('SIGINT')
          t.equal(await stopped, 0, `${c.where}: serve stops cleanly`)
        }
        ran++
        continue
      }
      const started = performance.now()
      const r = await cliRun(args, env, here)
      if (p.appendTo) appendFileSync(isAbsolute(p.appendTo) ? p.appendTo : join(here, p.appendTo), r.stdout)
      const took = `${((performance.now() - started) / 1000).toFixed(1)} s`
      t.ok(expectedExits(c.text).includes(r.code ?? -1), `${c.where}: \`${c.text.slice(0, 90)}\` exits ${r.code} (${took})`, { stderr: r.stderr.slice(-1200) })
      ran++
    }
    own?.child.kill('SIGINT')
  }
  t.ok(ran >= 35, `${ran} commands run`)
  t.match(readFileSync(vars.GITHUB_STEP_SUMMARY!, 'utf8'), /## Conformance/, 'the step summary got the Markdown report')
})

/** The block a command belongs to: its file and the line its block opens at. */
function blockOf(file: string, c: DocCommand): string {
  const text = readFileSync(join(ROOT, file), 'utf8').split('\n')
  let i = Number(c.where.split(':')[1]) - 1
  while (i > 0 && !/^```/.test(text[i - 1] ?? '')) i--
  return `${file}:${i}`
}

t.test('README-03: every link points inside the repository; every npm script and script file named exists', async (t) => {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
  for (const file of DOCS) {
    const md = readFileSync(join(ROOT, file), 'utf8')
    for (const m of md.matchAll(/\]\(([^)\s]+)\)/g)) {
      const link = m[1]!.split('#')[0]!
      if (!link || /^(https?:|mailto:)/.test(m[1]!)) continue
      t.notMatch(link, /^\.\.\/shared\b/, `${file}: ${link} is inside the repository`)
      t.ok(existsSync(join(ROOT, dirname(file), link)), `${file}: ${link} exists`)
    }
    t.notMatch(md, /`\.\.\/shared\//, `${file}: names no file outside the repository`)
    for (const m of md.matchAll(/npm run ([\w:-]+)(\*?)/g)) {
      const name = m[1]!
      t.ok(m[2] ? Object.keys(scripts).some((k) => k.startsWith(name)) : scripts[name] !== undefined, `${file}: npm run ${name}${m[2]} is a script`)
    }
    for (const m of md.matchAll(/node (scripts\/[\w.-]+)/g)) t.ok(existsSync(join(ROOT, m[1]!)), `${file}: ${m[1]} exists`)
  }
})
