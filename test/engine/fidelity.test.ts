// The built-in engine where it used to differ from k6 (k6-compat.md): http.batch used without await,
// async group(), console output, res.json() GJSON paths, HTTP error fields, request header names,
// exec.vu.tags, data_sent/data_received measured against what the server's sockets counted, the
// expected_response:true sub-metric k6 always reports, and each VU's own connections.
import t from 'tap'
import { createServer, type Server } from 'node:http'
import type { Socket } from 'node:net'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runTest, type RunResult } from '../../engine/run.js'

let server: Server
let base = ''
const sockets = new Set<Socket>()
/** Requests the server is answering now, and the most at once. */
const load = { now: 0, peak: 0 }
t.before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/slow') {
      load.peak = Math.max(load.peak, ++load.now)
      setTimeout(() => {
        load.now--
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 }).end('{}')
      }, 30)
      return req.resume()
    }
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const send = (status: number, text: string) => res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text)
      if (req.url === '/list') return send(200, JSON.stringify({ entry: [{ id: 'a' }, { id: 'b' }, { other: 1 }] }))
      if (req.url === '/missing') return send(404, '{"issue":"not found"}')
      send(200, JSON.stringify({ got: body.length }))
    })
  })
  server.on('connection', (s: Socket) => sockets.add(s))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`
})
t.teardown(() => new Promise<void>((r) => server.close(() => r())))

const dir = t.testdir({})
let n = 0
async function run(source: string): Promise<RunResult & { out: string; err: string }> {
  const file = join(dir, `script-${++n}.ts`)
  writeFileSync(file, source)
  let out = ''
  let err = ''
  const r = await runTest({ script: file, env: { BASE: base }, write: { stdout: (s) => (out += s), stderr: (s) => (err += s) } })
  return { ...r, out, err }
}

const HEADER = `import http from 'k6/http'\nimport { check, group } from 'k6'\nimport exec from 'k6/execution'\n`
const ONCE = `export const options = { scenarios: { only: { executor: 'per-vu-iterations', vus: 1, iterations: 1 } } }\n`
/** Each check's name with its passes and fails. */
const checks = (r: RunResult) => {
  const out: Record<string, string> = {}
  const walk = (g: { checks: Array<{ name: string; passes: number; fails: number }>; groups: unknown[] }) => {
    for (const c of g.checks) out[c.name] = `${c.passes}/${c.fails}`
    for (const x of g.groups) walk(x as typeof g)
  }
  walk(r.data.root_group as never)
  return out
}
const count = (r: RunResult, metric: string, field = 'count') => (r.data.metrics[metric] as { values: Record<string, number> } | undefined)?.values[field] ?? 0

t.test('FIDELITY-01: http.batch() used without await stops the run (107) naming the await form', async (t) => {
  const r = await run(`${HEADER}${ONCE}export default function () {
  const responses = http.batch([['GET', __ENV.BASE + 'list'], ['GET', __ENV.BASE + 'list']])
  check(responses[0], { 'status 200': (x) => x.status === 200 })
}`)
  t.equal(r.exitCode, 107, r.err)
  t.match(r.reason, /http\.batch\(\) returns a Promise under this engine and was used without await \(reading "0"\); write `const responses = await http\.batch\(requests\)`/)
  const ok = await run(`${HEADER}${ONCE}export default async function () {
  const responses = await http.batch([['GET', __ENV.BASE + 'list'], ['GET', __ENV.BASE + 'list']])
  check(responses[1], { 'status 200': (x) => x.status === 200 })
}`)
  t.equal(ok.exitCode, 0, ok.err)
  t.same(checks(ok), { 'status 200': '1/0' }, 'awaited, it works as on k6')
})

t.test('FIDELITY-02: an async group() warns once, as k6 does, and the run goes on', async (t) => {
  const r = await run(`${HEADER}export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 1, iterations: 3 } } }
