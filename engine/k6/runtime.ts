// The bridge between a bundled scenario (one module instance per VU) and the engine: the engine
// puts its runtime on globalThis before importing a VU's bundle; the k6 shims read it here.
export interface Tags {
  [k: string]: string
}

export interface EngineRuntime {
  env: Record<string, string>
  scriptDir: string
  /** The id the next imported VU bundle takes. */
  nextVu: number
  add(metric: string, type: 'counter' | 'gauge' | 'rate' | 'trend', value: number, tags: Tags, isTime?: boolean): void
  declare(metric: string, type: 'counter' | 'gauge' | 'rate' | 'trend', isTime: boolean): void
  check(groupPath: string, name: string, ok: boolean): void
  groupSeen(path: string): void
  shared(name: string, make: () => unknown[]): unknown[]
  /** test.abort() */
  abort(message?: string): never
  /** test.fail() */
  markFailed(message?: string): void
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
}

export const ENGINE_KEY = '__SHORELINE_ENGINE__'

export function engine(): EngineRuntime {
  const rt = (globalThis as Record<string, unknown>)[ENGINE_KEY] as EngineRuntime | undefined
  if (!rt) throw new Error('this module runs inside the Shoreline load engine only')
  return rt
}

/** An error the engine reports as one clear line (a k6 call the engine cannot mirror). */
export class UnsupportedCall extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnsupportedCall'
  }
}
