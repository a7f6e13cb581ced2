// `shoreline conform` as a user runs it: results.json, junit.xml, TAP; a fault turns the verdict;
// a target that is down fails checks with the reason instead of crashing.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cli, cliRun } from '../helpers.js'
import { startTarget } from '../../target/http/server.js'
import { allChecks } from '../../suites/registry.js'

const total = allChecks().length

t.test('CLI-CONFORM-01: green against the reference target; results.json, junit.xml and TAP', async (t) => {
  const target = await startTarget({ auth: 'smart' })
  t.teardown(() => target.close())
  const out = t.testdir({})
  const r = await cliRun(['conform', '--target', target.url, '--out', out])
  t.equal(r.code, 0, r.stderr)
  t.match(r.stdout, new RegExp(`${total} checks: ${total} passed, 0 failed`))
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
  t.equal(results.kind, 'conformance')
  t.equal(results.checks.length, total)
  t.ok(results.checks.every((c: { exchanges: unknown[] }) => c.exchanges.length > 0), 'each check carries the exchange it inspected')
  const junit = readFileSync(join(out, 'junit.xml'), 'utf8')
  t.equal(junit.match(/<testcase /g)?.length, total)
  const tap = await cliRun(['conform', '--target', target.url, '--out', out, '--tap', '--suite', 'capability'])
  t.match(tap.stdout, /^TAP version 14\n1\.\.7\nok 1 - CS-01/)
})

t.test('CLI-CONFORM-02: a fault fails its checks (exit 1) and the failure names what was received', async (t) => {
  const target = await startTarget({ auth: 'smart', faults: ['discovery-plain-pkce'] })
  t.teardown(() => target.close())
  const out = t.testdir({})
  const r = await cliRun(['conform', '--target', target.url, '--out', out, '--suite', 'smart-discovery'])
  t.equal(r.code, 1)
  t.match(r.stderr, /FAIL SD-07 .* expected `code_challenge_methods_supported` not to include `plain`, got `\["S256","plain"\]`/)
  t.match(readFileSync(join(out, 'junit.xml'), 'utf8'), /<failure message="expected `code_challenge_methods_supported` not to include `plain`/)
})

t.test('CLI-CONFORM-03: a target that is down fails checks with the reason; bad flags exit 2; --list', async (t) => {
  const out = t.testdir({})
  const down = await cliRun(['conform', '--target', 'http://127.0.0.1:1/datastore/x/r4/', '--out', out, '--suite', 'capability'])
  t.equal(down.code, 1)
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
  t.match(results.checks[0].message, /not reachable/)
  const bad = cli(['conform', '--target', 'http://127.0.0.1:1/', '--suite', 'nope'])
  t.equal(bad.code, 2)
  t.match(bad.stderr, /unknown suite nope/)
  const list = cli(['conform', '--list'])
  t.equal(list.code, 0)
  t.equal(list.stdout.trim().split('\n').length, total)
  t.match(list.stdout, /SD-07 +SHALL +smart-discovery +PKCE: S256 offered, plain not \[SMART-WK-6\]/)
})
