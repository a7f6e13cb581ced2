// The built-in k6-compatible engine: lifecycle (init per VU → setup → scenarios → teardown →
// handleSummary), the six executors, thresholds with abortOnFail, and k6's exit codes
// (99 thresholds, 104 options, 105 interrupted, 107 script error, 108 test.abort, 110 test.fail).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { bundleForEngine } from './bundle.js'
import { HttpEngine, parseDuration } from './http.js'
import { compare, aggregate, parseThresholds, Registry, sinkFor, type Threshold } from './metrics.js'
import { initialVus, OptionsError, scenariosOf, stagesLength, stageValue, type Scenario } from './options.js'
import { legacySummary, summaryData, textSummary, type CheckCount, type SummaryInput } from './summary.js'
import { ENGINE_KEY, UnsupportedCall, type EngineRuntime, type VuView } from './k6/runtime.js'
import { K6_MODULES } from './k6/modules.js'
import { redactValue } from '../lib/redact.js'

export const EXIT = { ok: 0, thresholds: 99, setupTimeout: 100, options: 104, interrupted: 105, script: 107, aborted: 108, failed: 110 } as const

export interface RunConfig {
  script: string
  env?: Record<string, string>
  summaryExport?: string
  /** Called about once a second with live numbers. */
  onProgress?: (p: Progress) => void
  /** Aborting stops the run gracefully (SIGINT); the summary is still made. */
  signal?: AbortSignal
  write?: { stdout(text: string): void; stderr(text: string): void }
  isTTY?: { stdout: boolean; stderr: boolean }
}

export interface Progress {
  elapsedS: number
  vus: number
  iterations: number
  reqs: number
  rps: number
  p95: number
  failed: number
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

class StopTest extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

interface Vu {
  id: number
  /** This VU's copy of setup()'s data (k6 gives each VU its own). */
  data?: unknown
  mod: { script: Record<string, unknown>; __shoreline_vu: VuView & { begin(s: string, e: string, i: number, st: number): void; end(): void; asLifecycle(): void } }
}

const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)']

