// npm run bench:auth — SMART and import costs at the reference server, side by side in one run,
// each target a `shoreline serve` child on loopback:
// 1. tokens/s at the token endpoint: client_secret_basic (autocannon) and private_key_jwt
//    (pre-signed RS384 assertions, 10 in flight);
// 2. authorised read rps (a bearer token checked through the Lambda contract on every request)
//    against unauthenticated rps, alternating rounds, medians and their ratio — goal: auth costs ≤ 25 %;
// 3. import resources/s for a 100k-resource NDJSON at each validation level ($import, pulled
//    from a loopback file server).
// Every loop is bounded; nothing leaves loopback.
import { median } from './stats.js'
import { importJob } from './import-job.js'
import { spawnSync } from 'node:child_process'
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import autocannon from 'autocannon'
import { serveChild } from './serve-child.js'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { VALIDATION_LEVELS } from '../lib/validation/levels.js'

const bin = new URL('../bin/shoreline.js', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'shoreline-bench-auth-'))
const IMPORT_RESOURCES = Number(process.env.BENCH_IMPORT_RESOURCES ?? 100_000)
const ROUNDS = 3
const SECONDS = 4

function run(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`shoreline ${args[0]} failed: ${r.stderr}`)
}

const serve = serveChild

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

async function rps(url: string, headers: Record<string, string> = {}, method: 'GET' | 'POST' = 'GET', body?: string) {
  const r = await autocannon({ url, connections: 10, duration: SECONDS, headers, method, body })
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`)
  return r.requests.average
}

// ---- set-up: data, keys, clients -------------------------------------------------------------
console.log(`generating data in ${dir} …`)
run(['generate', '--patients', '60', '--seed', '3', '--out', join(dir, 'small'), '--no-bundles', '--quiet'])
// BENCH_IMPORT_RESOURCES=0 skips the import part.
if (IMPORT_RESOURCES > 0)
  run(['generate', '--patients', String(Math.ceil(IMPORT_RESOURCES / 35)), '--seed', '5', '--out', join(dir, 'big'), '--no-bundles', '--quiet', '--workers', '2'])
const bigDir = join(dir, 'big', 'ndjson')
const lines: string[] = []
for (const f of IMPORT_RESOURCES > 0
  ? readdirSync(bigDir)
      .filter((n) => n.endsWith('.ndjson'))
      .sort()
  : []) {
  for (const line of readFileSync(join(bigDir, f), 'utf8').split('\n')) if (line && lines.length < IMPORT_RESOURCES) lines.push(line)
}
if (lines.length < IMPORT_RESOURCES) throw new Error(`only ${lines.length} resources generated; raise the patient count`)
writeFileSync(join(dir, 'import.ndjson'), lines.join('\n') + '\n')
const importBytes = statSync(join(dir, 'import.ndjson')).size
lines.length = 0

const { privateKey, publicKey } = await generateKeyPair('RS384', { extractable: true })
const jwk = { ...(await exportJWK(publicKey)), kid: 'bench-1', alg: 'RS384' }
const secret = randomUUID()
writeFileSync(
  join(dir, 'clients.json'),
  JSON.stringify({
    clients: [
      { client_id: 'bench-secret', client_secret: secret, scope: 'system/*.rs' },
      { client_id: 'bench-jwt', jwks: { keys: [jwk] }, scope: 'system/*.rs' },
    ],
  }),
)

const open = await serve(['--auth', 'none', '--load', join(dir, 'small')])
const smart = await serve(['--auth', 'smart', '--auth-config', join(dir, 'clients.json'), '--load', join(dir, 'small')])
const origin = new URL(smart.url).origin
const basic = `Basic ${Buffer.from(`bench-secret:${secret}`).toString('base64')}`
const form = { 'Content-Type': 'application/x-www-form-urlencoded' }

try {
  // ---- 1. token endpoint ---------------------------------------------------------------------
  const secretTps = await rps(`${origin}/auth/token`, { ...form, Authorization: basic }, 'POST', 'grant_type=client_credentials&scope=system/*.rs')
  const N = 2000
  const assertions: string[] = []
  for (let i = 0; i < N; i++) {
    assertions.push(
      await new SignJWT({ jti: randomUUID() })
        .setProtectedHeader({ alg: 'RS384', kid: 'bench-1' })
        .setIssuer('bench-jwt')
        .setSubject('bench-jwt')
        .setAudience(`${origin}/auth/token`)
        .setExpirationTime('4m')
        .sign(privateKey),
    )
  }
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < N) {
        const a = assertions[next++] ?? ''
        const res = await fetch(`${origin}/auth/token`, {
          method: 'POST',
          headers: form,
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            scope: 'system/*.rs',
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: a,
          }),
        })
        if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`)
        await res.arrayBuffer()
      }
    }),
  )
  const jwtTps = N / ((performance.now() - t0) / 1000)

  // ---- 2. authorised vs open reads -----------------------------------------------------------
  const tokenRes = await fetch(`${origin}/auth/token`, { method: 'POST', headers: { ...form, Authorization: basic }, body: 'grant_type=client_credentials&scope=system/*.rs' })
  const token = ((await tokenRes.json()) as { access_token: string }).access_token
  const id = ((await (await fetch(`${open.url}Patient?_count=1`)).json()) as { entry: Array<{ resource: { id: string } }> }).entry[0]?.resource.id
  const openRuns: number[] = []
  const authRuns: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    openRuns.push(await rps(`${open.url}Patient/${id}`))
    authRuns.push(await rps(`${smart.url}Patient/${id}`, { Authorization: `Bearer ${token}` }))
  }
  const openMed = median(openRuns)
  const authMed = median(authRuns)
  const cost = 1 - authMed / openMed

  console.log('\ntoken endpoint (10 in flight)')
  console.log(`  client_secret_basic   ${fmt(secretTps)} tokens/s (autocannon, ${SECONDS} s)`)
  console.log(`  private_key_jwt       ${fmt(jwtTps)} tokens/s (${fmt(N)} RS384 assertions)`)
  console.log(`\nread by id, ${ROUNDS} alternating rounds of ${SECONDS} s, 10 connections (median req/s)`)
  console.log(`  no auth               ${fmt(openMed)}   [${openRuns.map(fmt).join(', ')}]`)
  console.log(`  SMART bearer token    ${fmt(authMed)}   [${authRuns.map(fmt).join(', ')}]`)
  console.log(`  auth costs            ${(cost * 100).toFixed(1)} %  (goal ≤ 25 %: ${cost <= 0.25 ? 'met' : 'NOT met'})`)
} finally {
  await open.stop()
  await smart.stop()
}

