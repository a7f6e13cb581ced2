// `npm run bench:engine` (issue: "Load: … built-in engine"): autocannon and the built-in engine,
// alternating, against the same minimal node:http server answering a FHIR Patient on loopback —
// 50 connections / 50 VUs, 10 s each, 3 rounds — printing rps and load-generator CPU µs per
// request (steady state, measured in each generator's own process) and the ratio. Goal: the
// engine's CPU per request ≤ 1.3× autocannon's. `-- --soak 300` adds one 300 s engine run and
// prints its RSS over time (goal: flat).
import { median } from './stats.js'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const child = new URL('./bench-engine-child.js', import.meta.url).pathname
const SECONDS = 10
const CONNECTIONS = 50
const ROUNDS = 3
const soak = process.argv.includes('--soak') ? Number(process.argv[process.argv.indexOf('--soak') + 1] ?? 300) : 0

/** What a measuring child prints as its last line (bench/engine-child.ts). */
interface Measured {
  reqs: number
  cpuUs: number
  seconds: number
  rssMb: number
  rssFirstMb: number
  rssPeakMb: number
  totalReqs: number
}

function run(args: string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    p.stdout.on('data', (d) => (out += d))
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`${args[0]} exited ${code}`))))
  })
}

const portFile = join(mkdtempSync(join(tmpdir(), 'bench-engine-')), 'port')
const server = spawn(process.execPath, [child, 'server', portFile], { stdio: 'inherit' })
while (!existsSync(portFile) || !readFileSync(portFile, 'utf8')) await new Promise((r) => setTimeout(r, 50))
const url = `http://127.0.0.1:${readFileSync(portFile, 'utf8')}/Patient/example`
console.log(`bench:engine — ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds, server ${url}`)
const rows: Record<'autocannon' | 'engine', Array<{ rps: number; us: number }>> = { autocannon: [], engine: [] }
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const tool of ['autocannon', 'engine'] as const) {
      const r = await run([tool, url, String(SECONDS), String(CONNECTIONS)])
      const row = { rps: r.reqs / r.seconds, us: r.cpuUs / r.reqs }
      rows[tool].push(row)
      console.log(
        `  round ${round}  ${tool.padEnd(10)} ${row.rps.toFixed(0).padStart(7)} req/s   ${row.us.toFixed(1).padStart(6)} µs CPU/request${tool === 'engine' ? `   RSS ${r.rssFirstMb.toFixed(0)} → ${r.rssMb.toFixed(0)} MB` : ''}`,
      )
    }
  }
  const ac = { rps: median(rows.autocannon.map((r) => r.rps)), us: median(rows.autocannon.map((r) => r.us)) }
  const en = { rps: median(rows.engine.map((r) => r.rps)), us: median(rows.engine.map((r) => r.us)) }
  console.log(`medians: autocannon ${ac.rps.toFixed(0)} req/s, ${ac.us.toFixed(1)} µs/request; engine ${en.rps.toFixed(0)} req/s, ${en.us.toFixed(1)} µs/request`)
  console.log(`engine CPU per request = ${(en.us / ac.us).toFixed(2)}× autocannon's (goal ≤ 1.3×; real k6 measured once here: ~3.3× autocannon's)`)
  if (soak) {
    const r = await run(['engine', url, String(soak), String(CONNECTIONS)])
    console.log(
      `soak ${soak} s: ${(r.totalReqs / soak).toFixed(0)} req/s, RSS first second ${r.rssFirstMb.toFixed(0)} MB, peak ${r.rssPeakMb.toFixed(0)} MB, last ${r.rssMb.toFixed(0)} MB`,
    )
  }
} finally {
  server.kill('SIGTERM')
}
