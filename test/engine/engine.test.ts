// The built-in engine against a loopback server: each executor's schedule (iteration and VU counts;
// arrival rates within ±5 %), dropped iterations, gracefulStop and startTime, thresholds with tag
// filters and abortOnFail, both summary shapes, k6's exit codes, the clear errors for k6 calls
// Node cannot mirror, and a Trend's percentiles against the exact ones.
import t from 'tap'
import { createServer, type Server } from 'node:http'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runTest, type RunResult } from '../../engine/run.js'

let server: Server
let base = ''
t.before(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/fail')) return res.writeHead(500).end('no')
    const wait = Number(/[?&]wait=(\d+)/.exec(req.url ?? '')?.[1] ?? 0)
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/fhir+json' }).end('{"resourceType":"Patient","id":"example","gender":"female"}'), wait)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`
})
t.teardown(() => new Promise<void>((r) => server.close(() => r())))

const dir = t.testdir({})
let n = 0
/** Writes a k6 script and runs it; output is captured, not printed. */
async function run(source: string, env: Record<string, string> = {}, o: { summaryExport?: string; signal?: AbortSignal } = {}): Promise<RunResult & { out: string; err: string }> {
  const file = join(dir, `script-${++n}.ts`)
  writeFileSync(file, source)
  let out = ''
  let err = ''
  const r = await runTest({ script: file, env: { BASE: base, ...env }, write: { stdout: (s) => (out += s), stderr: (s) => (err += s) }, ...o })
  return { ...r, out, err }
}

const HEADER = `import http from 'k6/http'\nimport { check } from 'k6'\nimport exec from 'k6/execution'\nimport { Counter, Trend } from 'k6/metrics'\nimport { setTimeout } from 'k6/timers'\nconst pause = (ms: number) => new Promise((r) => setTimeout(r, ms))\n`
const count = (r: RunResult, metric: string, field = 'count') => (r.data.metrics[metric] as { values: Record<string, number> } | undefined)?.values[field] ?? 0

t.test('ENGINE-01: shared-iterations and per-vu-iterations run exactly the iterations asked for, on the VUs asked for', async (t) => {
  const shared = await run(`${HEADER}export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 3, iterations: 10 } } }
export default async function () { await http.asyncRequest('GET', __ENV.BASE + 'Patient/example') }`)
  t.equal(shared.exitCode, 0, shared.err)
  t.equal(count(shared, 'iterations'), 10)
  t.equal(count(shared, 'http_reqs'), 10)
  t.equal(count(shared, 'vus_max', 'value'), 3, 'three VUs (setup and teardown run on VU 0, not counted)')
  const perVu = await run(`${HEADER}const byVu = new Counter('by_vu')
export const options = { scenarios: { p: { executor: 'per-vu-iterations', vus: 3, iterations: 4 } }, thresholds: { 'by_vu{vu:1}': ['count==4'], 'by_vu{vu:2}': ['count==4'], 'by_vu{vu:3}': ['count==4'] } }
export default async function () { byVu.add(1, { vu: String(exec.vu.idInTest) }); await pause(1) }`)
  t.equal(perVu.exitCode, 0, `every VU ran its 4: ${perVu.out}`)
  t.equal(count(perVu, 'iterations'), 12)
})

t.test('ENGINE-02: constant-vus and ramping-vus hold and ramp their VUs for the duration', async (t) => {
  const constant = await run(`${HEADER}export const options = { scenarios: { c: { executor: 'constant-vus', vus: 2, duration: '1s' } } }
export default async function () { await pause(100) }`)
  t.equal(constant.exitCode, 0)
  const iters = count(constant, 'iterations')
  t.ok(iters >= 16 && iters <= 22, `2 VUs × 1 s of 100 ms iterations ≈ 20, got ${iters}`)
  t.equal(count(constant, 'vus', 'max'), 2)
  const ramp =
    await run(`${HEADER}export const options = { scenarios: { r: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '1s', target: 4 }, { duration: '1s', target: 4 }, { duration: '500ms', target: 0 }] } } }
export default async function () { await pause(50) }`)
  t.equal(ramp.exitCode, 0)
  t.equal(count(ramp, 'vus', 'max'), 4, 'reached the target of 4 VUs')
  const series = ramp.registry.series.map((p) => p.vus)
  t.ok((series[0] ?? 0) < 4 && series.some((v) => v === 4), `ramped up rather than starting at 4: ${series.join(',')}`)
})