// ---- 3. import at each validation level ---------------------------------------------------------
const files = createServer((req, res) => {
  if (req.url === '/manifest.json') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ output: [{ type: 'Mixed', url: 'import.ndjson' }] }))
  if (req.url === '/import.ndjson') return createReadStream(join(dir, 'import.ndjson')).pipe(res.writeHead(200, { 'Content-Type': 'application/fhir+ndjson' }))
  res.writeHead(404).end()
})
await new Promise<void>((r) => files.listen(0, '127.0.0.1', r))
const filesUrl = `http://127.0.0.1:${(files.address() as { port: number }).port}/`
if (IMPORT_RESOURCES === 0) {
  rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}
console.log(`\nimport of ${fmt(IMPORT_RESOURCES)} resources (${(importBytes / 1_048_576).toFixed(1)} MB NDJSON) by $import into an empty in-memory target`)
try {
  for (const level of VALIDATION_LEVELS) {
    const target = await serve(['--auth', 'none'])
    try {
      const { seconds, counters: c } = await importJob(target.url, `${filesUrl}manifest.json`, level)
      console.log(
        `  ${level.padEnd(15)} ${fmt(c.scanned / seconds).padStart(7)} resources/s   ${seconds.toFixed(1)} s   imported ${fmt(c.imported)}, customer errors ${fmt(c.customerErrors)}, server errors ${fmt(c.serverErrors)}`,
      )
    } finally {
      await target.stop()
    }
  }
} finally {
  files.close()
  rmSync(dir, { recursive: true, force: true })
}
