// One scenario: wait for its startTime, hand its executor the VUs and the one way to run an
// iteration, then wait for what is in flight up to gracefulStop (the rest counts as interrupted).
import type { Scenario } from './options.js'
import { EXECUTORS, type ExecutorContext } from './executors/index.js'
import { EXIT, StopTest, type TestRun } from './test-run.js'
import type { Vu, VuPool } from './vu-pool.js'

export interface ScenarioSetup {
  run: TestRun
  pool: VuPool
  /** The VUs initialised for this scenario before the test. */
  vus: Vu[]
  /** setup()'s data (each VU gets its own copy). */
  setupData: unknown
  /** Test-wide tags from options.tags. */
  testTags: Record<string, string>
}

export async function runScenario(s: Scenario, o: ScenarioSetup): Promise<void> {
  const { run } = o
  await run.until(performance.now() + s.startTimeMs)
  if (run.stopped) return
  const scStart = Date.now()
  // The tags its samples carry (read-only, shared by its iterations).
  const tags = { ...o.testTags, ...s.tags }
  const iterationTags = { ...tags, scenario: s.name }
  // Iterations in flight, counted in the iteration itself: a promise chained to each and a set of them cost more than the count.
  const inflight: InFlight = { n: 0 }
  let n = 0
  const x: ExecutorContext = {
    run,
    vus: o.vus,
    begin: performance.now(),
    started: () => n,
    iteration(vu) {
      inflight.n++
      return iterate(run, vu, s, n++, scStart, tags, iterationTags, o.setupData, inflight)
    },
    newVu: () => o.pool.newVu(),
    loopsUntil: async (end, body) => {
      await Promise.race([Promise.all(o.vus.map((vu, i) => body(vu, i))), run.until(end)])
    },
  }
  await EXECUTORS[s.executor](s, x)
  await drain(run, inflight, s.gracefulStopMs)
}

/** How many iterations are running, and who to tell when none is. */
interface InFlight {
  n: number
  idle?: () => void
}

/** One iteration of the scenario's function on a VU, timed and counted. */
async function iterate(
  run: TestRun,
  vu: Vu,
  s: Scenario,
  i: number,
  scStart: number,
  tags: Record<string, string>,
  iterationTags: Record<string, string>,
  setupData: unknown,
  inflight: InFlight,
): Promise<void> {
  const state = vu.state
  state.begin(s.name, s.executor, i, scStart)
  state.tags = tags
  const fn = vu.exports[s.exec] as (d: unknown) => unknown
  if (vu.data === undefined && setupData !== undefined) vu.data = structuredClone(setupData)
  const began = performance.now()
  run.active++
  try {
    await fn(vu.data)
  } catch (err) {
    // By name: each VU's bundle has its own copy of the UnsupportedCall class.
    if ((err as Error)?.name === 'UnsupportedCall') run.stop(EXIT.script, (err as Error).message)
    else if (!(err instanceof StopTest)) run.logError(`${s.name} iteration`, err)
  } finally {
    run.active--
    state.end()
    run.completed++
    run.registry.iteration(performance.now() - began, iterationTags)
    if (--inflight.n === 0) inflight.idle?.()
  }
}

/** Waits for in-flight iterations up to gracefulStop (5 s at most after Ctrl-C); what is left counts as interrupted. */
async function drain(run: TestRun, inflight: InFlight, graceMs: number): Promise<void> {
  if (!inflight.n) return
  let timer: NodeJS.Timeout | undefined
  const grace = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), run.stopCode === EXIT.interrupted ? Math.min(graceMs, 5000) : graceMs)))
  const done = new Promise<'done'>((r) => (inflight.idle = () => r('done')))
  const r = await Promise.race([done, grace])
  clearTimeout(timer)
  inflight.idle = undefined
  if (r === 'late') run.interrupted += inflight.n
}
