// `shoreline load`: a k6 scenario against a target on the built-in engine or real k6, or emitted as
// k6-operator manifests. The launching is the engine's (engine/launch.ts); this command reads the
// flags, prints progress and writes the JUnit view. Exits like k6 (99 thresholds crossed, 105
// interrupted, 107 script error, 108 aborted).
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { CommandSpec } from '../command.js'
import type { CommandContext } from '../context.js'
import type { TargetConfig } from '../../lib/target/config.js'
import {
  assertCredentials,
  assertTargetAnswers,
  recordFailedRun,
  maxDurationMs,
  parseRunDuration,
  runControl,
  targetFrom,
  targetOptions,
  type TargetArgs,
} from '../target-flags.js'
import { RunRecorder } from '../../lib/results/writer.js'
import { writeFileAtomic } from '../../lib/atomic-fs.js'
import { TargetClient } from '../../lib/target/client.js'
import { openDataset } from '../../lib/seed/dataset.js'
import { assertDatasetPresent } from '../../lib/seed/presence.js'
import { ExitCode, RunStoppedError, ShorelineError, UsageError } from '../../lib/errors.js'
import {
  emitK6Operator,
  importFilesFor,
  LOAD_PROFILES,
  runBuiltin,
  runWithK6,
  assertK6OnPath,
  scriptProblem,
  scenarioFile,
  scenarioName,
  SCENARIOS,
  scriptEnv,
  targetEnv,
  writeArtefacts,
  type LoadArtefacts,
} from '../../engine/launch.js'
import { k6Result } from '../../engine/k6-output.js'
import { K6_IMAGE } from '../../engine/k6-operator.js'
import { toJUnit } from '../../reports/junit.js'

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
  'data-from'?: string
  'k6-image': string
  'k8s-secret': string
}

