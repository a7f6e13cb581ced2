// Runs `shoreline` in this one process for each argv listed in the file named by argv[2], and prints
// [{code, stderr}] as JSON: a table of bad inputs costs one Node start-up, not one per case. Every
// case must end before doing any work (that is what such a table tests); stdout is dropped.
import { readFileSync } from 'node:fs'

const { main } = await import(new URL('../../dist/cli.js', import.meta.url).href)
const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const out = []
const writeErr = process.stderr.write.bind(process.stderr)
const writeOut = process.stdout.write.bind(process.stdout)
for (const args of cases) {
  let stderr = ''
  process.stderr.write = (chunk) => ((stderr += String(chunk)), true)
  process.stdout.write = () => true
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
  out.push({ code, stderr })
}
writeOut(JSON.stringify(out))
process.exit(0)
