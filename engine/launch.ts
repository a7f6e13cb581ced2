// Launching a scenario against a target, whichever runs it: the script's __ENV (load profile,
// target, credentials as k6 would get them), the loopback file server the import scenario pulls
// NDJSON from, real k6 spawned from PATH, k6-operator manifests, and the artefacts a run leaves
// (summary.json, summary-export.json, summary.txt, results.json). `shoreline load` only parses
// flags and calls these.
import { existsSync, readFileSync } from 'node:fs'
import { chmod, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { rootCertificates } from 'node:tls'
import type { Server } from 'node:http'
import { spawn, spawnSync } from 'node:child_process'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeFileAtomic } from '../lib/atomic-fs.js'
import { RunStoppedError, UsageError } from '../lib/errors.js'
import { redactText, redactValue } from '../lib/redact.js'
import type { Results } from '../lib/results/model.js'
import { RunRecorder, writeResults } from '../lib/results/writer.js'
import { openDataset } from '../lib/seed/dataset.js'
import { importFiles } from '../lib/seed/import.js'
import { fileServer } from '../lib/seed/file-server.js'
import { TargetClient } from '../lib/target/client.js'
import type { TargetConfig } from '../lib/target/config.js'
import { bundleForK6, ScriptError } from './bundle.js'
import { checkDataFrom, k6OperatorManifests } from './k6-operator.js'
import { k8sYaml } from '../lib/k8s-yaml.js'
import { loadResults, type LoadOutcome } from './results.js'
import type { K6Run } from './k6-output.js'
import { runTest, type Progress, type RunResult } from './run.js'

export const SCENARIOS = ['fhir-api-mix', 'transactions', 'import', 'export', 'smart-token', 'search-heavy', 'breakpoint', 'nlp-enrichment'] as const
export const LOAD_PROFILES = ['smoke', 'average', 'stress', 'spike', 'soak'] as const

/** scenarios/<name>.ts in the package, or a script path. */
export function scenarioFile(name: string): string {
  if (/[/\\]|\.(ts|js|mjs)$/.test(name)) return resolve(name)
  // ../scenarios/ from engine/ in the sources and from dist/ in the bundle alike.
  const file = join(fileURLToPath(new URL('../scenarios/', import.meta.url)), `${name}.ts`)
  if (existsSync(file)) return file
  throw new UsageError(`--scenario ${name}: no such scenario (known: ${SCENARIOS.join(', ')}; or a path to a k6 script)`)
}

export const scenarioName = (script: string) => basename(script).replace(/\.(ts|js|mjs)$/, '')

export interface ScriptEnvOptions {
  loadProfile: string
  /** KEY=VALUE pairs, as k6 -e. */
  pairs: readonly string[]
  duration?: string
  data?: string
}

/** The script's __ENV before the target is known: the load profile, -e pairs, DURATION, DATA_DIR. */
export function scriptEnv(o: ScriptEnvOptions): Record<string, string> {
  const env: Record<string, string> = { LOAD_PROFILE: o.loadProfile }
  // The scenarios' SLO scale (scenarios/lib/profiles.ts slo()) may come from the environment, as k6 reads it; -e wins.
  if (process.env.SLO_FACTOR) env.SLO_FACTOR = process.env.SLO_FACTOR
  for (const kv of o.pairs) {
    const i = kv.indexOf('=')
    if (i <= 0) throw new UsageError(`--env ${JSON.stringify(kv)} is not KEY=VALUE`)
    env[kv.slice(0, i)] = kv.slice(i + 1)
  }
  if (o.duration) env.DURATION = o.duration
  if (o.data) env.DATA_DIR = resolve(o.data)
  return env
}

