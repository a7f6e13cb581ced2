// One side of `npm run bench:engine`, run as its own process so its CPU is its own:
//   server PORT_FILE     a minimal node:http server answering a FHIR Patient (loopback)
//   autocannon URL S C   autocannon, C connections for S seconds
//   engine URL S C       the built-in engine: C VUs, one request + one check per iteration
// The load generators print one JSON line: requests and CPU µs over the steady state (from the
// first second's tick to the end), and RSS.
import { createServer } from 'node:http'
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { runTest } from '../engine/run.js'

const [mode, a = '', b = '', c = ''] = process.argv.slice(2)
const PATIENT = JSON.stringify({
  resourceType: 'Patient',
  id: 'example',
  meta: { versionId: '1' },
  name: [{ family: 'Chalmers', given: ['Peter', 'James'] }],
  gender: 'male',
  birthDate: '1974-12-25',
})

const cpu = () => {
  const u = process.cpuUsage()
  return u.user + u.system
}

if (mode === 'server') {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(PATIENT))
  server.listen(0, '127.0.0.1', () => writeFileSync(a, String((server.address() as { port: number }).port)))
} else if (mode === 'autocannon') {
  const seconds = Number(b)
  let at: { cpu: number; reqs: number } | undefined
  let reqs = 0
  const inst = autocannon({ url: a, connections: Number(c), duration: seconds }, () => {
    const end = { cpu: cpu(), reqs }
    console.log(JSON.stringify({ reqs: end.reqs - at!.reqs, cpuUs: end.cpu - at!.cpu, seconds: seconds - 1, rssMb: process.memoryUsage().rss / 1e6 }))
  })
  inst.on('response', () => reqs++)
  inst.on('tick', () => {
    at ??= { cpu: cpu(), reqs }
  })
} else if (mode === 'engine') {
  const dir = mkdtempSync(join(tmpdir(), 'bench-engine-'))
  const script = join(dir, 'one-request.js')
  writeFileSync(
    script,
    `import http from 'k6/http'\nimport { check } from 'k6'\nexport const options = { scenarios: { bench: { executor: 'constant-vus', vus: ${Number(c)}, duration: '${b}s' } } }\nexport default async function () {\n  const res = await http.asyncRequest('GET', __ENV.URL)\n  check(res, { 'status 200': (r) => r.status === 200 })\n}\n`,
  )
  let at: { cpu: number; reqs: number } | undefined
  let last = { cpu: 0, reqs: 0 }
  const rss: number[] = []
  const r = await runTest({
    script,
    env: { URL: a },
    write: { stdout: () => undefined, stderr: (t) => process.stderr.write(t) },
    onProgress: (p) => {
      at ??= { cpu: cpu(), reqs: p.reqs }
      last = { cpu: cpu(), reqs: p.reqs }
      rss.push(process.memoryUsage().rss / 1e6)
    },
  })
  const total = (r.data.metrics.http_reqs as { values: { count: number } }).values.count
  console.log(
    JSON.stringify({
      reqs: last.reqs - at!.reqs,
      cpuUs: last.cpu - at!.cpu,
      seconds: rss.length - 1,
      totalReqs: total,
      rssMb: rss.at(-1),
      rssFirstMb: rss[0],
      rssPeakMb: Math.max(...rss),
    }),
  )
}