t.test('ENGINE-03: arrival-rate executors start iterations at the rate asked for (±5 %), and drop what no VU can take', async (t) => {
  const constant =
    await run(`${HEADER}export const options = { scenarios: { a: { executor: 'constant-arrival-rate', rate: 40, timeUnit: '1s', duration: '2s', preAllocatedVUs: 4 } } }
export default async function () { await http.asyncRequest('GET', __ENV.BASE + 'Patient/example') }`)
  const a = count(constant, 'iterations')
  t.ok(a >= 76 && a <= 84, `40/s for 2 s = 80 ± 5 %, got ${a}`)
  t.equal(count(constant, 'dropped_iterations'), 0)
  const ramping =
    await run(`${HEADER}export const options = { scenarios: { r: { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 4, stages: [{ duration: '2s', target: 40 }, { duration: '1s', target: 40 }] } } }
export default async function () { await pause(1) }`)
  const r = count(ramping, 'iterations')
  t.ok(r >= 76 && r <= 84, `a ramp 0→40/s over 2 s (40) then 40/s for 1 s (40) = 80 ± 5 %, got ${r}`)
  const dropped =
    await run(`${HEADER}export const options = { scenarios: { d: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1, maxVUs: 1 } } }
export default async function () { await pause(200) }`)
  const d = count(dropped, 'dropped_iterations')
  const done = count(dropped, 'iterations')
  t.ok(d >= 10, `one VU busy 200 ms cannot take 20/s: ${d} dropped, ${done} run`)
  t.ok(d + done >= 19 && d + done <= 21, `started + dropped = the 20 scheduled, got ${d + done}`)
})

t.test('ENGINE-04: gracefulStop interrupts what runs past it; startTime delays a scenario', async (t) => {
  const r = await run(`${HEADER}export const options = { scenarios: { g: { executor: 'constant-vus', vus: 1, duration: '300ms', gracefulStop: '200ms' } } }
export default async function () { await pause(2000) }`)
  t.equal(r.interruptedIterations, 1, 'the 2 s iteration outlived gracefulStop')
  t.ok(r.durationMs < 1900, `the run did not wait for it (${r.durationMs} ms)`)
  const started = await run(`${HEADER}const at = new Trend('first_iteration_at')
const t0 = Date.now()
export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 1, iterations: 1, startTime: '500ms' } }, thresholds: { first_iteration_at: ['min>=450'] } }
export default async function () { at.add(Date.now() - t0) }`)
  t.equal(started.exitCode, 0, `the first iteration began after startTime: ${started.out}`)
})

t.test('ENGINE-05: thresholds with tag filters fail the run (99); abortOnFail stops it early', async (t) => {
  const r =
    await run(`${HEADER}export const options = { scenarios: { c: { executor: 'constant-vus', vus: 2, duration: '1s' } }, thresholds: { 'http_req_failed{name:bad}': ['rate<0.1'], 'http_req_duration{name:good}': ['p(95)<2000'] } }
export default async function () {
  await http.asyncRequest('GET', __ENV.BASE + 'Patient/example', null, { tags: { name: 'good' } })
  await http.asyncRequest('GET', __ENV.BASE + 'fail', null, { tags: { name: 'bad' } })
}`)
  t.equal(r.exitCode, 99)
  t.same(
    r.thresholds.map((x) => [x.key, x.ok]),
    [
      ['http_req_failed{name:bad}', false],
      ['http_req_duration{name:good}', true],
    ],
    'only the filtered sub-metric that failed is crossed',
  )
  t.match(r.out, /http_req_failed\{name:bad\}\n {4}✗ 'rate<0.1' rate=100\.00%/)
  t.match(r.reason, /thresholds crossed: http_req_failed\{name:bad\}/)
  const aborted =
    await run(`${HEADER}export const options = { scenarios: { c: { executor: 'constant-vus', vus: 1, duration: '20s' } }, thresholds: { http_req_failed: [{ threshold: 'rate<0.5', abortOnFail: true }] } }
export default async function () { await http.asyncRequest('GET', __ENV.BASE + 'fail'); await pause(20) }`)
  t.equal(aborted.exitCode, 99)
  t.ok(aborted.durationMs < 5000, `aborted early, after ${aborted.durationMs} ms of a 20 s run`)
  t.match(aborted.reason, /abortOnFail/)
})

