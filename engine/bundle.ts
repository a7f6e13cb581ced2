// esbuild turns a scenario (k6 TypeScript or JavaScript, with relative imports) into one file.
// For the built-in engine, `k6` and `k6/*` resolve to our shims and k6's globals are injected, and
// the file is CommonJS: the engine compiles it once and runs it once per VU, so every VU has its own
// init code and module state (as in k6) while all of them share one compiled, optimised copy of the
// script. A script with top-level await cannot be CommonJS: it stays an ES module, imported once per
// VU. For real k6 and k6-operator the k6 modules stay external and the output is a plain k6 script.
import { build, type Plugin } from 'esbuild'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createHash } from 'node:crypto'
import { K6_MODULES } from './k6/modules.js'

export class ScriptError extends Error {}

/** engine/k6: beside this file in the sources, or from the bundle in dist/ (globals.ts is bundled into each VU). */
function shimDir(): string {
  const candidates = [new URL('./k6/', import.meta.url), new URL('../engine/k6/', import.meta.url)]
  const found = candidates.find((u) => existsSync(new URL('globals.ts', u)))
  if (!found) throw new Error('engine/k6 not found next to the program')
  return fileURLToPath(found)
}

/** The module a VU's bundle gets for `k6/…`: the engine's shared code, bound to this VU. */
function virtualModule(name: string, shims: string): string {
  const m = K6_MODULES[name]
  if (!m) throw new Error(`${name} is not a k6 module the engine has`)
  return [
    `import { __shoreline_vu } from ${JSON.stringify(join(shims, 'globals.ts'))}`,
    `const m = __shoreline_vu.run.modules[${JSON.stringify(name)}].make(__shoreline_vu)`,
    'export default m.default',
    ...m.names.map((n) => `export const ${n} = m.${n}`),
  ].join('\n')
}

const k6Modules = (forEngine: boolean, shims: string): Plugin => ({
  name: 'k6-modules',
  setup(b) {
    b.onResolve({ filter: /^k6(\/.*)?$/ }, (args) => {
      if (!forEngine) return { path: args.path, external: true }
      if (!K6_MODULES[args.path])
        return { errors: [{ text: `${args.path} is not supported by the built-in engine (supported: ${Object.keys(K6_MODULES).join(', ')}); run it with --engine k6` }] }
      return { path: args.path, namespace: 'k6-module' }
    })
    b.onLoad({ filter: /.*/, namespace: 'k6-module' }, (args) => ({ contents: virtualModule(args.path, shims), loader: 'js', resolveDir: shims }))
  },
})

function failure(err: unknown, script: string): ScriptError {
  const e = err as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } }> }
  const first = e.errors?.[0]
  if (first) return new ScriptError(`${first.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : `${script}: `}${first.text}`)
  return new ScriptError(`${script}: ${(err as Error).message}`)
}

/** The scenario bundled for the built-in engine: the file, and whether it is CommonJS or an ES module. */
export interface EngineBundle {
  file: string
  format: 'cjs' | 'esm'
}

/** The scenario bundled for the built-in engine, written under `outDir`. */
export async function bundleForEngine(script: string, outDir: string): Promise<EngineBundle> {
  const abs = resolve(script)
  if (!existsSync(abs)) throw new ScriptError(`${script}: no such scenario file`)
  const shims = shimDir()
  mkdirSync(outDir, { recursive: true })
  const base = join(outDir, createHash('sha1').update(abs).digest('hex').slice(0, 12))
  const once = (format: 'cjs' | 'esm', outfile: string) =>
    build({
      stdin: {
        contents: `import * as script from ${JSON.stringify(abs)}\nexport { script }\nexport { __shoreline_vu } from ${JSON.stringify(join(shims, 'globals.ts'))}\n`,
        resolveDir: dirname(abs),
        loader: 'ts',
        sourcefile: 'shoreline-entry.ts',
      },
      bundle: true,
      format,
      platform: 'node',
      target: 'node20',
      inject: [join(shims, 'globals.ts')],
      plugins: [k6Modules(true, shims)],
      outfile,
      logLevel: 'silent',
      sourcemap: 'inline',
    })
  try {
    await once('cjs', `${base}.cjs`)
    return { file: `${base}.cjs`, format: 'cjs' }
  } catch (err) {
    const topLevelAwait = (err as { errors?: Array<{ text: string }> }).errors?.some((e) => /top-level await/i.test(e.text))
    if (!topLevelAwait) throw failure(err, script)
  }
  try {
    await once('esm', `${base}.mjs`)
    return { file: `${base}.mjs`, format: 'esm' }
  } catch (err) {
    throw failure(err, script)
  }
}

/** The scenario as one k6 script (k6 modules external), for real k6 and k6-operator ConfigMaps. */
export async function bundleForK6(script: string): Promise<string> {
  const abs = resolve(script)
  if (!existsSync(abs)) throw new ScriptError(`${script}: no such scenario file`)
  try {
    const r = await build({
      entryPoints: [abs],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2020',
      plugins: [k6Modules(false, '')],
      write: false,
      logLevel: 'silent',
    })
    // esbuild marks where each module starts with its path (relative to the working folder, which
    // may be anywhere on the machine): they go, so the script names no local path.
    return (r.outputFiles[0]?.text ?? '').replace(/^[ \t]*\/\/ [^\n]*\.[cm]?[jt]sx?\n/gm, '')
  } catch (err) {
    throw failure(err, script)
  }
}
