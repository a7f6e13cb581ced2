// Bundles the CLI and the generator worker into dist/ with esbuild. Runs on `npm ci` (prepare)
// and before tests, so `npx shoreline` never runs stale code. Dependencies stay external.
import { build } from 'esbuild'
import { rmSync } from 'node:fs'

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true })
await build({
  entryPoints: {
    cli: 'cli/main.ts',
    'generate-worker': 'generators/worker.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})