/** The target and its credentials as k6 would get them: a token fetched here, the client secret for setup(), or AWS keys. */
export async function targetEnv(target: TargetConfig): Promise<Record<string, string>> {
  const env: Record<string, string> = { BASE_URL: target.url, TARGET_PROFILE: target.profile }
  const auth = target.auth
  if (auth.kind === 'client-secret') Object.assign(env, { CLIENT_ID: auth.clientId, CLIENT_SECRET: auth.clientSecret, ...(auth.scope ? { SCOPE: auth.scope } : {}) })
  else if (auth.kind === 'bearer' || auth.kind === 'backend') {
    const client = new TargetClient(target, { maxAttempts: 2 })
    try {
      const header = await client.authorization()
      if (header?.startsWith('Bearer ')) env.TOKEN = header.slice(7)
    } finally {
      await client.close()
    }
  } else if (auth.kind === 'sigv4') {
    const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers')
    const c = await fromNodeProviderChain()()
    Object.assign(env, {
      AWS_ACCESS_KEY_ID: c.accessKeyId,
      AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
      ...(c.sessionToken ? { AWS_SESSION_TOKEN: c.sessionToken } : {}),
      AWS_REGION: auth.region ?? process.env.AWS_REGION ?? 'us-east-1',
    })
  }
  return env
}

/**
 * The import scenario pulls NDJSON by URL: the dataset's files of IMPORT_TYPES served on loopback,
 * MANIFEST_URL and a PROBE resource set in `env`. Undefined when the scenario needs no files.
 */
export async function importFilesFor(scenario: string, env: Record<string, string>, data: string | undefined): Promise<Server | undefined> {
  if (scenario !== 'import' || env.MODE === 'healthlake' || env.MANIFEST_URL || !data) return undefined
  const types = (env.IMPORT_TYPES ?? 'Patient').split(',')
  const chosen = importFiles(openDataset(data), false).filter((f) => types.some((t) => f.name === `${t}.ndjson` || f.name.startsWith(`${t}.`)))
  const first = chosen[0]
  if (!first) throw new UsageError(`--data ${data}: no NDJSON for IMPORT_TYPES=${types.join(',')}`)
  const served = await fileServer(chosen)
  env.MANIFEST_URL = `${served.url}manifest.json`
  const line = readFileSync(first.path, 'utf8').slice(0, 4096).split('\n')[0] ?? ''
  const probe = /"resourceType":"(\w+)","id":"([^"]+)"/.exec(line)
  if (probe) env.PROBE = `${probe[1]}/${probe[2]}`
  return served.server
}

export interface OperatorOptions {
  script: string
  out: string
  parallelism: number
  /** The script's __ENV as given (-e pairs, the load profile, BASE_URL): secret-named keys go to the Secret. */
  env: Record<string, string>
  /** --auth and the non-secret settings that go with it. */
  auth?: { kind: string; clientId?: string; scope?: string; region?: string }
  /** A local dataset folder (its manifest.json travels in a ConfigMap), or --data-from. */
  data?: string
  dataFrom?: string
  image: string
  secretName: string
}

/** Names that are credentials: they reach the runners from the Secret, never as values in a manifest. */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|AWS_ACCESS_KEY_ID|CREDENTIAL/i

/**
 * k6-operator manifests (k6-operator.ts): `<scenario>.k6-operator.yaml` (ConfigMaps and the
 * TestRun) and, when the target needs credentials, `<secret>.secret.yaml` to fill in. Returns the files.
 */
