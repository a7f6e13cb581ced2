// `npm test`'s last step: tap over the tests as JavaScript (scripts/emit-js.mjs), with test/js.taprc.
// Arguments go to tap (`npm test -- --reporter=tap`). One test file by hand runs as TypeScript with
// the project's .taprc instead: `npx tap test/cli/cli.test.ts`.
//
// Why: under tsx every module a test process loads crosses to a loader thread to be transpiled or
// looked up in tsx's cache, and each test file loads hundreds (levels.test: 3.5 CPU-s under tsx,
// 1.3 s as JavaScript). Measured on this 2-core machine, whole tap runs one after the other: 1,029 s
// wall and 1,851 CPU-s as TypeScript, 912 s and 1,732 CPU-s as JavaScript. tap's own loader
// (@tapjs/processinfo) is in every test process whatever this does.
import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { emitJs, removeEmitted, ROOT } from './emit-js.mjs'

removeEmitted()
const started = Date.now()
const count = await emitJs()
process.stderr.write(`scripts/test.mjs: ${count} TypeScript files transpiled beside their sources in ${Date.now() - started} ms (removed after the run)\n`)

let finished = false
const cleanUp = () => {
  if (finished) return
  finished = true
  removeEmitted()
}
const child = spawn(process.execPath, [new URL('../node_modules/tap/dist/esm/run.mjs', import.meta.url).pathname, ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, TAP_RCFILE: new URL('../test/js.taprc', import.meta.url).pathname },
})
// A Ctrl-C reaches tap too (same process group): wait for it to stop, then clean up.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => {
  cleanUp()
  process.exitCode = code ?? 128 + (constants.signals[signal] ?? 0)
})
process.on('exit', cleanUp)