t.test('ENGINE-06: handleSummary data and the legacy summary export have k6 shapes', async (t) => {
  const exportFile = join(dir, 'export.json')
  const r = await run(
    `${HEADER}import { group } from 'k6'
export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 1, iterations: 4 } }, thresholds: { checks: ['rate>0.9'], http_req_duration: ['p(95)<5000'] } }
export function setup() { return { greeting: 'hi' } }
export default async function () {
  const res = await http.asyncRequest('GET', __ENV.BASE + 'Patient/example')
  group('inner', () => { check(res, { 'is 200': (x) => x.status === 200, 'is json': (x) => (x.json() as { resourceType: string }).resourceType === 'Patient' }) })
  check(res, { 'always false': () => false })
}
export function handleSummary(data: unknown) { return { stdout: 'custom summary\\n', [__ENV.OUT]: JSON.stringify(data) } }`,
    { OUT: join(dir, 'hs.json') },
    { summaryExport: exportFile },
  )
  t.equal(r.out, 'custom summary\n', 'handleSummary replaces the default summary')
  const data = JSON.parse((await import('node:fs')).readFileSync(join(dir, 'hs.json'), 'utf8'))
  t.same(Object.keys(data).sort(), ['metrics', 'options', 'root_group', 'setup_data', 'state'])
  t.same(data.setup_data, { greeting: 'hi' })
  t.same(data.options.summaryTrendStats, ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'])
  t.match(data.metrics.http_reqs, { type: 'counter', contains: 'default', values: { count: 4 } })
  t.match(data.metrics.http_req_duration, { type: 'trend', contains: 'time', thresholds: { 'p(95)<5000': { ok: true } } })
  t.same(Object.keys(data.metrics.http_req_duration.values), ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'])
  t.match(data.metrics.checks, { type: 'rate', values: { passes: 8, fails: 4 }, thresholds: { 'rate>0.9': { ok: false } } })
  t.match(data.metrics.vus_max, { type: 'gauge', values: { value: 1 } })
  t.equal(data.root_group.path, '')
  t.same(
    data.root_group.checks.map((c: { name: string }) => c.name),
    ['always false'],
  )
  t.match(data.root_group.groups[0], { name: 'inner', path: '::inner', checks: [{ name: 'is 200', path: '::inner::is 200', passes: 4, fails: 0 }, { name: 'is json' }] })
  const legacy = JSON.parse((await import('node:fs')).readFileSync(exportFile, 'utf8'))
  t.same(Object.keys(legacy).sort(), ['metrics', 'root_group', 'setup_data'])
  t.same(legacy.metrics.checks, { passes: 8, fails: 4, value: 8 / 12, thresholds: { 'rate>0.9': true } }, 'rates flattened; a threshold is true when CROSSED')
  t.same(legacy.metrics.http_reqs.count, 4)
  t.equal(legacy.metrics.http_req_duration.thresholds['p(95)<5000'], false)
  t.ok(legacy.root_group.groups.inner.checks['is 200'], 'groups and checks keyed by name')
  t.equal(r.exitCode, 99, 'the crossed checks threshold fails the run')
})

t.test('ENGINE-07: exit codes — 107 script error, 104 bad options, 108 test.abort(), 110 test.fail()', async (t) => {
  const init = await run(`${HEADER}throw new Error('broken init')\nexport default async function () {}`)
  t.equal(init.exitCode, 107)
  t.match(init.reason, /init code failed: broken init/)
  const setup = await run(`${HEADER}export function setup() { throw new Error('no token') }\nexport default async function () {}`)
  t.equal(setup.exitCode, 107)
  t.match(setup.reason, /setup\(\) failed: no token/)
  const options = await run(`${HEADER}export const options = { scenarios: { x: { executor: 'constant-vus', vus: 1 } } }\nexport default async function () {}`)
  t.equal(options.exitCode, 104)
  t.match(options.reason, /scenarios\.x\.duration is required/)
  const threshold = await run(`${HEADER}export const options = { thresholds: { no_such_metric: ['count>1'] } }\nexport default async function () {}`)
  t.equal(threshold.exitCode, 104)
  const aborted = await run(`${HEADER}export const options = { scenarios: { c: { executor: 'constant-vus', vus: 1, duration: '10s' } } }
export default async function () { await pause(50); if (exec.vu.iterationInScenario >= 2) exec.test.abort('enough') }`)
  t.equal(aborted.exitCode, 108)
  t.match(aborted.reason, /test aborted: enough/)
  t.ok(aborted.durationMs < 5000)
  const failed = await run(`${HEADER}export default async function () { exec.test.fail('marked') }`)
  t.equal(failed.exitCode, 110)
  const iterationError = await run(
    `${HEADER}export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 1, iterations: 3 } } }\nexport default async function () { throw new Error('one bad iteration') }`,
  )
  t.equal(iterationError.exitCode, 0, 'an exception ends only its iteration, as in k6')
  t.match(iterationError.err, /one bad iteration/)
})

t.test('ENGINE-08: synchronous k6 calls stop the run with the async form that works on both', async (t) => {
  const get = await run(`${HEADER}export default function () { http.get(__ENV.BASE) }`)
  t.equal(get.exitCode, 107)
  t.match(get.reason, /http\.get\(\) is synchronous in k6 and cannot block a VU in Node; write `await http\.asyncRequest\('GET', url, body, params\)`/)
  const sleep = await run(`import { sleep } from 'k6'\nexport default function () { sleep(1) }`)
  t.equal(sleep.exitCode, 107)
  t.match(sleep.reason, /sleep\(\) blocks the VU.*setTimeout from k6\/timers/)
  const initRequest = await run(`${HEADER}await http.asyncRequest('GET', __ENV.BASE)\nexport default async function () {}`)
  t.equal(initRequest.exitCode, 107)
  t.match(initRequest.reason, /not allowed in the init context/)
  const ws = await run(`import ws from 'k6/ws'\nexport default function () { ws }`)
  t.equal(ws.exitCode, 107)
  t.match(ws.reason, /k6\/ws is not supported by the built-in engine.*--engine k6/)
})

t.test('ENGINE-09: an abort signal (SIGINT) stops the run gracefully and the summary is still made', async (t) => {
  const ac = new AbortController()
  setTimeout(() => ac.abort(), 800)
  const r = await run(
    `${HEADER}export const options = { scenarios: { c: { executor: 'constant-vus', vus: 2, duration: '30s' } } }
export default async function () { await http.asyncRequest('GET', __ENV.BASE + 'Patient/example?wait=20') }
export function teardown() { console.log('teardown ran') }`,
    {},
    { signal: ac.signal },
  )
  t.equal(r.exitCode, 105)
  t.ok(r.durationMs < 5000, `stopped in ${r.durationMs} ms`)
  t.ok(count(r, 'iterations') > 5)
  t.match(r.out, /TOTAL RESULTS/)
})

t.test('ENGINE-10: k6 modules: SharedArray once per test, open() in init only, __VU/__ITER, crypto, encoding, batch', async (t) => {
  writeFileSync(join(dir, 'ids.json'), JSON.stringify(['a', 'b', 'c']))
  const r = await run(`${HEADER}import { SharedArray } from 'k6/data'
import crypto from 'k6/crypto'
import encoding from 'k6/encoding'
const built = new Counter('built')
const ids = new SharedArray('ids', () => { built.add(1); return JSON.parse(open('./ids.json')) })
const okC = new Counter('ok')
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 2 } }, thresholds: { built: ['count==1'], ok: ['count==4'] } }
export default async function () {
  const rs = (await http.batch([['GET', __ENV.BASE + 'Patient/example'], { method: 'GET', url: __ENV.BASE + 'Patient/example?x=1' }])) as Array<{ status: number }>
  const good = ids.length === 3 && __VU >= 1 && __VU <= 2 && __ITER >= 0 && __ITER <= 1 && crypto.sha256('abc', 'hex') === 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' && encoding.b64encode('hi') === 'aGk=' && rs.every((x) => x.status === 200)
  if (good) okC.add(1)
}`)
  t.equal(r.exitCode, 0, r.out)
})

t.test('ENGINE-11: a Trend reads its percentiles within 0.1 % of the exact ones, zeros counted apart, and starts over on reset', async (t) => {
  const { TrendSink } = await import('../../engine/metrics.js')
  const sink = new TrendSink()
  // A long-tailed spread of latencies in ms (1 µs resolution), a tenth of them exactly 0.
  const values: number[] = []
  let x = 7
  for (let i = 0; i < 20_000; i++) {
    x = (x * 48271) % 2147483647
    values.push(i % 10 === 0 ? 0 : Math.round(Math.exp((x / 2147483647) * 9)) / 1000)
  }
  for (const v of values) sink.add(v)
  const sorted = [...values].sort((a, b) => a - b)
  for (const p of [5, 50, 90, 95, 99, 99.9]) {
    const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1] as number
    const got = sink.percentile(p)
    t.ok(Math.abs(got - exact) <= exact * 0.001, `p(${p}): ${got} vs ${exact}`)
  }
  t.equal(sink.percentile(5), 0, 'the zeros are the lowest values')
  t.equal(sink.stat('max'), sorted.at(-1))
  t.equal(sink.stat('count'), 20_000)
  sink.reset()
  sink.add(2.5)
  t.equal(sink.stat('count'), 1)
  t.ok(Math.abs(sink.percentile(50) - 2.5) < 0.003, 'after reset only the new sample counts')
})

t.test('ENGINE-12: each VU runs the init code and keeps its own module state; a script with top-level await runs as well', async (t) => {
  // The module-level counter and the VU id read at init are the VU's own, however many VUs share the compiled script.
  const body = `let mine = 0
const atInit = __VU
const own = new Counter('own')
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 3, iterations: 4 } }, thresholds: { own: ['count==12'] } }
export default async function () {
  mine++
  const res = await http.asyncRequest('GET', __ENV.BASE + 'Patient/example')
  if (mine === __ITER + 1 && atInit === __VU && res.status === 200 && this === undefined) own.add(1)
}`
  const r = await run(`${HEADER}${body}`)
  t.equal(r.exitCode, 0, r.out)
  const tla = await run(`${HEADER}const fromAwait = await Promise.resolve('ready')\n${body.replace('own.add(1)', "if (fromAwait === 'ready') own.add(1)")}`)
  t.equal(tla.exitCode, 0, tla.out)
})
