// npm run bench:seed — seeding a generated population into the embedded server over HTTP, at
// concurrency 1, 4 and 8 (batch Bundles of 100 PUTs, a fresh in-memory `shoreline serve` child
// each time), side by side in one run: resources/s, and the client's CPU per resource against
// the target's (read from /proc for the child). Goal (issue "Seeding and import"): the client
// costs ≤ 10 % of what the target spends. BENCH_SEED_PATIENTS (default 1,000) sets the size.
// Loopback only; every loop is bounded.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serveChild } from './serve-child.js'
import { TargetClient } from '../lib/target/client.js'
import { openDataset } from '../lib/seed/dataset.js'
import { seedDataset } from '../lib/seed/seed.js'

const bin = new URL('../bin/shoreline.js', import.meta.url).pathname
const PATIENTS = Number(process.env.BENCH_SEED_PATIENTS ?? 1000)
const dir = mkdtempSync(join(tmpdir(), 'shoreline-bench-seed-'))
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
function cpuOf(pid: number): number {
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return ticks / 100 // USER_HZ is 100 on Linux
}

console.log(`generating ${fmt(PATIENTS)} patients …`)
const gen = spawnSync(process.execPath, [bin, 'generate', '--patients', String(PATIENTS), '--seed', '9', '--out', join(dir, 'data'), '--no-bundles', '--quiet'], {
  encoding: 'utf8',
})
if (gen.status !== 0) throw new Error(gen.stderr)
const ds = openDataset(join(dir, 'data'))
console.log(`${fmt(ds.total)} resources; batch Bundles of 100 PUT entries into a fresh in-memory target each run\n`)
console.log('concurrency   resources/s   seconds   client CPU µs/res   target CPU µs/res   client/target')
try {
  for (const concurrency of [1, 4, 8]) {
    const target = await serveChild(['--auth', 'none', '--max-bundle-entries', '1000'])
    const pid = target.pid
    const client = new TargetClient({ url: target.url, profile: 'generic', auth: { kind: 'none' }, timeoutMs: 120_000 }, { connections: concurrency * 2 })
    try {
      const targetBefore = cpuOf(pid)
      const clientBefore = process.cpuUsage()
      const run = await seedDataset(client, ds, { via: 'batch', concurrency, bundleSize: 100 })
      const clientCpu = process.cpuUsage(clientBefore)
      const targetCpu = cpuOf(pid) - targetBefore
      if (run.errors.length) throw new Error(`${run.errors.length} resources rejected, first: ${run.errors[0]?.diagnostics}`)
      const c = (clientCpu.user + clientCpu.system) / run.written
      const tgt = (targetCpu * 1e6) / run.written
      console.log(
        `${String(concurrency).padStart(11)}   ${fmt(run.written / run.seconds).padStart(11)}   ${run.seconds.toFixed(1).padStart(7)}   ${c.toFixed(0).padStart(17)}   ${tgt.toFixed(0).padStart(17)}   ${((c / tgt) * 100).toFixed(1).padStart(11)} %`,
      )
    } finally {
      await client.close()
      await target.stop()
    }
  }
  console.log("\ngoal: client CPU ≤ 10 % of the target's per resource")
} finally {
  rmSync(dir, { recursive: true, force: true })
}
