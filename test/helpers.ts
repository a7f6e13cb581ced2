// Shared helpers for self-tests: run the built CLI, read generated files. No shared state.
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { K8sJobOptions } from '../generators/scale-out/k8s-job.js'

/**
 * A parsed JSON body in a test: tests walk FHIR/OAuth JSON of the shape they are checking, and an
 * assertion fails where it is not. The one sanctioned `any` of test/.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const BIN = join(ROOT, 'bin', 'shoreline.js')

/**
 * The command that runs `script` under Node as a user runs it: without the test runner's hooks.
 * tap puts its process-tracking loader (@tapjs/processinfo, for coverage, which this project does
 * not collect) into NODE_OPTIONS of every child it sees spawned, whatever env the spawn is given;
 * every module the CLI loads then crosses to a hook thread, which doubled each start-up (0.23 →
 * 0.53 s for `--version`, 0.7 → 1.4 s for `conform --list`) over hundreds of spawns. `env -u` drops
 * it and then execs Node, so the child's pid, signals and exit code are Node's own. Both by absolute
 * path: a test may give the child a PATH of its own.
 */
export function nodeCommand(script: string, args: readonly string[]): [string, string[]] {
  return ['/usr/bin/env', ['-u', 'NODE_OPTIONS', process.execPath, script, ...args]]
}

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export function cli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(...nodeCommand(BIN, args), { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, encoding: 'utf8', timeout: 240_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/**
 * Every argv in one child process (test/cli/in-process-cli.mjs): one Node start-up for the table.
 * Only for runs that end before doing any work (bad input, --help); `dir` holds the list.
 */
export function cliTable(cases: string[][], dir: string): CliResult[] {
  const list = join(dir, `cli-table-${process.pid}-${Date.now()}.json`)
  writeFileSync(list, JSON.stringify(cases))
  const r = spawnSync(...nodeCommand(join(ROOT, 'test/cli/in-process-cli.mjs'), [list]), { cwd: ROOT, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 })
  if (r.status !== 0) throw new Error(`the table run ended ${r.status ?? r.signal}: ${r.stderr.slice(-2000)}`)
  return JSON.parse(r.stdout) as CliResult[]
}

export function cliAsync(args: string[]) {
  return spawn(...nodeCommand(BIN, args), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
}

/**
 * `shoreline serve …` as a child process: `url` resolves with the base URL it prints when ready (or
 * rejects with its stderr if it exits first); `stopped` resolves with its exit code.
 */
export function serveProcess(args: string[]) {
  const child = cliAsync(['serve', '--port', '0', ...args])
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const url = new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const line = out.split('\n').find((l) => /^https?:\/\//.test(l))
      if (line) resolve(line.trim())
    })
    child.on('close', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)))
  })
  const stopped = new Promise<number | null>((resolve) => child.on('close', resolve))
  return { child, url, stopped, stderr: () => stderr }
}

/** The CLI without blocking the event loop (for tests that serve a target in this process). */
export function cliRun(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(...nodeCommand(BIN, args), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/**
 * A conform run's stderr with its passing and skipped checks left out: what a failed assertion
 * should show (tap cuts a long message, and the one line that failed would be cut with it).
 */
export function notPassed(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => l.trim() && !/^(ok|skip)\s/.test(l))
    .join('\n')
}

/** Every file under dir (relative path → sha256), optionally leaving some out. */
export function digestTree(dir: string, skip: (rel: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name)
      const rel = relative(dir, p)
      if (skip(rel)) continue
      if (statSync(p).isDirectory()) walk(p)
      else out[rel] = createHash('sha256').update(readFileSync(p)).digest('hex')
    }
  }
  walk(dir)
  return out
}

export function readNdjson(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l)
    .map((l) => JSON.parse(l))
}

/** All resources of a dataset's ndjson/ folder, keyed by type. */
export function readDataset(dir: string): Map<string, Array<Record<string, unknown>>> {
  const out = new Map<string, Array<Record<string, unknown>>>()
  for (const f of readdirSync(join(dir, 'ndjson')).sort()) {
    for (const r of readNdjson(join(dir, 'ndjson', f))) {
      const t = String(r.resourceType)
      if (!out.has(t)) out.set(t, [])
      out.get(t)!.push(r)
    }
  }
  return out
}

/** A small Job's options (`generate --emit k8s-job`), for tests that read what its pods run: 6 patients in 2 shards to a volume claim. */
export function jobOptions(o: Partial<K8sJobOptions> = {}): K8sJobOptions {
  return {
    patients: 6,
    seed: 3,
    referenceDate: '2025-01-01',
    years: 2,
    bundleType: 'transaction',
    bundles: true,
    ndjson: true,
    gzip: false,
    invalid: false,
    validate: false,
    shards: 2,
    image: 'registry.example/shoreline:0.1.0',
    cpu: '1',
    memory: '2Gi',
    volumeClaim: 'population-data',
    ...o,
  }
}
