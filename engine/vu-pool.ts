// The run's VUs: each is its own instance of the bundled script (its init code runs again, as in
// k6), imported as `bundle.mjs?run=ID&vu=N`. VU 0 runs setup() and teardown().
import { pathToFileURL } from 'node:url'
import { vuModuleUrl, type VuView } from './k6/runtime.js'
import type { TestRun } from './test-run.js'

export interface Vu {
  id: number
  /** This VU's copy of setup()'s data (k6 gives each VU its own). */
  data?: unknown
  mod: { script: Record<string, unknown>; __shoreline_vu: VuView & { begin(s: string, e: string, i: number, st: number): void; end(): void; asLifecycle(): void } }
}

export class VuPool {
  private next = 0
  private readonly bundleUrl: string

  constructor(
    private readonly run: TestRun,
    bundleFile: string,
  ) {
    this.bundleUrl = pathToFileURL(bundleFile).href
  }

  /** A new VU, initialised (its init code has run). */
  async newVu(): Promise<Vu> {
    const vu = await this.load(++this.next)
    this.run.vusInitialized++
    return vu
  }

  /** VU 0, for setup(), teardown() and handleSummary(). */
  lifecycleVu(): Promise<Vu> {
    return this.load(0)
  }

  private async load(id: number): Promise<Vu> {
    const mod = (await import(vuModuleUrl(this.bundleUrl, this.run.id, id))) as Vu['mod']
    mod.__shoreline_vu.inInit = false
    return { id, mod }
  }
}
