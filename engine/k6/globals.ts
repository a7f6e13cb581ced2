// Injected into every bundled scenario (esbuild `inject`): k6's globals `__VU`, `__ITER`, `__ENV`
// and `open()`, plus the per-VU state the other k6 shims read. The bundle runs once per VU (its
// module state fresh each time), so everything here is per VU — as k6's init context is.
import { readFileSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { runOf } from './runtime.js'

// This module is bundled into the VU's bundle: a CommonJS one learns its VU from the engine while its
// init code runs (import.meta is empty there); an ES module one from its own URL.
const here = runOf((import.meta as { url?: string }).url)

export let __VU = here.vu
export let __ITER = 0
export const __ENV: Record<string, string> = here.run.env

/** What this VU is doing now; the engine updates it around every iteration. */
export const __shoreline_vu = {
  run: here.run,
  idInTest: __VU,
  idInInstance: __VU,
  iterationInInstance: 0,
  iterationInScenario: 0,
  scenario: '',
  executor: '',
  scenarioStart: 0,
  groups: [] as string[],
  tags: {} as Record<string, string>,
  inInit: true,
  connections: undefined as unknown,
  /** Set by the engine as an iteration starts. */
  begin(scenario: string, executor: string, iterationInScenario: number, scenarioStart: number): void {
    this.scenario = scenario
    this.executor = executor
    this.iterationInScenario = iterationInScenario
    this.scenarioStart = scenarioStart
    this.groups = []
    __ITER = this.iterationInInstance
    this.inInit = false
  },
  end(): void {
    this.iterationInInstance++
  },
  /** setup() and teardown() run as VU 0. */
  asLifecycle(): void {
    __VU = 0
    this.idInTest = 0
    this.inInit = false
  },
}

/** k6's init-only `open(path, [mode])`: relative to the script; 'b' gives an ArrayBuffer. */
export function open(path: string, mode?: string): string | ArrayBuffer {
  if (!__shoreline_vu.inInit) throw new Error('open() is only available in the init context (top-level code), as in k6')
  const full = isAbsolute(path) ? path : resolve(here.run.scriptDir, path)
  const bytes = readFileSync(full)
  if (mode === 'b') return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  return bytes.toString('utf8')
}

/** One console argument as k6 prints it: strings as they are, everything else as JSON. */
function shown(v: unknown): string {
  if (typeof v === 'string') return v
  if (v instanceof Error) return v.stack ?? v.message
  try {
    return JSON.stringify(v) ?? String(v)
  } catch {
    return String(v)
  }
}

const logTo =
  (level: 'debug' | 'info' | 'warn' | 'error') =>
  (...args: unknown[]): void =>
    here.run.log(level, `${args.map(shown).join(' ')}  source=console`)

/**
 * k6's console: every line to stderr in k6's log format (`INFO[0001] text  source=console`), stdout
 * left to the summary; console.debug is shown only by k6 -v, so not here.
 */
export const console = { log: logTo('info'), info: logTo('info'), debug: (..._args: unknown[]): void => undefined, warn: logTo('warn'), error: logTo('error') }
