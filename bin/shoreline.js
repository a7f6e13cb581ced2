#!/usr/bin/env node
// The published entry point: runs the bundle that `npm ci` / `npm run build` writes to dist/.
import { existsSync } from 'node:fs'

const cli = new URL('../dist/cli.js', import.meta.url)
if (!existsSync(cli)) {
  process.stderr.write('shoreline: error: not built yet; run `npm ci` (or `npm run build`) in the shoreline folder\n')
  process.exit(2)
}
// A reader that stops early (`shoreline conform --list | head`) closes the pipe: that ends the
// output quietly, as it does for any Unix tool, instead of an unhandled EPIPE with a stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw err
  })
}
const { main } = await import(cli.href)
process.exitCode = await main(process.argv.slice(2))
