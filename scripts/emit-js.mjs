// The tests' JavaScript (scripts/test.mjs): each TypeScript file of the sources and tests
// transpiled to a .js beside it, so that `import './x.js'` and every path a module finds from its
// own import.meta.url mean in the test run what they mean in the sources. Transpiled only (esbuild,
// one file at a time, no bundling); `npm run typecheck` is what checks the types.
//
// Each emitted file starts with MARK, and only such files are ever removed: `removeEmitted` runs
// when a test run ends, and at the start of the next build or test run in case one was killed. That
// matters: esbuild bundles an x.js it finds beside x.ts in preference to the source (tsx, for a test
// run by hand, takes the .ts), so a stale copy would put old code into dist/.
import { build } from 'esbuild'
import { closeSync, openSync, readSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** The folders with TypeScript the tests load. scenarios/ is k6's (the engine bundles it) and types/ is declarations only. */
const FOLDERS = ['bench', 'cli', 'engine', 'generators', 'lib', 'profiles', 'reports', 'server', 'suites', 'test']
const MARK = '// emitted by scripts/emit-js.mjs for a test run; removed after it'

function walk(dir, out = []) {
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return out
  }
  for (const e of entries) {
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(join(dir, e.name), out)
    } else out.push(join(dir, e.name))
  }
  return out
}

const files = () => FOLDERS.flatMap((f) => walk(join(ROOT, f)))

function startsWithMark(file) {
  const fd = openSync(file, 'r')
  try {
    const head = Buffer.alloc(MARK.length)
    return readSync(fd, head, 0, MARK.length, 0) === MARK.length && head.toString('utf8') === MARK
  } finally {
    closeSync(fd)
  }
}

/** Removes every .js this script emitted (and nothing else); returns how many. */
export function removeEmitted() {
  let n = 0
  for (const f of files()) {
    if (f.endsWith('.js') && startsWithMark(f)) {
      rmSync(f, { force: true })
      n++
    }
  }
  return n
}

/** Emits a .js beside each .ts (not .d.ts) of FOLDERS; returns how many. */
export async function emitJs() {
  const sources = files().filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  await build({
    entryPoints: sources,
    outdir: ROOT,
    outbase: ROOT,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // JSON modules keep their `with { type: 'json' }` (Node 20.10+ reads it; esbuild would drop it for node20).
    supported: { 'import-attributes': true },
    banner: { js: MARK },
    logLevel: 'warning',
  })
  return sources.length
}
