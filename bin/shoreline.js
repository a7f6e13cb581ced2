#!/usr/bin/env node
// The published entry point: runs the bundle that `npm ci` / `npm run build` writes to dist/.
import { existsSync } from 'node:fs'

const cli = new URL('../dist/cli.js', import.meta.url)
if (!existsSync(cli)) {
  process.stderr.write('shoreline: error: not built yet; run `npm ci` (or `npm run build`) in the shoreline folder\n')
  process.exit(2)
}
const { main } = await import(cli.href)
process.exitCode = await main(process.argv.slice(2))
