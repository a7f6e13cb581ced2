// Where a server thread's script is: beside the bundled chunk that asks (dist/), or in dist/ when
// the server runs from source (tests). Each script is an entry of scripts/build.mjs.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export function workerScript(name: 'server-reader' | 'import-preparer' | 'store-checkpointer'): URL {
  const beside = new URL(`./${name}.js`, import.meta.url)
  if (existsSync(fileURLToPath(beside))) return beside
  return new URL(`../dist/${name}.js`, import.meta.url)
}
