// Each executor on its own, against a stand-in for the scenario runner: which VU starts which
// iteration, how many, and when it stops. No HTTP and no bundles; the bounds hold on a busy
// machine (timing only ever makes a run do less, never more, than the schedule allows).
import t from 'tap'
import { EXECUTORS } from '../../engine/executors/index.js'
import { dueBy } from '../../engine/executors/ramping-arrival-rate.js'
import type { ExecutorContext } from '../../engine/executors/types.js'
import { scenariosOf, type Scenario } from '../../engine/options.js'
import { TestRun } from '../../engine/test-run.js'
import type { Vu } from '../../engine/vu-pool.js'

const scenario = (options: Record<string, unknown>): Scenario => {
  const [s] = scenariosOf({ scenarios: { s: options } })
  if (!s) throw new Error('no scenario')
  return s
}

interface Trace {
  x: ExecutorContext
  run: TestRun
  /** [vu id, ms after the start] per iteration started. */
  starts: Array<[number, number]>
  maxConcurrent: number
  dropped(): number
}

/** A context whose iterations take `iterationMs` and are only recorded. */
function traced(vus: number, iterationMs: number): Trace {
  const run = new TestRun({ stdout: () => undefined, stderr: () => undefined })
  let next = 0
  const fakeVu = (): Vu => ({ id: ++next, mod: undefined as never, exports: {}, state: undefined as never })
  const initial = Array.from({ length: vus }, fakeVu)
  const trace: Trace = {
    run,
    starts: [],
    maxConcurrent: 0,
    dropped: () => (run.registry.metrics.get('dropped_iterations')?.sink.values([], 1).count as number | undefined) ?? 0,
    x: undefined as never,
  }
  let running = 0
  const begin = performance.now()
  trace.x = {
    run,
    vus: initial,
    begin,
    started: () => trace.starts.length,
    iteration(vu) {
      trace.starts.push([vu.id, performance.now() - begin])
      running++
      trace.maxConcurrent = Math.max(trace.maxConcurrent, running)
      return new Promise<void>((r) => setTimeout(r, iterationMs)).finally(() => running--)
    },
    newVu: async () => fakeVu(),
    loopsUntil: async (end, body) => {
      await Promise.race([Promise.all(initial.map((vu, i) => body(vu, i))), run.until(end)])
    },
  }
  return trace
}

/** Runs an executor as the scenario runner does: afterwards, waits that lost their race are released. */
async function execute(s: Scenario, tr: Trace): Promise<void> {
  await EXECUTORS[s.executor](s, tr.x)
  tr.run.releaseWaits()
}

const perVu = (tr: Trace) => tr.starts.reduce((m, [vu]) => m.set(vu, (m.get(vu) ?? 0) + 1), new Map<number, number>())

t.test('EXEC-01 shared-iterations: exactly `iterations` in total, shared by the VUs', async (t) => {
  const tr = traced(3, 5)
  await execute(scenario({ executor: 'shared-iterations', vus: 3, iterations: 10 }), tr)
  t.equal(tr.starts.length, 10)
  t.ok(
    [...perVu(tr).keys()].every((id) => id >= 1 && id <= 3),
    'only the scenario VUs',
  )
  t.ok(tr.maxConcurrent <= 3, 'never more at once than VUs')
})

t.test('EXEC-02 per-vu-iterations: `iterations` on every VU', async (t) => {
  const tr = traced(3, 2)
  await execute(scenario({ executor: 'per-vu-iterations', vus: 3, iterations: 4 }), tr)
  t.same([...perVu(tr).entries()].sort(), [
    [1, 4],
    [2, 4],
    [3, 4],
  ])
})

t.test('EXEC-03 constant-vus: every VU loops until the duration ends, then no iteration starts', async (t) => {
  const tr = traced(2, 40)
  await execute(scenario({ executor: 'constant-vus', vus: 2, duration: '300ms' }), tr)
  t.same([...perVu(tr).keys()].sort(), [1, 2], 'both VUs ran')
  t.ok(tr.starts.length <= 2 * Math.ceil(300 / 40), `no more than the duration allows (${tr.starts.length})`)
  t.ok(
    tr.starts.every(([, at]) => at < 300),
    'nothing starts after the duration',
  )
})

t.test('EXEC-04 ramping-vus: a VU above the stage target does not run', async (t) => {
  const tr = traced(2, 10)
  await execute(scenario({ executor: 'ramping-vus', startVUs: 1, stages: [{ duration: '200ms', target: 1 }] }), tr)
  t.ok(tr.starts.length > 0)
  t.same([...perVu(tr).keys()], [1], 'only the first VU: the target never exceeds 1')
})

t.test('EXEC-05 constant-arrival-rate: the due iterations start whatever they take; without a free VU they are dropped', async (t) => {
  // 20 per second for 500 ms: ten due, at 0, 50, …, 450 ms.
  const roomy = traced(20, 5)
  await execute(scenario({ executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '500ms', preAllocatedVUs: 20 }), roomy)
  t.equal(roomy.starts.length, 10)
  t.equal(roomy.dropped(), 0)
  // One VU and no more allowed, each iteration 400 ms: the ones due while it is busy are dropped.
  const tight = traced(1, 400)
  await execute(scenario({ executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '500ms', preAllocatedVUs: 1, maxVUs: 1 }), tight)
  t.equal(tight.starts.length + tight.dropped(), 10, 'every due iteration is started or dropped')
  t.ok(tight.dropped() >= 8, `most are dropped (${tight.dropped()})`)
  t.ok(tight.starts.length >= 1)
})

t.test('EXEC-06 ramping-arrival-rate: the iterations due are the integral of the ramped rate', async (t) => {
  const s = scenario({ executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 10, stages: [{ duration: '500ms', target: 20 }] })
  t.equal(dueBy(s, 0), 0)
  t.equal(dueBy(s, 500), 5, 'a ramp 0 → 20/s over 0.5 s: 5 iterations')
  t.equal(dueBy(s, 250), 1.25, 'a quarter of the way in area')
  const tr = traced(10, 5)
  await execute(s, tr)
  t.equal(tr.starts.length + tr.dropped(), 5)
  t.equal(tr.dropped(), 0)
})

t.test('EXEC-07 every executor stops starting iterations once the run stops', async (t) => {
  const options: Record<string, Record<string, unknown>> = {
    'shared-iterations': { vus: 2, iterations: 1000, maxDuration: '5s' },
    'per-vu-iterations': { vus: 2, iterations: 1000, maxDuration: '5s' },
    'constant-vus': { vus: 2, duration: '5s' },
    'ramping-vus': { startVUs: 2, stages: [{ duration: '5s', target: 2 }] },
    'constant-arrival-rate': { rate: 100, timeUnit: '1s', duration: '5s', preAllocatedVUs: 10 },
    'ramping-arrival-rate': { startRate: 100, timeUnit: '1s', preAllocatedVUs: 10, stages: [{ duration: '5s', target: 100 }] },
  }
  for (const [name, o] of Object.entries(options)) {
    const tr = traced(name.includes('arrival') ? 10 : 2, 10)
    setTimeout(() => tr.run.stop(105, 'stopped by the test'), 100)
    const began = performance.now()
    await execute(scenario({ executor: name, ...o }), tr)
    t.ok(performance.now() - began < 4000, `${name} returns soon after the stop`)
  }
})
