// The built-in k6-compatible engine, in k6's order: init (the script once per VU) → setup() →
// scenarios (each by its executor, side by side) → teardown() → thresholds and handleSummary.
// Exit codes as k6's: 99 thresholds, 100 setup timeout, 104 options, 105 interrupted, 107 script
// error, 108 test.abort, 110 test.fail.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { bundleForEngine } from './bundle.js'
import { emitSummary } from './handle-summary.js'
import { HttpEngine, parseDuration } from './http.js'
import { registerRun, unregisterRun } from './k6/runtime.js'
import type { Registry } from './metrics.js'
import { initialVus, OptionsError, scenariosOf, type Scenario } from './options.js'
import { runtimeFor } from './runtime-binding.js'
import { runScenario } from './scenario.js'
import { legacySummary, summaryData, textSummary, type SummaryInput } from './summary.js'
import { EXIT, StopTest, TestRun, type Output } from './test-run.js'
import { judgeThresholds, parseThresholds, type Threshold } from './thresholds.js'
import { startTicker, type Progress } from './ticker.js'
import { VuPool, type Vu } from './vu-pool.js'
import { redactValue } from '../lib/redact.js'
import { RunStoppedError } from '../lib/errors.js'

export { EXIT }
export type { Progress }

export interface RunConfig {
  script: string
  env?: Record<string, string>
  summaryExport?: string
  /** Called about once a second with live numbers. */
  onProgress?: (p: Progress) => void
  /** Aborting stops the run at once, requests in flight aborted (Ctrl-C, --max-duration); teardown and the summary still run. */
  signal?: AbortSignal
  write?: Output
  /** The default request timeout where a script sets none (k6's is 60 s): `load --request-timeout`. */
  requestTimeoutMs?: number
  /** PEM certificates trusted besides the system's roots (`load --ca-file`). */
  ca?: string
  isTTY?: { stdout: boolean; stderr: boolean }
}

export interface RunResult {
  exitCode: number
  /** One line: why the run did not end normally. */
  reason?: string
  data: ReturnType<typeof summaryData>
  legacy: ReturnType<typeof legacySummary>
  text: string
  registry: Registry
  thresholds: Threshold[]
  scenarios: Scenario[]
  durationMs: number
  interruptedIterations: number
}

const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)']

/** What init leaves for the later phases. */
interface Initialised {
  pool: VuPool
  lifecycle: Vu
  http: HttpEngine
  /** The VUs of each scenario, initialised before the test. */
  vus: Map<string, Vu[]>
}

export async function runTest(cfg: RunConfig): Promise<RunResult> {
  const run = new TestRun(cfg.write ?? { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) })
  const work = mkdtempSync(join(tmpdir(), 'shoreline-engine-'))
  let http: HttpEngine | undefined
  const rt = runtimeFor(run, cfg.env ?? {}, dirname(resolve(cfg.script)), () => http)
  registerRun(run.id, rt)
  // Stopped from outside: the run ends now, requests in flight aborted (a target that hangs or
  // drips cannot hold it); teardown and the summary still run. --max-duration says so in its reason.
  const onSignal = () => {
    const reason: unknown = cfg.signal?.reason
    if (reason instanceof RunStoppedError && reason.why === 'deadline') run.stop(reason.exitCode, `${reason.message}: stopped`)
    else run.stop(EXIT.interrupted, 'interrupted (SIGINT): stopped; requests in flight aborted')
    http?.abort()
  }
  cfg.signal?.addEventListener('abort', onSignal)
  if (cfg.signal?.aborted) onSignal()
  let lifecycle: Vu | undefined
  let setupData: unknown
  try {
    const ready = await init(run, cfg.script, work, cfg.requestTimeoutMs, cfg.ca)
    lifecycle = ready.lifecycle
    http = ready.http
    if (run.stopped) http.abort()
    setupData = await setup(run, lifecycle)
    const t0 = performance.now()
    rt.testStart = t0
    const stopTicker = startTicker(run, t0, cfg.onProgress)
    try {
      const testTags = (run.options.tags as Record<string, string>) ?? {}
      await Promise.all(run.scenarios.map((s) => runScenario(s, { run, pool: ready.pool, vus: ready.vus.get(s.name) ?? [], setupData, testTags })))
    } finally {
      run.releaseWaits()
      stopTicker()
    }
    run.registry.tick(Math.ceil((performance.now() - t0) / 1000))
    await teardown(run, lifecycle, setupData)
  } catch (err) {
    const e = err as Error
    if (err instanceof StopTest) run.stop(err.code, err.message)
    else run.stop(EXIT.script, e?.message ?? String(err))
  } finally {
    cfg.signal?.removeEventListener('abort', onSignal)
  }
  try {
    return await summarise(run, cfg, lifecycle, setupData)
  } finally {
    await http?.close().catch(() => undefined)
    rmSync(work, { recursive: true, force: true })
    unregisterRun(run.id)
  }
}

