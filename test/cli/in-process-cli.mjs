// Runs `shoreline` in this one process for each argv listed in the file named by argv[2], and prints
// [{code, stdout, stderr}] as JSON: a table of bad inputs, or every command's --help, costs one Node
// start-up, not one per case. Every case must end before doing any work (that is what such a table tests).
import { readFileSync } from 'node:fs'

const { main } = await import(new URL('../../dist/cli.js', import.meta.url).href)
const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const out = []
const writeErr = process.stderr.write.bind(process.stderr)
const writeOut = process.stdout.write.bind(process.stdout)
for (const args of cases) {
  let stderr = ''
  let stdout = ''
  process.stderr.write = (chunk) => ((stderr += String(chunk)), true)
  process.stdout.write = (chunk) => ((stdout += String(chunk)), true)
  let code
  try {
    code = await main(args)
  } catch (err) {
    code = -1
    stderr += `uncaught: ${err?.stack ?? err}`
  } finally {
    process.stderr.write = writeErr
    process.stdout.write = writeOut
  }
  out.push({ code, stdout, stderr })
}
writeOut(JSON.stringify(out))
process.exit(0)
