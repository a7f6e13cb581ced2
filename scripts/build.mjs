// Bundles the CLI and the generator worker into dist/ with esbuild. Runs on `npm ci` (prepare)
// and before tests, so `npx shoreline` never runs stale code. Dependencies stay external.
import { build } from 'esbuild'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import standaloneCode from 'ajv/dist/standalone/index.js'
import { execFileSync } from 'node:child_process'
import { removeEmitted } from './emit-js.mjs'

// A test run's transpiled copies, if one was killed before removing them (scripts/emit-js.mjs):
// esbuild bundles an x.js it finds beside x.ts in preference to the source, so none may be left.
removeEmitted()
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true })
await build({
  entryPoints: {
    cli: 'cli/main.ts',
    'generate-worker': 'generators/worker.ts',
    precompile: 'lib/validation/precompile.ts',
    'bench-server': 'bench/server.ts',
    'bench-auth': 'bench/auth.ts',
    'bench-seed': 'bench/seed.ts',
    'bench-engine': 'bench/engine.ts',
    'bench-engine-child': 'bench/engine-child.ts',
    'bench-target': 'bench/target.ts',
    'server-reader': 'server/http/reader-worker.ts',
    'import-preparer': 'server/bulk/prepare-worker.ts',
    'store-checkpointer': 'server/store/checkpoint-worker.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  // Shared code in chunks beside the entries, and each command in its own: a command loads only
  // what it uses (cli/commands/index.ts), not the server, the engine and the AWS SDK every time.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})

// Precompiled HL7 schema validators (see lib/validation/precompile.ts).
execFileSync(process.execPath, ['dist/precompile.js', 'dist/fhir-validators.cjs'], { stdio: 'inherit' })

// The results schema's validator, precompiled with the options lib/results/writer.ts compiles it with.
const resultsAjv = new Ajv({ allErrors: true, strict: false, validateFormats: false, code: { source: true } })
const resultsSchema = JSON.parse(readFileSync(new URL('../lib/results/schema.json', import.meta.url), 'utf8'))
writeFileSync(new URL('../dist/results-validator.cjs', import.meta.url), standaloneCode(resultsAjv, resultsAjv.compile(resultsSchema)))