export default async function () {
  await group('g', async () => { const res = await http.asyncRequest('GET', __ENV.BASE + 'list'); check(res, { 'in group': (x) => x.status === 200 }) })
}`)
  t.equal(r.exitCode, 0, r.err)
  t.equal(count(r, 'iterations'), 3, 'every iteration ran')
  t.equal(count(r, 'http_reqs'), 3)
  t.equal((r.err.match(/WARN\[\d+\] group\("g"\) was given an async function/g) ?? []).length, 1, 'one warning for the run')
})

t.test('FIDELITY-03: console output goes to stderr in k6 log lines; stdout holds only the summary', async (t) => {
  const r = await run(`${HEADER}${ONCE}export default function () { console.log('hello', { a: 1 }); console.warn('careful'); console.debug('quiet') }`)
  t.equal(r.exitCode, 0, r.err)
  t.match(r.err, /^INFO\[\d{4}\] hello \{"a":1\} {2}source=console$/m)
  t.match(r.err, /^WARN\[\d{4}\] careful {2}source=console$/m)
  t.notMatch(r.err, /quiet/, 'console.debug only with k6 -v')
  t.notMatch(r.out, /hello|careful/)
})

t.test('FIDELITY-04: res.json() reads GJSON paths: # is the length, #.key maps', async (t) => {
  const r = await run(`${HEADER}${ONCE}export default async function () {
  const res = await http.asyncRequest('GET', __ENV.BASE + 'list')
  check(res, {
    'entry.# is 3': (x) => x.json('entry.#') === 3,
    'entry.#.id': (x) => JSON.stringify(x.json('entry.#.id')) === '["a","b"]',
    'entry.1.id': (x) => x.json('entry.1.id') === 'b',
    'missing is undefined': (x) => x.json('entry.9.id') === undefined && x.json('nope.#') === undefined,
  })
}`)
  t.equal(r.exitCode, 0, r.err)
  t.same(checks(r), { 'entry.# is 3': '1/0', 'entry.#.id': '1/0', 'entry.1.id': '1/0', 'missing is undefined': '1/0' })
})

t.test('FIDELITY-05: an HTTP 404 has error_code 1404 and an empty error; request headers keep canonical names', async (t) => {
  const r = await run(`${HEADER}${ONCE}export default async function () {
  const res = await http.asyncRequest('POST', __ENV.BASE + 'missing', '{}', { headers: { 'content-type': 'application/json', 'X-Request-Id': 'r1' } })
  check(res, {
    'status 404': (x) => x.status === 404,
    'error empty': (x) => x.error === '',
    'error_code 1404': (x) => x.error_code === 1404,
    'request headers': (x) => x.request.headers['Content-Type'] === 'application/json' && x.request.headers['X-Request-Id'] === 'r1',
  })
}`)
  t.equal(r.exitCode, 0, r.err)
  t.same(checks(r), { 'status 404': '1/0', 'error empty': '1/0', 'error_code 1404': '1/0', 'request headers': '1/0' })
})

t.test('FIDELITY-06: exec.vu.tags carries scenario and group, and the tags the script sets', async (t) => {
  const r = await run(`${HEADER}${ONCE}export default function () {
  exec.vu.tags['team'] = 'fhir'
  check(null, { 'outside a group': () => exec.vu.tags.scenario === 'only' && exec.vu.tags.group === '' && exec.vu.tags.team === 'fhir' })
  group('g', () => { check(null, { 'inside': () => exec.vu.tags.group === '::g' && 'scenario' in exec.vu.tags && Object.keys(exec.vu.tags).includes('group') }) })
}`)
  t.equal(r.exitCode, 0, r.err)
  t.same(checks(r), { 'outside a group': '1/0', inside: '1/0' })
})

t.test("FIDELITY-07: data_sent and data_received are what the server's sockets counted (±1 %), a bearer token included", async (t) => {
  for (const s of sockets) s.destroy()
  sockets.clear()
  const token = 'eyJhbGciOiJSUzI1NiJ9.' + 'x'.repeat(900)
  const r = await run(`${HEADER}export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 20 } } }
