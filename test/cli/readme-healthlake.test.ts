// The README's HealthLake rehearsal, run as written: serve --preset healthlake, then generate,
// conform --target-profile healthlake and seed against it — each command exits 0 (conform: no
// fail, no error) and seed reconciles every resource. Only the port (any free one) and the working
// folder (a temporary one) differ from the README.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cli, cliAsync } from '../helpers.js'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const block = /<!-- healthlake-rehearsal[^>]*-->\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
const lines = block.trim().split('\n')

t.test('README-HL-01: the HealthLake rehearsal runs end to end against serve --preset healthlake', async (t) => {
  t.ok(lines.length >= 4, `the README has the rehearsal block (${lines.length} lines)`)
  const [serveLine = '', exportLine = '', ...commands] = lines
  t.match(serveLine, /^npx shoreline serve .*--preset healthlake.* &$/)
  t.match(exportLine, /^export /)
  const env = Object.fromEntries([...exportLine.slice('export '.length).matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]))
  const argsOf = (line: string) =>
    line
      .replace(/^npx shoreline /, '')
      .replace(/ &$/, '')
      .split(/\s+/)
  const serve = cliAsync(argsOf(serveLine).map((a, i, all) => (all[i - 1] === '--port' ? '0' : a)))
  t.teardown(() => serve.kill('SIGINT'))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    serve.stdout.on('data', (d) => {
      out += d
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/datastore\/local\/r4\/)$/m.exec(out)
      if (m?.[1]) resolve(m[1])
    })
    serve.on('exit', (code) => reject(new Error(`serve exited ${code}`)))
  })
  const cwd = t.testdir({})
  for (const line of commands) {
    t.match(line, /^npx shoreline /, 'a shoreline command')
    const args = argsOf(line).map((a) => (a === 'http://127.0.0.1:8080/datastore/local/r4/' ? url : a))
    const r = cli(args, { cwd, env })
    t.equal(r.code, 0, `${args[0]} exits 0: ${r.stderr.split('\n').slice(-3).join(' | ')}`)
  }
  const conform = JSON.parse(readFileSync(join(cwd, 'results/conform/results.json'), 'utf8')) as { checks: Array<{ id: string; outcome: string }> }
  t.same(
    conform.checks.filter((c) => c.outcome === 'fail' || c.outcome === 'error').map((c) => c.id),
    [],
    'conform: no fail, no error',
  )
  t.ok(
    conform.checks.some((c) => c.outcome === 'deviation'),
    'the documented differences show as deviations',
  )
  const seed = JSON.parse(readFileSync(join(cwd, 'results/seed/results.json'), 'utf8')) as { summary: { missing: number; written: number } }
  t.equal(seed.summary.missing, 0, 'seed: every resource found through eventual search with the consistency header')
  t.ok(seed.summary.written > 1000)
})
