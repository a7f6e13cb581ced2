// The run's VUs: each is its own instance of the bundled script (its init code runs again, as in
// k6). The CommonJS bundle is compiled once and run once per VU; an ES module bundle (a script with
// top-level await) is imported as `bundle.mjs?run=ID&vu=N`. VU 0 runs setup() and teardown().
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { pathToFileURL } from 'node:url'
import { compileFunction } from 'node:vm'
import type { EngineBundle } from './bundle.js'
import { loadingVu, vuModuleUrl, type VuView } from './k6/runtime.js'
import type { TestRun } from './test-run.js'

export interface Vu {
  id: number
  /** This VU's copy of setup()'s data (k6 gives each VU its own). */
  data?: unknown
  mod: { script: Record<string, unknown>; __shoreline_vu: VuState }
  /** The script's exports and the VU's state, read from the module once: a module namespace is slower to read on every iteration. */
  exports: Record<string, unknown>
  state: VuState
}

type VuState = VuView & { begin(s: string, e: string, i: number, st: number): void; end(): void; asLifecycle(): void }

type Factory = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void

export class VuPool {
  private next = 0
  private readonly bundleUrl: string
  /** The CommonJS bundle, compiled once: every VU runs this one function, so they share its compiled code. */
  private readonly factory?: () => Vu['mod']

  constructor(
    private readonly run: TestRun,
    bundle: EngineBundle,
  ) {
    this.bundleUrl = pathToFileURL(bundle.file).href
    if (bundle.format === 'cjs') {
      // Strict, as the ES module the script was written as.
      const code = `'use strict';${readFileSync(bundle.file, 'utf8')}`
      const compiled = compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: bundle.file }) as Factory
      const require = createRequire(bundle.file)
      this.factory = () => {
        const module = { exports: {} }
        compiled(module.exports, require, module, bundle.file, dirname(bundle.file))
        return module.exports as Vu['mod']
      }
    }
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
    let mod: Vu['mod']
    // The VU's globals learn who they are while its init code runs (synchronously, inside the call).
    if (this.factory) mod = loadingVu(this.run.id, id, this.factory)
    else mod = (await import(vuModuleUrl(this.bundleUrl, this.run.id, id))) as Vu['mod']
    mod.__shoreline_vu.inInit = false
    return { id, mod, exports: { ...mod.script }, state: mod.__shoreline_vu }
  }
}
