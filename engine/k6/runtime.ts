// The bridge between a bundled scenario (run once per VU) and the engine. A test run registers its
// runtime under an id; the bundle's injected globals learn the run and VU id once, as the VU's init
// code runs (loadingVu for the CommonJS bundle, the `bundle.mjs?run=ID&vu=N` URL for an ES module
// one), and from then on the k6 shims reach the run through the VU (`vu.run`), never through a
// global. Runs in one process are independent.
export interface Tags {
  [k: string]: string
}

export interface EngineRuntime {
  env: Record<string, string>
  scriptDir: string
  add(metric: string, type: 'counter' | 'gauge' | 'rate' | 'trend', value: number, tags: Tags, isTime?: boolean): void
  declare(metric: string, type: 'counter' | 'gauge' | 'rate' | 'trend', isTime: boolean): void
  check(groupPath: string, name: string, ok: boolean): void
  groupSeen(path: string): void
  shared(name: string, make: () => unknown[]): unknown[]
  /** test.abort() */
  abort(message?: string): never
  /** test.fail() */
  markFailed(message?: string): void
  /** A line in k6's log format on stderr (console.*, warnings); `once` says a message only once a run. */
  log(level: 'debug' | 'info' | 'warn' | 'error', text: string, once?: boolean): void
  http: {
    request(method: string, url: string, body: unknown, params: Record<string, unknown> | undefined, vu: VuView): Promise<unknown>
    setResponseCallback(cb: unknown): void
  }
  execution(vu: VuView): Record<string, unknown>
  options: Record<string, unknown>
  testStart: number
  /** The k6 modules (k6/modules.ts), made per VU from code compiled once. */
  modules: Record<string, { make(vu: VuView): Record<string, unknown> }>
}

export interface VuView {
  /** The test run this VU belongs to. */
  run: EngineRuntime
  idInTest: number
  idInInstance: number
  iterationInInstance: number
  iterationInScenario: number
  scenario: string
  executor: string
  scenarioStart: number
  groups: string[]
  tags: Record<string, string>
  inInit: boolean
  /** The VU's own HTTP connections (the engine's, opaque to the shims). */
  connections?: unknown
}

/**
 * The runs in this process, by id. Bundled VU code cannot be handed a parameter at import time
 * (its init code runs during the import), so this one map, keyed by the id in the bundle's URL,
 * is how a VU finds its run; the engine adds a run before its first import and removes it at the end.
 */
const RUNS_KEY = Symbol.for('shoreline.engine.runs')

function runs(): Map<string, EngineRuntime> {
  const g = globalThis as unknown as Record<symbol, Map<string, EngineRuntime> | undefined>
  return (g[RUNS_KEY] ??= new Map())
}

export function registerRun(id: string, rt: EngineRuntime): void {
  runs().set(id, rt)
}

export function unregisterRun(id: string): void {
  runs().delete(id)
}

/** The URL a VU's bundle is imported from. */
export function vuModuleUrl(bundleUrl: string, runId: string, vu: number): string {
  return `${bundleUrl}?run=${encodeURIComponent(runId)}&vu=${vu}`
}

/** The VU whose init code is running now (a CommonJS bundle runs it synchronously, inside loadingVu). */
const LOADING_KEY = Symbol.for('shoreline.engine.loading')
const loadingSlot = () => globalThis as unknown as Record<symbol, { runId: string; vu: number } | undefined>

/** Runs `init` (a VU's init code) with `runOf()` answering this run and VU. */
export function loadingVu<T>(runId: string, vu: number, init: () => T): T {
  const g = loadingSlot()
  const before = g[LOADING_KEY]
  g[LOADING_KEY] = { runId, vu }
  try {
    return init()
  } finally {
    g[LOADING_KEY] = before
  }
}

/**
 * From inside a VU's bundle: its run and VU id — from loadingVu() for a CommonJS bundle, or from
 * the module's own URL (`?run=ID&vu=N`) for an ES module one.
 */
export function runOf(moduleUrl: string | undefined): { run: EngineRuntime; vu: number } {
  const q = moduleUrl ? new URL(moduleUrl).searchParams : undefined
  const here = loadingSlot()[LOADING_KEY] ?? { runId: q?.get('run') ?? '', vu: Number(q?.get('vu') ?? 0) }
  const run = runs().get(here.runId)
  if (!run) throw new Error('this module runs inside the Shoreline load engine only')
  return { run, vu: here.vu }
}

/** An error the engine reports as one clear line (a k6 call the engine cannot mirror). */
export class UnsupportedCall extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnsupportedCall'
  }
}