export async function emitK6Operator(o: OperatorOptions): Promise<{ manifest: string; secret?: string; secretKeys: string[] }> {
  const name = scenarioName(o.script)
  if (o.dataFrom) checkDataFrom(o.dataFrom)
  const env: Record<string, string> = {}
  const secretKeys = new Set<string>()
  for (const [k, v] of Object.entries(o.env)) {
    if (k === 'DATA_DIR') continue
    if (SECRET_NAME.test(k)) secretKeys.add(k)
    else env[k] = v
  }
  const auth = o.auth
  if (auth?.kind === 'client-secret') {
    if (!auth.clientId) throw new UsageError('--auth client-secret: give --client-id (or SHORELINE_CLIENT_ID); the secret itself goes in the Secret')
    env.CLIENT_ID = auth.clientId
    if (auth.scope) env.SCOPE = auth.scope
    secretKeys.add('CLIENT_SECRET')
  } else if (auth?.kind === 'bearer' || auth?.kind === 'backend') secretKeys.add('TOKEN')
  else if (auth?.kind === 'sigv4') {
    env.AWS_REGION = auth.region ?? process.env.AWS_REGION ?? 'us-east-1'
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) secretKeys.add(k)
  }
  if (name === 'import' && !env.MANIFEST_URL && env.MODE !== 'healthlake')
    throw new UsageError('--emit k6-operator --scenario import: the runners pull NDJSON by URL; give -e MANIFEST_URL=<an import manifest they can reach> or -e MODE=healthlake')
  const text = await bundleForK6(o.script).catch((err: Error) => {
    throw new UsageError(err.message)
  })
  const data = o.dataFrom ? { from: o.dataFrom } : o.data ? { manifest: readFileSync(join(resolve(o.data), 'manifest.json'), 'utf8') } : undefined
  const keys = [...secretKeys].sort()
  const built = k6OperatorManifests({ name, script: text, parallelism: o.parallelism, env, secretKeys: keys, secretName: o.secretName, image: o.image, ...(data ? { data } : {}) })
  const manifest = join(o.out, `${name}.k6-operator.yaml`)
  await writeFileAtomic(
    manifest,
    await k8sYaml(built.manifests, [
      `Generated by \`shoreline load --emit k6-operator\`: the ${name} scenario on ${o.parallelism} k6-operator runner(s), image ${o.image}.`,
      ...(keys.length ? [`Credentials (${keys.join(', ')}) come from the Secret ${o.secretName}: create it before applying this file.`] : []),
      'Each runner runs setup() itself (its own token, its own session) and judges the thresholds on its',
      'share of the load: a threshold holds for the test only if it holds on every runner.',
    ]),
  )
  if (!built.secret) return { manifest, secretKeys: keys }
  const secret = join(o.out, `${o.secretName}.secret.yaml`)
  await writeFileAtomic(
    secret,
    await k8sYaml(
      [built.secret],
      [
        'A template without values: fill in stringData and apply it, or create the Secret from your environment:',
        `kubectl create secret generic ${o.secretName} ${keys.map((k) => `--from-literal=${k}="$${k}"`).join(' ')}`,
      ],
    ),
  )
  return { manifest, secret, secretKeys: keys }
}

/** --engine k6 needs k6 on PATH: a usage error, said before anything else happens. */
export function assertK6OnPath(): void {
  const found = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['k6'], { encoding: 'utf8' })
  if (found.status !== 0) throw new UsageError('--engine k6: k6 is not on PATH (install it from https://grafana.com/docs/k6/latest/set-up/install-k6/), or use --engine builtin')
}

/** How much of k6's stdout is kept for its summary: the end, where the summary and last progress line are. */
const STDOUT_TAIL = 256 * 1024

/**
 * `k6 run` from PATH on the bundled script, with its summary export and its JSON output (every
 * sample, gzipped) written to a private temporary folder, and its stdout passed through and kept.
 * Resolves once k6 has exited; read the run back with k6Result (k6-output.ts), then drop `work`.
 */