export async function runTest(cfg: RunConfig): Promise<RunResult> {
  const write = cfg.write ?? { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t) }
  const work = mkdtempSync(join(tmpdir(), 'shoreline-engine-'))
  const registry = new Registry()
  const started = Date.now()
  const checks = new Map<string, CheckCount>()
  const groups = new Set<string>()
  const shared = new Map<string, unknown[]>()
  let options: Record<string, unknown> = {}
  let thresholds: Threshold[] = []
  let scenarios: Scenario[] = []
  let stopCode = 0
  let stopReason: string | undefined
  let failedByScript = false
  const stopWaiters = new Set<() => void>()
  const stop = (code: number, reason: string) => {
    if (stopCode) return
    stopCode = code
    stopReason = reason
    for (const w of stopWaiters) w()
  }
  const stopped = () => stopCode !== 0
  /** Resolves at `deadline` (ms, performance clock) or when the test stops. */
  const until = (deadline: number) =>
    new Promise<void>((res) => {
      const ms = deadline - performance.now()
      if (ms <= 0 || stopped()) return res()
      const done = () => {
        clearTimeout(timer)
        stopWaiters.delete(done)
        res()
      }
      const timer = setTimeout(done, ms)
      stopWaiters.add(done)
    })
  const errorsSeen = new Map<string, number>()
  const logError = (where: string, err: unknown) => {
    const msg = `${where}: ${(err as Error)?.message ?? String(err)}`
    const n = (errorsSeen.get(msg) ?? 0) + 1
    errorsSeen.set(msg, n)
    if (n === 1) write.stderr(`ERRO[${((Date.now() - started) / 1000).toFixed(0).padStart(4, '0')}] ${msg}\n`)
  }

  let http: HttpEngine | undefined
  const rt: EngineRuntime = {
    env: { ...(cfg.env ?? {}) },
    scriptDir: dirname(resolve(cfg.script)),
    nextVu: 0,
    options: {},
    testStart: performance.now(),
    modules: K6_MODULES,
    add: (metric, type, value, tags, isTime) => registry.add(metric, type, value, tags, isTime),
    declare: (metric, type, isTime) => void registry.get(metric, type, isTime),
    check(path, name, ok) {
      const key = `${path}::${name}`
      let c = checks.get(key)
      if (!c) checks.set(key, (c = { name, path, passes: 0, fails: 0 }))
      if (ok) c.passes++
      else c.fails++
    },
    groupSeen: (p) => void groups.add(p),
    shared(name, make) {
      let a = shared.get(name)
      if (!a) {
        a = make()
        if (!Array.isArray(a)) throw new Error(`SharedArray ${name}: the function must return an array`)
        Object.freeze(a)
        shared.set(name, a)
      }
      return a
    },
    abort(message) {
      stop(EXIT.aborted, `test aborted: ${message ?? 'test.abort() called'}`)
      throw new StopTest(EXIT.aborted, message ?? 'test aborted')
    },
    markFailed(message) {
      failedByScript = true
      if (message) logError('test.fail', new Error(message))
    },
    http: {
      request: (method, url, body, params, vu) => {
        if (vu.inInit) throw new UnsupportedCall('HTTP requests are not allowed in the init context (as in k6); make them in setup() or the default function')
        return http!.request(method, url, body, params, vu)
      },
      setResponseCallback: (cb) => http!.setResponseCallback(cb),
    },
    execution: (vu) => ({
      instance: { iterationsInterrupted: interrupted, iterationsCompleted: completed, vusActive: active, vusInitialized: vusInitialized, currentTestRunDuration: Date.now() - started },
      scenario: { name: vu.scenario, executor: vu.executor, startTime: vu.scenarioStart, progress: 0, iterationInInstance: vu.iterationInInstance, iterationInTest: vu.iterationInScenario },
      vu: { idInInstance: vu.idInInstance, idInTest: vu.idInTest, iterationInInstance: vu.iterationInInstance, iterationInScenario: vu.iterationInScenario, metrics: { tags: vu.tags, metadata: {} }, tags: vu.tags },
    }),
  }
  ;(globalThis as Record<string, unknown>)[ENGINE_KEY] = rt
  let interrupted = 0
  let completed = 0
  let active = 0
  let vusInitialized = 0
  let vuCounter = 0
  let bundle = ''

  /** A VU: its own instance of the bundle (init code runs again, as in k6). VU 0 runs setup and teardown. */
  const newVu = async (lifecycleVu = false): Promise<Vu> => {
    const id = lifecycleVu ? 0 : ++vuCounter
    rt.nextVu = id
    const mod = (await import(`${pathToFileURL(bundle).href}?vu=${id}`)) as Vu['mod']
    mod.__shoreline_vu.inInit = false
    if (!lifecycleVu) vusInitialized++
    return { id, mod }
  }

  let setupData: unknown
  let exitCode: number = EXIT.ok
  let lifecycle: Vu | undefined
  const onSignal = () => stop(EXIT.interrupted, 'interrupted (SIGINT): stopping gracefully')
  cfg.signal?.addEventListener('abort', onSignal)
  if (cfg.signal?.aborted) onSignal()
  const timers: NodeJS.Timeout[] = []
  try {
    // ---- init ------------------------------------------------------------------------------------
    bundle = await bundleForEngine(cfg.script, work)
    try {
      lifecycle = await newVu(true)
    } catch (err) {
      throw new StopTest(EXIT.script, `${cfg.script}: the init code failed: ${(err as Error).message}`)
    }
    options = { ...((lifecycle.mod.script.options as Record<string, unknown>) ?? {}) }
    rt.options = options
    try {
      scenarios = scenariosOf(options)
      for (const s of scenarios) if (s.exec !== 'default' ? typeof lifecycle.mod.script[s.exec] !== 'function' : typeof lifecycle.mod.script.default !== 'function') throw new OptionsError(`scenarios.${s.name}: the script exports no function \`${s.exec}\``)
      thresholds = parseThresholds((options.thresholds as Record<string, unknown>) ?? {}, registry, (v) => parseDuration(v, 'delayAbortEval'))
    } catch (err) {
      throw new StopTest(EXIT.options, `options: ${(err as Error).message}`)
    }
    http = new HttpEngine(registry, { discardResponseBodies: !!options.discardResponseBodies, testTags: (options.tags as Record<string, string>) ?? {}, connections: Math.max(16, ...scenarios.map((s) => Math.max(initialVus(s), s.maxVUs))) })
    const pools = new Map<string, Vu[]>()
    for (const s of scenarios) {
      const vus: Vu[] = []
      for (let i = 0; i < initialVus(s); i++) vus.push(await newVu())
      pools.set(s.name, vus)
    }
    registry.add('vus_max', 'gauge', vusInitialized, {})

    // ---- setup -----------------------------------------------------------------------------------
    lifecycle.mod.__shoreline_vu.asLifecycle()
    const setup = lifecycle.mod.script.setup as ((...a: unknown[]) => unknown) | undefined
    if (setup) {
      const timeout = parseDuration(options.setupTimeout ?? '60s', 'setupTimeout')
      let timer: NodeJS.Timeout | undefined
      try {
        const r = await Promise.race([Promise.resolve().then(() => setup()), new Promise((_, rej) => (timer = setTimeout(() => rej(new StopTest(EXIT.setupTimeout, `setup() did not finish within ${timeout / 1000} s`)), timeout)))])
        setupData = r === undefined ? undefined : JSON.parse(JSON.stringify(r))
      } catch (err) {
        if (err instanceof StopTest) throw err
        throw new StopTest(EXIT.script, `setup() failed: ${(err as Error).message}`)
      } finally {
        clearTimeout(timer)
      }
    }

    // ---- scenarios -------------------------------------------------------------------------------
    const t0 = performance.now()
    rt.testStart = t0
    let lastSecond = 0
    timers.push(
      setInterval(() => {
        registry.vusNow = active
        registry.add('vus', 'gauge', active, {})
        registry.add('vus_max', 'gauge', vusInitialized, {})
        const t = Math.round((performance.now() - t0) / 1000)
        if (t > lastSecond) {
          lastSecond = t
          registry.tick(t)
          const p = registry.series.at(-1)!
          cfg.onProgress?.({ elapsedS: t, vus: active, iterations: completed, reqs: (registry.metrics.get('http_reqs')?.sink.values([], 1).count as number) ?? 0, rps: p.reqs, p95: p.p95, failed: p.failed })
        }
        // abortOnFail thresholds, once their delay has passed
        for (const th of thresholds) {
          if (!th.abortOnFail || performance.now() - t0 < th.delayAbortEvalMs) continue
          const sink = sinkFor(registry, th)
          if (sink && !compare(aggregate(sink, th.agg, (performance.now() - t0) / 1000), th.op, th.value)) stop(EXIT.thresholds, `threshold ${th.key} '${th.expression}' crossed (abortOnFail)`)
        }
      }, 250),
    )

    // Per scenario, once: the tags its samples carry (read-only, shared by its iterations).
    const scenarioTags = new Map(scenarios.map((s) => [s.name, { ...((options.tags as Record<string, string>) ?? {}), ...s.tags }]))
    const iterationTags = new Map(scenarios.map((s) => [s.name, { ...scenarioTags.get(s.name), scenario: s.name }]))
    const iterate = async (vu: Vu, s: Scenario, i: number, scStart: number) => {
      const state = vu.mod.__shoreline_vu
      state.begin(s.name, s.executor, i, scStart)
      state.tags = scenarioTags.get(s.name)!
      const fn = (s.exec === 'default' ? vu.mod.script.default : vu.mod.script[s.exec]) as (d: unknown) => unknown
      if (vu.data === undefined && setupData !== undefined) vu.data = structuredClone(setupData)
      const began = performance.now()
      active++
      try {
        await fn(vu.data)
      } catch (err) {
        // By name: each VU's bundle has its own copy of the UnsupportedCall class.
        if ((err as Error)?.name === 'UnsupportedCall') stop(EXIT.script, (err as Error).message)
        else if (!(err instanceof StopTest)) logError(`${s.name} iteration`, err)
      } finally {
        active--
        state.end()
        completed++
        const tags = iterationTags.get(s.name)!
        registry.add('iteration_duration', 'trend', performance.now() - began, tags, true)
        registry.add('iterations', 'counter', 1, tags)
      }
    }

    /** Waits for in-flight iterations up to gracefulStop; what is left counts as interrupted. */
    const drain = async (inflight: Set<Promise<void>>, graceMs: number) => {
      if (!inflight.size) return
      let timer: NodeJS.Timeout | undefined
      const grace = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), stopCode === EXIT.interrupted ? Math.min(graceMs, 5000) : graceMs)))
      const r = await Promise.race([Promise.all(inflight).then(() => 'done' as const), grace])
      clearTimeout(timer)
      if (r === 'late') interrupted += inflight.size
    }

    const runScenario = async (s: Scenario) => {
      await until(performance.now() + s.startTimeMs)
      if (stopped()) return
      const vus = pools.get(s.name)!
      const scStart = Date.now()
      const begin = performance.now()
      const inflight = new Set<Promise<void>>()
      const track = (p: Promise<void>) => {
        inflight.add(p)
        void p.finally(() => inflight.delete(p))
        return p
      }
      /** Every VU runs `body` until it returns or `end` passes (then gracefulStop applies below). */
      const loopsUntil = (end: number, body: (vu: Vu, index: number) => Promise<void>) => Promise.race([Promise.all(vus.map((vu, i) => body(vu, i))), until(end)])
      switch (s.executor) {
        case 'shared-iterations': {
          let next = 0
          const end = begin + s.maxDurationMs
          await loopsUntil(end, async (vu) => {
            while (!stopped() && next < s.iterations && performance.now() < end) await track(iterate(vu, s, next++, scStart))
          })
          break
        }
        case 'per-vu-iterations': {
          const end = begin + s.maxDurationMs
          let n = 0
          await loopsUntil(end, async (vu) => {
            for (let i = 0; i < s.iterations && !stopped() && performance.now() < end; i++) await track(iterate(vu, s, n++, scStart))
          })
          break
        }
        case 'constant-vus': {
          const end = begin + s.durationMs
          let n = 0
          await loopsUntil(end, async (vu) => {
            while (!stopped() && performance.now() < end) await track(iterate(vu, s, n++, scStart))
          })
          break
        }
        case 'ramping-vus': {
          const end = begin + stagesLength(s.stages)
          let n = 0
          const target = () => Math.round(stageValue(s.startVUs, s.stages, performance.now() - begin))
          await loopsUntil(end, async (vu, index) => {
            while (!stopped() && performance.now() < end) {
              if (index >= target()) {
                await until(Math.min(end, performance.now() + 20))
                continue
              }
              await track(iterate(vu, s, n++, scStart))
            }
          })
          break
        }
        case 'constant-arrival-rate':
        case 'ramping-arrival-rate': {
          const idle = [...vus]
          let allocated = vus.length
          let n = 0
          const launch = (vu: Vu) =>
            void track(
              iterate(vu, s, n++, scStart).finally(() => {
                idle.push(vu)
              }),
            )
          const startOne = async () => {
            let vu = idle.pop()
            if (!vu && allocated < s.maxVUs) {
              allocated++
              vu = await newVu()
            }
            if (vu) launch(vu)
            else registry.add('dropped_iterations', 'counter', 1, { scenario: s.name })
          }
          if (s.executor === 'constant-arrival-rate') {
            const interval = s.timeUnitMs / Math.max(s.rate, 1e-9)
            const end = begin + s.durationMs
            for (let k = 0; !stopped(); k++) {
              const due = begin + k * interval
              if (due >= end) break
              await until(due)
              if (stopped()) break
              await startOne()
            }
            await until(end)
          } else {
            // Iterations due by t: the integral of the (linearly ramped) rate over the stages.
            const length = stagesLength(s.stages)
            const end = begin + length
            const dueBy = (t: number) => {
              let sum = 0
              let at = 0
              let from = s.startRate
              for (const st of s.stages) {
                const d = Math.min(Math.max(t - at, 0), st.durationMs)
                if (d > 0) sum += (from * d + ((st.target - from) * d * d) / (2 * Math.max(st.durationMs, 1))) / s.timeUnitMs
                at += st.durationMs
                from = st.target
              }
              return sum
            }
            let launched = 0
            while (!stopped() && performance.now() < end) {
              const due = Math.floor(dueBy(performance.now() - begin) + 1e-9)
              while (launched < due && !stopped()) {
                launched++
                await startOne()
              }
              await until(Math.min(end, performance.now() + 2))
            }
            const last = Math.floor(dueBy(length) + 1e-9)
            while (launched < last && !stopped()) {
              launched++
              await startOne()
            }
          }
          break
        }
      }
      await drain(inflight, s.gracefulStopMs)
    }

    await Promise.all(scenarios.map((s) => runScenario(s)))
    // Waits that lost a race (a maxDuration far ahead) must not keep the process alive.
    for (const w of [...stopWaiters]) w()
    for (const t of timers) clearInterval(t)
    registry.tick(Math.ceil((performance.now() - t0) / 1000))

    // ---- teardown --------------------------------------------------------------------------------
    const teardown = lifecycle.mod.script.teardown as ((d: unknown) => unknown) | undefined
    if (teardown && stopCode !== EXIT.script) {
      try {
        await teardown(setupData === undefined ? undefined : structuredClone(setupData))
      } catch (err) {
        if (!(err instanceof StopTest)) logError('teardown', err)
      }
    }
  } catch (err) {
    for (const t of timers) clearInterval(t)
    if (err instanceof StopTest) stop(err.code, err.message)
    else if ((err as Error)?.name === 'UnsupportedCall') stop(EXIT.script, (err as Error).message)
    else if ((err as Error)?.name === 'ScriptError') stop(EXIT.script, (err as Error).message)
    else stop(EXIT.script, (err as Error)?.message ?? String(err))
  } finally {
    cfg.signal?.removeEventListener('abort', onSignal)
  }

  // ---- thresholds and summary ----------------------------------------------------------------------
  const durationMs = Date.now() - started
  const trendStats = (options.summaryTrendStats as string[] | undefined) ?? TREND_STATS
  for (const th of thresholds) {
    const sink = sinkFor(registry, th)
    th.ok = sink ? compare(aggregate(sink, th.agg, durationMs / 1000), th.op, th.value) : true
  }
  const input: SummaryInput = { registry, thresholds, checks: [...checks.values()], groups: [...groups], setupData, trendStats, durationMs }
  const data = summaryData(input, { isStdOutTTY: !!cfg.isTTY?.stdout, isStdErrTTY: !!cfg.isTTY?.stderr })
  const legacy = legacySummary(input)
  const text = textSummary(input)
  const handleSummary = lifecycle?.mod.script.handleSummary as ((d: unknown) => unknown) | undefined
  if (handleSummary) {
    try {
      const outputs = (await handleSummary(data)) as Record<string, string | ArrayBuffer> | undefined
      for (const [where, content] of Object.entries(outputs ?? {})) {
        const body = typeof content === 'string' ? content : Buffer.from(content)
        if (where === 'stdout') write.stdout(String(body))
        else if (where === 'stderr') write.stderr(String(body))
        else writeFileSync(resolve(where), body)
      }
    } catch (err) {
      logError('handleSummary', err)
      write.stdout(text)
    }
  } else write.stdout(text)
  if (cfg.summaryExport) writeFileSync(cfg.summaryExport, JSON.stringify(redactValue(legacy), null, 2))
  await http?.close().catch(() => undefined)
  rmSync(work, { recursive: true, force: true })
  delete (globalThis as Record<string, unknown>)[ENGINE_KEY]

  if (stopCode && stopCode !== EXIT.thresholds) exitCode = stopCode
  else if (thresholds.some((t) => !t.ok)) exitCode = EXIT.thresholds
  else if (failedByScript) exitCode = EXIT.failed
  const reason = stopReason ?? (exitCode === EXIT.thresholds ? `thresholds crossed: ${thresholds.filter((t) => !t.ok).map((t) => `${t.key} '${t.expression}'`).join(', ')}` : exitCode === EXIT.failed ? 'test.fail() was called' : undefined)
  return { exitCode, reason, data, legacy, text, registry, thresholds, scenarios, durationMs, interruptedIterations: interrupted }
}