export const loadCommand: CommandSpec<Args> = {
  command: 'load',
  exits: [0, 2, 3, 4, 70, 99, 104, 105, 107, 108, 110],
  renamedFlags: { profile: 'load-profile' },
  describe: 'Run a k6 load scenario against a target (built-in engine or k6), or emit k6-operator manifests',
  builder: (y) =>
    targetOptions(y)
      .option('scenario', { type: 'string', demandOption: true, describe: `A scenario in scenarios/ (${SCENARIOS.join(', ')}) or a k6 script path` })
      .option('load-profile', { choices: [...LOAD_PROFILES], default: 'smoke', describe: 'Load profile: the shape of the run (scenarios/lib/profiles.ts)' })
      .option('engine', { choices: ['builtin', 'k6'], default: 'builtin', describe: "builtin: Shoreline's k6-compatible engine; k6: `k6 run` from PATH" })
      .option('out', {
        type: 'string',
        default: 'results/load',
        describe: 'Folder for results.json, junit.xml (a testcase per threshold), summary.json (handleSummary data), summary-export.json and summary.txt',
      })
      .option('duration', { type: 'string', describe: 'Scale the load profile to this length (passed to the script as DURATION)' })
      .option('data', { type: 'string', describe: 'A generated dataset the scenario reads ids and queries from (DATA_DIR)' })
      .option('env', { alias: 'e', type: 'string', array: true, default: [], describe: "KEY=VALUE for the script's __ENV (as k6 -e)" })
      .option('emit', { choices: ['k6-operator'], describe: 'Write ConfigMap + TestRun manifests instead of running' })
      .option('parallelism', { type: 'number', default: 1, describe: 'k6-operator runners (--emit k6-operator)' })
      .option('data-from', {
        type: 'string',
        describe: 'k6-operator: where the runners fetch the dataset (s3://bucket/prefix or https://…), when its manifest is too big for a ConfigMap',
      })
      .option('k6-image', { type: 'string', default: K6_IMAGE, describe: 'k6-operator: the k6 image the runners use (the scenarios were checked with this one)' })
      .option('k8s-secret', { type: 'string', default: 'shoreline-credentials', describe: "k6-operator: the Secret the runners read the target's credentials from" })
      .option('summary-export', { type: 'string', describe: 'Also write the legacy summary export here' })
      .example('$0 load --scenario fhir-api-mix --target http://127.0.0.1:8080/datastore/local/r4/ --data data/pop', 'A smoke run on the built-in engine'),
  async run(a, ctx) {
    const script = scenarioFile(a.scenario)
    if (!Number.isInteger(a.parallelism) || a.parallelism < 1) throw new UsageError(`--parallelism must be a whole number ≥ 1, got ${a.parallelism}`)
    if (a.duration !== undefined) parseRunDuration(a.duration, '--duration')
    maxDurationMs(a)
    if (a.engine === 'k6' && a.emit !== 'k6-operator') assertK6OnPath()
    const env = scriptEnv({ loadProfile: a['load-profile'], pairs: a.env, duration: a.duration, data: a.data })
    if (a.emit === 'k6-operator') {
      if (a['ca-file']) throw new UsageError("--ca-file does not reach k6-operator's pods: trust the CA in the runner image (k6 reads SSL_CERT_FILE)")
      await mkdir(a.out, { recursive: true })
      const target = a.target ?? process.env.SHORELINE_TARGET
      if (target) env.BASE_URL = target
      if (a.data) openDataset(a.data)
      const profile = a['target-profile'] ?? process.env.SHORELINE_TARGET_PROFILE
      if (profile) env.TARGET_PROFILE = profile
      const kind = a.auth ?? process.env.SHORELINE_AUTH
      const files = await emitK6Operator({
        script,
        out: a.out,
        parallelism: a.parallelism,
        env,
        ...(kind ? { auth: { kind, clientId: a['client-id'] ?? process.env.SHORELINE_CLIENT_ID, scope: a.scope, region: a.region } } : {}),
        data: a.data,
        dataFrom: a['data-from'],
        image: a['k6-image'],
        secretName: a['k8s-secret'],
      })
      if (files.secret)
        ctx.say(`wrote ${files.secret} (a Secret template for ${files.secretKeys.join(', ')}, without values): fill it in, or create it with kubectl create secret generic`)
      ctx.say(`wrote ${files.manifest} (ConfigMaps + TestRun, parallelism ${a.parallelism}); apply with: kubectl apply -f ${files.manifest}`)
      return ExitCode.ok
    }
    const target = targetFrom(a)
    // The dataset is input (exit 2); a script that does not build is exit 107 as in k6, with its
    // results written — both before the target is asked anything.
    if (a.data) openDataset(a.data)
    await assertCredentials(target)
    await mkdir(a.out, { recursive: true })
    const broken = await scriptProblem(script)
    if (broken) {
      await recordFailedRun(a.out, new RunRecorder('load', ctx.argv), target, broken, script)
      throw new ShorelineError(broken, ExitCode.script)
    }
    // Ctrl-C (or --max-duration) from the first moment stops the run (a signal during start-up too).
    const stop = runControl(a, ctx)
    try {
      return await loadRun(a, ctx, script, env, target, stop.signal)
    } catch (err) {
      // Stopped before the run began (the engine writes its own results once it has): said in results.json too, with k6's code for an interrupt.
      if (!(err instanceof RunStoppedError)) throw err
      await recordFailedRun(a.out, new RunRecorder('load', ctx.argv), target, err.message, 'start')
      throw err.why === 'interrupted' ? new ShorelineError(err.message, ExitCode.loadInterrupted) : err
    } finally {
      stop.dispose()
    }
  },
}