export default async function () {
  await http.asyncRequest('POST', __ENV.BASE + 'echo', JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Doe' }] }), { headers: { authorization: 'Bearer ${token}', 'content-type': 'application/fhir+json' } })
  await http.asyncRequest('GET', __ENV.BASE + 'list?_count=10', null, { headers: { authorization: 'Bearer ${token}' } })
}`)
  t.equal(r.exitCode, 0, r.err)
  await new Promise((res) => setTimeout(res, 50))
  let read = 0
  let written = 0
  for (const s of sockets) {
    read += s.bytesRead
    written += s.bytesWritten
  }
  const sent = count(r, 'data_sent')
  const received = count(r, 'data_received')
  t.ok(read > 40 * 900, `the server read ${read} bytes`)
  t.ok(Math.abs(sent - read) / read < 0.01, `data_sent ${sent} vs ${read} read by the server`)
  t.ok(Math.abs(received - written) / written < 0.01, `data_received ${received} vs ${written} written by the server`)
})

t.test('FIDELITY-08: http_req_duration{expected_response:true} is reported without any threshold, and counts only expected responses', async (t) => {
  const r = await run(`${HEADER}${ONCE}export default async function () {
  await http.asyncRequest('GET', __ENV.BASE + 'list')
  await http.asyncRequest('GET', __ENV.BASE + 'list')
  await http.asyncRequest('GET', __ENV.BASE + 'missing')
}`)
  t.equal(r.exitCode, 0, r.err)
  const sub = r.data.metrics['http_req_duration{expected_response:true}'] as { type: string; values: Record<string, number> } | undefined
  t.equal(sub?.type, 'trend')
  t.ok(sub && sub.values.max! > 0, 'it has values')
  t.ok((r.legacy.metrics as Record<string, unknown>)['http_req_duration{expected_response:true}'], 'and in the summary export')
  t.match(r.text, /\{expected_response:true\}/, 'and in the text summary')
  const sink = r.registry.metrics.get('http_req_duration')?.subs.find((x) => x.key === 'http_req_duration{expected_response:true}')?.sink as { count: number } | undefined
  t.equal(sink?.count, 2, 'the two 200s, not the 404')
})

t.test('FIDELITY-09: each VU has its own connections, reused across its iterations; overlapping requests open up to batchPerHost', async (t) => {
  const opened = () => {
    let n = 0
    server.on('connection', () => n++)
    return () => n
  }
  const sequential = opened()
  const r = await run(`${HEADER}export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 3, iterations: 4 } } }
export default async function () {
  await http.asyncRequest('GET', __ENV.BASE + 'slow')
  await http.asyncRequest('GET', __ENV.BASE + 'slow')
}`)
  t.equal(r.exitCode, 0, r.err)
  t.equal(count(r, 'http_reqs'), 24)
  t.equal(sequential(), 3, 'one connection per VU, kept for all its iterations')

  load.peak = 0
  const batched = opened()
  const b = await run(`${HEADER}export const options = { batchPerHost: 4, scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 2 } } }
export default async function () {
  const responses = await http.batch(Array.from({ length: 10 }, () => ['GET', __ENV.BASE + 'slow']))
  check(responses, { 'all 200': (rs) => rs.every((x) => x.status === 200) })
}`)
  t.equal(b.exitCode, 0, b.err)
  t.same(checks(b), { 'all 200': '4/0' })
  t.equal(batched(), 8, 'two VUs, four connections each (batchPerHost 4)')
  t.ok(load.peak >= 4 && load.peak <= 8, `so at most eight requests at once, however long the batches (peak ${load.peak})`)

  const bad = await run(`${HEADER}export const options = { batchPerHost: -1 }\nexport default async function () {}`)
  t.equal(bad.exitCode, 104, 'batchPerHost must be a whole number ≥ 0')
  t.match(bad.reason, /batchPerHost: -1 is not a whole number/)
})
