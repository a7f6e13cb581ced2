// Where a server thread's script is: beside the bundled chunk that asks (dist/), or in dist/ when
// the server runs from source (tests). Each script is an entry of scripts/build.mjs.
//
// Each thread is started with `execArgv: []`, none of the parent's flags: its script is a built
// bundle that needs no loader, and under a test runner the inherited loader flags (tap's, tsx's)
// sent every module the thread loads through the loaders' thread again: the three thread test files
// took 40 CPU-s instead of 55 without them.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export function workerScript(name: 'server-reader' | 'import-preparer' | 'store-checkpointer'): URL {
  const beside = new URL(`./${name}.js`, import.meta.url)
  if (existsSync(fileURLToPath(beside))) return beside
  return new URL(`../dist/${name}.js`, import.meta.url)
}