export async function runWithK6(script: string, out: string, env: Record<string, string>, signal?: AbortSignal, ca?: string): Promise<K6Run & { work: string; bundled: string }> {
  assertK6OnPath()
  const text = await bundleForK6(script)
  const bundled = join(out, `${scenarioName(script)}.k6.js`)
  await writeFile(bundled, text)
  // k6's own export holds setup()'s data (the live token): it stays in a folder only we can read
  // and is written to `out` redacted, like every other file.
  const work = await mkdtemp(join(tmpdir(), 'shoreline-k6-'))
  await chmod(work, 0o700)
  const summaryExport = join(work, 'summary-export.json')
  const samples = join(work, 'samples.json.gz')
  // The script's __ENV reaches k6 through its process environment (k6 copies that into __ENV), not
  // as `-e KEY=VALUE` arguments: the env holds tokens and secrets, and argv is visible to `ps`.
  const args = ['run', '--summary-export', summaryExport, '--out', `json=${samples}`, bundled]
  // --ca-file: k6 (Go) reads its roots from SSL_CERT_FILE, in place of the system's; so both go there.
  if (ca) {
    env = { ...env, SSL_CERT_FILE: join(work, 'trusted.pem') }
    await writeFile(env.SSL_CERT_FILE!, [...rootCertificates, ca].join('\n'))
  }
  let tail = ''
  const exitCode = await new Promise<number>((res) => {
    const child = spawn('k6', args, { stdio: ['inherit', 'pipe', 'inherit'], env: { ...process.env, ...env } })
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (text: string) => {
      process.stdout.write(text)
      tail = (tail + text).slice(-STDOUT_TAIL)
    })
    // Stopped by --max-duration: k6 is asked as Ctrl-C asks it, at once. Interrupted: a Ctrl-C at the
    // terminal reached k6 too, so it is given 2 s to stop by itself (a second SIGINT would make it
    // skip its summary) before it is asked (a SIGTERM to us reaches only us). Killed 5 s after asking.
    const timers: NodeJS.Timeout[] = []
    const ask = () => {
      child.kill('SIGINT')
      timers.push(setTimeout(() => child.kill('SIGKILL'), 5000).unref())
    }
    const stop = () => {
      const reason: unknown = signal?.reason
      if (reason instanceof RunStoppedError && reason.why === 'deadline') ask()
      else timers.push(setTimeout(ask, 2000).unref())
    }
    signal?.addEventListener('abort', stop, { once: true })
    child.on('error', () => res(1))
    child.on('close', (c) => {
      for (const t of timers) clearTimeout(t)
      signal?.removeEventListener('abort', stop)
      const reason: unknown = signal?.reason
      res(reason instanceof RunStoppedError && reason.why === 'deadline' ? reason.exitCode : (c ?? 1))
    })
  })
  return { exitCode, stdout: tail, summaryExport, samples, work, bundled: text }
}

/** What is wrong with the script (syntax, imports), or undefined when it builds: checked before any run starts. */
export async function scriptProblem(script: string): Promise<string | undefined> {
  try {
    await bundleForK6(script)
    return undefined
  } catch (err) {
    if (err instanceof ScriptError) return err.message
    throw err
  }
}

export interface BuiltinRun {
  script: string
  env: Record<string, string>
  signal: AbortSignal
  summaryExport?: string
  onProgress?: (p: Progress) => void
  requestTimeoutMs?: number
  ca?: string
}

/** The built-in engine, with the terminal's state; a script that does not bundle is a usage error. */
export async function runBuiltin(o: BuiltinRun): Promise<RunResult> {
  try {
    return await runTest({
      script: o.script,
      env: o.env,
      signal: o.signal,
      requestTimeoutMs: o.requestTimeoutMs,
      ca: o.ca,
      summaryExport: o.summaryExport,
      isTTY: { stdout: !!process.stdout.isTTY, stderr: !!process.stderr.isTTY },
      write: { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
      onProgress: o.onProgress,
    })
  } catch (err) {
    if (err instanceof ScriptError) throw new UsageError(err.message)
    throw err
  }
}

/** What either engine's run hands the artefacts: its outcome, both summary shapes and the text summary. */
export type LoadArtefacts = LoadOutcome & { data: unknown; legacy: unknown; text: string }

/**
 * What a run leaves in `out`: summary.json (handleSummary data), summary-export.json (and a copy at
 * --summary-export when given), summary.txt and results.json. setup()'s data holds the session (a
 * token, AWS keys): redacted like everything else written. Returns the results document.
 */
export async function writeArtefacts(
  out: string,
  result: LoadArtefacts,
  recorder: RunRecorder,
  target: Results['target'],
  summaryExport?: string,
  load?: Results['load'],
): Promise<Results> {
  await writeFileAtomic(join(out, 'summary.json'), JSON.stringify(redactValue(result.data), null, 2))
  const legacy = JSON.stringify(redactValue(result.legacy), null, 2)
  await writeFileAtomic(join(out, 'summary-export.json'), legacy)
  if (summaryExport) await writeFileAtomic(summaryExport, legacy)
  await writeFileAtomic(join(out, 'summary.txt'), redactText(result.text))
  const doc = recorder.finish({ ...loadResults(result, target), ...(load ? { load } : {}) })
  await writeResults(join(out, 'results.json'), doc)
  return doc
}