/** The script bundled, VU 0's init (which gives the options), then every scenario's initial VUs. */
async function init(run: TestRun, script: string, work: string, timeoutMs?: number, ca?: string): Promise<Initialised> {
  const pool = new VuPool(run, await bundleForEngine(script, work))
  let lifecycle: Vu
  try {
    lifecycle = await pool.lifecycleVu()
  } catch (err) {
    throw new StopTest(EXIT.script, `${script}: the init code failed: ${(err as Error).message}`)
  }
  run.options = { ...((lifecycle.mod.script.options as Record<string, unknown>) ?? {}) }
  try {
    run.scenarios = scenariosOf(run.options)
    for (const s of run.scenarios) {
      const fn = s.exec !== 'default' ? lifecycle.mod.script[s.exec] : lifecycle.mod.script.default
      if (typeof fn !== 'function') throw new OptionsError(`scenarios.${s.name}: the script exports no function \`${s.exec}\``)
    }
    const perHost = run.options.batchPerHost
    if (perHost !== undefined && !(Number.isInteger(perHost) && (perHost as number) >= 0))
      throw new OptionsError(`batchPerHost: ${JSON.stringify(perHost)} is not a whole number ≥ 0`)
    run.thresholds = parseThresholds((run.options.thresholds as Record<string, unknown>) ?? {}, run.registry, (v) => parseDuration(v, 'delayAbortEval'))
  } catch (err) {
    throw new StopTest(EXIT.options, `options: ${(err as Error).message}`)
  }
  const http = new HttpEngine(run.registry, {
    discardResponseBodies: !!run.options.discardResponseBodies,
    testTags: (run.options.tags as Record<string, string>) ?? {},
    batchPerHost: run.options.batchPerHost as number | undefined,
    timeoutMs,
    ca,
  })
  const vus = new Map<string, Vu[]>()
  for (const s of run.scenarios) {
    const list: Vu[] = []
    for (let i = 0; i < initialVus(s); i++) list.push(await pool.newVu())
    vus.set(s.name, list)
  }
  run.registry.add('vus_max', 'gauge', run.vusInitialized, {})
  return { pool, lifecycle, http, vus }
}

/** setup() on VU 0 within setupTimeout; its data is passed on as JSON (a copy per VU). */
async function setup(run: TestRun, lifecycle: Vu): Promise<unknown> {
  lifecycle.mod.__shoreline_vu.asLifecycle()
  const fn = lifecycle.mod.script.setup as ((...a: unknown[]) => unknown) | undefined
  if (!fn) return undefined
  const timeout = parseDuration(run.options.setupTimeout ?? '60s', 'setupTimeout')
  let timer: NodeJS.Timeout | undefined
  try {
    const late = new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new StopTest(EXIT.setupTimeout, `setup() did not finish within ${timeout / 1000} s`)), timeout)))
    const r = await Promise.race([Promise.resolve().then(() => fn()), late])
    return r === undefined ? undefined : JSON.parse(JSON.stringify(r))
  } catch (err) {
    if (err instanceof StopTest) throw err
    throw new StopTest(EXIT.script, `setup() failed: ${(err as Error).message}`)
  } finally {
    clearTimeout(timer)
  }
}

/** teardown(data) on VU 0, unless the script itself broke. */
async function teardown(run: TestRun, lifecycle: Vu, setupData: unknown): Promise<void> {
  const fn = lifecycle.mod.script.teardown as ((d: unknown) => unknown) | undefined
  if (!fn || run.stopCode === EXIT.script) return
  try {
    await fn(setupData === undefined ? undefined : structuredClone(setupData))
  } catch (err) {
    if (!(err instanceof StopTest)) run.logError('teardown', err)
  }
}

/** Thresholds judged, both summary shapes, handleSummary, and the exit code with its reason. */
async function summarise(run: TestRun, cfg: RunConfig, lifecycle: Vu | undefined, setupData: unknown): Promise<RunResult> {
  const durationMs = Date.now() - run.started
  judgeThresholds(run, durationMs)
  const trendStats = (run.options.summaryTrendStats as string[] | undefined) ?? TREND_STATS
  const input: SummaryInput = { registry: run.registry, thresholds: run.thresholds, checks: [...run.checks.values()], groups: [...run.groups], setupData, trendStats, durationMs }
  const data = summaryData(input, { isStdOutTTY: !!cfg.isTTY?.stdout, isStdErrTTY: !!cfg.isTTY?.stderr })
  const legacy = legacySummary(input)
  const text = textSummary(input)
  await emitSummary(run, lifecycle?.mod.script.handleSummary as ((d: unknown) => unknown) | undefined, data, text)
  if (cfg.summaryExport) writeFileSync(cfg.summaryExport, JSON.stringify(redactValue(legacy), null, 2))
  const crossed = run.thresholds.filter((t) => !t.ok)
  let exitCode: number = EXIT.ok
  if (run.stopCode && run.stopCode !== EXIT.thresholds) exitCode = run.stopCode
  else if (crossed.length) exitCode = EXIT.thresholds
  else if (run.failedByScript) exitCode = EXIT.failed
  const reason =
    run.stopReason ??
    (exitCode === EXIT.thresholds
      ? `thresholds crossed: ${crossed.map((t) => `${t.key} '${t.expression}'`).join(', ')}`
      : exitCode === EXIT.failed
        ? 'test.fail() was called'
        : undefined)
  return { exitCode, reason, data, legacy, text, registry: run.registry, thresholds: run.thresholds, scenarios: run.scenarios, durationMs, interruptedIterations: run.interrupted }
}