async function loadRun(a: Args, ctx: CommandContext, script: string, env: Record<string, string>, target: TargetConfig, signal: AbortSignal): Promise<number> {
  // A target that does not answer at all is one line and exit 3 before the run, not a crossed threshold.
  const probe = new TargetClient(target, { maxAttempts: 2, signal })
  const recorder = new RunRecorder('load', ctx.argv)
  try {
    await assertTargetAnswers(probe, 'the load did not start', a.out, recorder, target)
  } finally {
    await probe.close()
  }
  Object.assign(env, await targetEnv(target))
  // Scenarios that read the dataset's ids need them in the target; import brings its own, nlp-enrichment writes only the notes' text.
  if (a.data && !['import', 'export', 'nlp-enrichment'].includes(scenarioName(script))) {
    const present = new TargetClient(target, { maxAttempts: 1, signal })
    try {
      await assertDatasetPresent(present, openDataset(a.data))
    } finally {
      await present.close()
    }
  }
  const files = await importFilesFor(scenarioName(script), env, a.data)
  const result = a.engine === 'k6' ? await k6Run(script, a.out, env, signal, files, target.ca) : await builtinRun(a, ctx, script, env, target, signal, files)
  const label = { scenario: scenarioName(script), loadProfile: a['load-profile'], engine: a.engine }
  const doc = await writeArtefacts(a.out, result, recorder, { url: target.url, profile: target.profile, auth: target.auth.kind }, a['summary-export'], label)
  await writeFileAtomic(join(a.out, 'junit.xml'), toJUnit(doc))
  if (result.reason) ctx.note(`load: ${result.reason} (exit ${result.exitCode})`)
  const s = doc.summary
  // Said when the ramp ran (not after a setup failure or a script error).
  if (s.capacitySloP95Ms !== undefined && (s.httpReqs ?? 0) > 0 && [0, 4, 99, 105].includes(result.exitCode))
    ctx.note(
      s.capacityFromS === undefined
        ? `capacity: no ${s.capacityWindowS} s stretch met the SLO (p95 ≤ ${s.capacitySloP95Ms} ms): start the ramp lower (-e START_RATE=…)`
        : `capacity: ${s.capacityReqPerS} req/s held every second for ${s.capacityWindowS} s (${s.capacityFromS}–${s.capacityToS} s) with p95 ≤ ${s.capacitySloP95Ms} ms${s.capacitySloBroke ? '' : ' — the SLO never broke: the target can take more (raise -e TARGET_RATE)'}`,
    )
  return result.exitCode
}

/** Real k6 from PATH, read back (k6-output.ts) into what the built-in engine returns. */
async function k6Run(script: string, out: string, env: Record<string, string>, signal: AbortSignal, files: { close(): unknown } | undefined, ca?: string): Promise<LoadArtefacts> {
  let ran: Awaited<ReturnType<typeof runWithK6>> | undefined
  try {
    ran = await runWithK6(script, out, env, signal, ca)
    // A ramping arrival rate probes capacity (the options are k6's to read; the script says it).
    return { ...(await k6Result(ran)), capacityProbe: /ramping-arrival-rate/.test(ran.bundled) }
  } finally {
    // The loopback file server (import) and k6's private files go on every exit path.
    files?.close()
    if (ran) await rm(ran.work, { recursive: true, force: true })
  }
}

async function builtinRun(
  a: Args,
  ctx: CommandContext,
  script: string,
  env: Record<string, string>,
  target: TargetConfig,
  signal: AbortSignal,
  files: { close(): unknown } | undefined,
): Promise<LoadArtefacts> {
  const tty = process.stderr.isTTY
  try {
    const ran = await runBuiltin({
      script,
      env,
      signal,
      ...(a['request-timeout'] !== undefined ? { requestTimeoutMs: target.timeoutMs } : {}),
      ...(target.ca ? { ca: target.ca } : {}),
      onProgress: (p) => {
        const line = `${p.elapsedS}s  VUs ${p.vus}  ${p.rps} req/s  p95 ${p.p95.toFixed(1)} ms  errors ${p.failed}  iterations ${p.iterations}`
        if (tty) process.stderr.write(`\r\x1b[2K${line}`)
        else if (p.elapsedS === 1 || p.elapsedS % 10 === 0) ctx.note(line)
      },
    })
    // A ramping arrival rate probes capacity: the highest rate sustained within the SLO is reported.
    return { ...ran, capacityProbe: ran.scenarios.some((s) => s.executor === 'ramping-arrival-rate') }
  } finally {
    files?.close()
    if (tty) process.stderr.write('\r\x1b[2K')
  }
}
