// `shoreline load`: a k6 scenario against a target on the built-in engine or real k6, or emitted as
// k6-operator manifests. Writes the k6 summary (handleSummary data and the legacy export) and the
// results model; exits like k6 (99 thresholds crossed, 107 script error, 108 aborted).
import { existsSync, readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { openDataset } from '../../lib/seed/dataset.js'
import { fileServer, importFiles } from '../../lib/seed/import.js'
import { mkdir, writeFile } from 'node:fs/promises'
import { spawn, spawnSync } from 'node:child_process'
import { join, resolve, basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CommandSpec } from '../command.js'
import { targetFrom, targetOptions, type TargetArgs } from '../target-flags.js'
import { TargetClient } from '../../lib/target/client.js'
import { RunRecorder, writeResults } from '../../lib/results/writer.js'
import { writeFileAtomic } from '../../lib/atomic-fs.js'
import { ExitCode, UsageError } from '../../lib/errors.js'
import { runTest, type RunResult } from '../../engine/run.js'
import { bundleForK6, ScriptError } from '../../engine/bundle.js'
import { k6OperatorManifests } from '../../engine/k6-operator.js'
import { loadResults } from '../../engine/results.js'
import { toJUnit } from '../../reports/junit.js'
import { redactValue } from '../../lib/redact.js'

interface Args extends TargetArgs {
  scenario: string
  'load-profile': string
  engine: 'builtin' | 'k6'
  out: string
  duration?: string
  data?: string
  env: string[]
  emit?: string
  parallelism: number
  'summary-export'?: string
}

const LOAD_PROFILES = ['smoke', 'average', 'stress', 'spike', 'soak']

/** scenarios/<name>.ts in the package, or a script path. */
export function scenarioFile(name: string): string {
  if (/[/\\]|\.(ts|js|mjs)$/.test(name)) return resolve(name)
  const dirs = [new URL('../../scenarios/', import.meta.url), new URL('../scenarios/', import.meta.url)].map((u) => fileURLToPath(u))
  for (const d of dirs) if (existsSync(join(d, `${name}.ts`))) return join(d, `${name}.ts`)
  throw new UsageError(`--scenario ${name}: no such scenario (known: fhir-api-mix, transactions, import, export, smart-token, search-heavy; or a path to a k6 script)`)
}

export const loadCommand: CommandSpec<Args> = {
  command: 'load',
  renamedFlags: { profile: 'load-profile' },
  describe: 'Run a k6 load scenario against a target (built-in engine or k6), or emit k6-operator manifests',
  builder: (y) =>
    targetOptions(y)
      .option('scenario', { type: 'string', demandOption: true, describe: 'A scenario in scenarios/ (fhir-api-mix, transactions, import, export, smart-token, search-heavy) or a k6 script path' })
      .option('load-profile', { choices: LOAD_PROFILES, default: 'smoke', describe: 'Load profile: the shape of the run (scenarios/lib/profiles.ts)' })
      .option('engine', { choices: ['builtin', 'k6'], default: 'builtin', describe: 'builtin: Shoreline\'s k6-compatible engine; k6: `k6 run` from PATH' })
      .option('out', { type: 'string', default: 'results/load', describe: 'Folder for results.json, junit.xml (a testcase per threshold), summary.json (handleSummary data), summary-export.json and summary.txt' })
      .option('duration', { type: 'string', describe: 'Scale the load profile to this length (passed to the script as DURATION)' })
      .option('data', { type: 'string', describe: 'A generated dataset the scenario reads ids and queries from (DATA_DIR)' })
      .option('env', { alias: 'e', type: 'string', array: true, default: [], describe: 'KEY=VALUE for the script\'s __ENV (as k6 -e)' })
      .option('emit', { choices: ['k6-operator'], describe: 'Write ConfigMap + TestRun manifests instead of running' })
      .option('parallelism', { type: 'number', default: 1, describe: 'k6-operator runners (--emit k6-operator)' })
      .option('summary-export', { type: 'string', describe: 'Also write the legacy summary export here' })
      .example('$0 load --scenario fhir-api-mix --target http://127.0.0.1:8080/datastore/local/r4/ --data data/demo', 'A smoke run on the built-in engine'),
  async run(a, ctx) {
    // Ctrl-C from the first moment stops the run gracefully (a signal before the engine starts too).
    const controller = new AbortController()
    const onSigint = () => controller.abort()
    process.once('SIGINT', onSigint)
    try {
      return await load(a, ctx, controller.signal)
    } finally {
      process.removeListener('SIGINT', onSigint)
    }
  },
}

async function load(a: Args, ctx: Parameters<CommandSpec<Args>['run']>[1], signal: AbortSignal): Promise<number> {
  const script = scenarioFile(a.scenario)
  if (!Number.isInteger(a.parallelism) || a.parallelism < 1) throw new UsageError(`--parallelism must be a whole number ≥ 1, got ${a.parallelism}`)
  const env: Record<string, string> = { LOAD_PROFILE: a['load-profile'] }
  for (const kv of a.env) {
    const i = kv.indexOf('=')
    if (i <= 0) throw new UsageError(`--env ${JSON.stringify(kv)} is not KEY=VALUE`)
    env[kv.slice(0, i)] = kv.slice(i + 1)
  }
  if (a.duration) env.DURATION = a.duration
  if (a.data) env.DATA_DIR = resolve(a.data)
  await mkdir(a.out, { recursive: true })
  const name = basename(script).replace(/\.(ts|js|mjs)$/, '')

  if (a.emit === 'k6-operator') {
    const target = a.target ?? process.env.SHORELINE_TARGET
    if (target) env.BASE_URL = target
    const text = await bundleForK6(script).catch((err: Error) => {
      throw new UsageError(err.message)
    })
    const file = join(a.out, `${name}.k6-operator.yaml`)
    await writeFileAtomic(file, k6OperatorManifests({ name, script: text, parallelism: a.parallelism, env }))
    ctx.say(`wrote ${file} (ConfigMap + TestRun, parallelism ${a.parallelism}); apply with: kubectl apply -f ${file}`)
    return ExitCode.ok
  }

  const target = targetFrom(a)
  env.BASE_URL = target.url
  env.TARGET_PROFILE = target.profile
  // Credentials reach the script as k6 would get them: a token fetched here, or the secret for setup().
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
    Object.assign(env, { AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey, ...(c.sessionToken ? { AWS_SESSION_TOKEN: c.sessionToken } : {}), AWS_REGION: auth.region ?? process.env.AWS_REGION ?? 'us-east-1' })
  }
  const recorder = new RunRecorder('load', ctx.argv)
  // The import scenario pulls NDJSON by URL: serve the dataset's files (IMPORT_TYPES) on loopback.
  let files: Server | undefined
  if (name === 'import' && env.MODE !== 'healthlake' && !env.MANIFEST_URL && a.data) {
    const ds = openDataset(a.data)
    const types = (env.IMPORT_TYPES ?? 'Patient').split(',')
    const chosen = importFiles(ds, false).filter((f) => types.some((t) => f.name === `${t}.ndjson` || f.name.startsWith(`${t}.`)))
    if (!chosen.length) throw new UsageError(`--data ${a.data}: no NDJSON for IMPORT_TYPES=${types.join(',')}`)
    const served = await fileServer(chosen)
    files = served.server
    env.MANIFEST_URL = `${served.url}manifest.json`
    const first = readFileSync(chosen[0].path, 'utf8').slice(0, 4096).split('\n')[0]
    const probe = /"resourceType":"(\w+)","id":"([^"]+)"/.exec(first)
    if (probe) env.PROBE = `${probe[1]}/${probe[2]}`
  }

  if (a.engine === 'k6') {
    const found = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['k6'], { encoding: 'utf8' })
    if (found.status !== 0) throw new UsageError('--engine k6: k6 is not on PATH (install it from https://grafana.com/docs/k6/latest/set-up/install-k6/), or use --engine builtin')
    const bundled = join(a.out, `${name}.k6.js`)
    await writeFile(bundled, await bundleForK6(script))
    const args = ['run', '--summary-export', join(a.out, 'summary-export.json'), ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), bundled]
    const code = await new Promise<number>((res) => spawn('k6', args, { stdio: 'inherit' }).on('exit', (c) => res(c ?? 1)))
    return code
  }

  const tty = process.stderr.isTTY
  let result: RunResult
  try {
    result = await runTest({
      script,
      env,
      signal,
      summaryExport: a['summary-export'],
      isTTY: { stdout: !!process.stdout.isTTY, stderr: !!tty },
      write: { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
      onProgress: (p) => {
        const line = `${p.elapsedS}s  VUs ${p.vus}  ${p.rps} req/s  p95 ${p.p95.toFixed(1)} ms  errors ${p.failed}  iterations ${p.iterations}`
        if (tty) process.stderr.write(`\r\x1b[2K${line}`)
        else if (p.elapsedS === 1 || p.elapsedS % 10 === 0) ctx.note(line)
      },
    })
  } catch (err) {
    if (err instanceof ScriptError) throw new UsageError(err.message)
    throw err
  } finally {
    files?.close()
    if (tty) process.stderr.write('\r\x1b[2K')
  }
  // setup()'s data holds the session (a token, AWS keys): redacted like everything else written.
  await writeFileAtomic(join(a.out, 'summary.json'), JSON.stringify(redactValue(result.data), null, 2))
  await writeFileAtomic(join(a.out, 'summary-export.json'), JSON.stringify(redactValue(result.legacy), null, 2))
  await writeFileAtomic(join(a.out, 'summary.txt'), result.text)
  const doc = recorder.finish(loadResults(result, { url: target.url, profile: target.profile, auth: target.auth.kind }))
  await writeResults(join(a.out, 'results.json'), doc)
  await writeFileAtomic(join(a.out, 'junit.xml'), toJUnit(doc))
  if (result.reason) ctx.note(`load: ${result.reason} (exit ${result.exitCode})`)
  return result.exitCode
}
