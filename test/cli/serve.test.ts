// `shoreline serve` as a user runs it: prints the base URL when ready, loads a dataset, keeps
// data in --db across restarts, stops cleanly on SIGTERM/SIGINT, refuses bad options in one line.
import t from 'tap'
import { join } from 'node:path'
import { existsSync, readFileSync } from 'node:fs'
import { cli, cliRun, serveProcess, type Json } from '../helpers.js'

t.test('CLI-SERVE-01: prints the base URL, serves a loaded dataset, stops on SIGTERM; --db persists', async (t) => {
  const dir = t.testdir({})
  t.equal(cli(['generate', '--patients', '5', '--out', join(dir, 'd'), '--workers', '1', '--no-bundles']).code, 0)
  const db = join(dir, 'store.db')
  const first = serveProcess(['--load', join(dir, 'd'), '--db', db, '--auth', 'none'])
  const url = await first.url
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+\/datastore\/local\/r4\/$/)
  const count = async (base: string) => ((await (await fetch(`${base}Patient?_summary=count`)).json()) as Json).total
  t.equal(await count(url), 5)
  first.child.kill('SIGTERM')
  t.equal(await first.stopped, 0)
  t.match(first.stderr(), /loaded [\d,]+ resources/)
  const second = serveProcess(['--db', db, '--auth', 'none'])
  t.equal(await count(await second.url), 5, 'the file keeps the data across restarts')
  second.child.kill('SIGINT')
  t.equal(await second.stopped, 0)
})

t.test('CLI-SERVE-02: bad options and unusable --db or --load: one line, exit 2', async (t) => {
  const dir = t.testdir({ 'a-file': 'x', 'bad.json': JSON.stringify({ clients: [{ client_id: 'c', client_secret: 'long-enough-secret' }] }) })
  for (const [args, message] of [
    [['--port', '70000'], /--port must be 0–65535/],
    [['--datastore-id', 'bad id!'], /--datastore-id/],
    [['--db', join(dir, 'a-file', 'sub.db')], /--db .* cannot be opened/],
    [['--load', join(dir, 'missing')], /no such file or folder/],
    [['--validation', 'lenient'], /Invalid values/],
    [['--readers', '-1'], /--readers must be a whole number 0–16, got -1/],
    [['--fault', 'no-such-fault'], /--fault: unknown fault no-such-fault/],
    [['--auth-config', join(dir, 'missing.json')], /missing\.json: cannot read: no such file/],
    [['--auth-config', join(dir, 'bad.json')], /bad\.json: clients\.0 must have required property 'scope'/],
    [['--auth', 'none', '--auth-config', join(dir, 'bad.json')], /need --auth smart/],
    [['--lambda-handler', join(dir, 'a-file')], /--lambda-handler/],
  ] as Array<[string[], RegExp]>) {
    const r = cli(['serve', ...args])
    t.equal(r.code, 2, args.join(' '))
    t.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`)
    t.match(r.stderr, message)
  }
})

t.test('CLI-SERVE-03: SMART is the default: discovery is open, data needs a token; --fault changes behaviour; --list-faults', async (t) => {
  const dir = t.testdir({ 'clients.json': JSON.stringify({ clients: [{ client_id: 'ci', client_secret: 'a-secret-of-length', scope: 'system/*.rs' }] }) })
  const s = serveProcess(['--auth-config', join(dir, 'clients.json'), '--fault', 'discovery-no-token-endpoint'])
  const url = await s.url
  t.equal((await fetch(`${url}Patient`)).status, 401)
  const conf = (await (await fetch(`${url}.well-known/smart-configuration`)).json()) as Record<string, unknown>
  t.equal(conf.token_endpoint, undefined, 'the fault removed token_endpoint')
  const token = await fetch(`${new URL(url).origin}/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=system/Patient.rs&client_id=ci&client_secret=a-secret-of-length',
  })
  const tok = (await token.json()) as { access_token: string }
  t.equal((await fetch(`${url}Patient`, { headers: { Authorization: `Bearer ${tok.access_token}` } })).status, 200)
  s.child.kill('SIGTERM')
  t.equal(await s.stopped, 0)
  t.match(s.stderr(), /SMART: 1 client\(s\) registered/)
  t.notMatch(s.stderr(), /a-secret-of-length/, 'the secret is never printed')
  const list = cli(['serve', '--list-faults'])
  t.equal(list.code, 0)
  t.ok(list.stdout.trim().split('\n').length >= 60, 'at least 60 faults')
  const json = cli(['serve', '--list-faults', '--json'])
  const faults = JSON.parse(json.stdout) as Array<{ name: string; checks: string[] }>
  t.ok(
    faults.every((f) => f.checks.length > 0),
    'each names the checks that must catch it',
  )
})

t.test('CLI-SERVE-05: --variant switches a legal variant on and says so', async (t) => {
  const s = serveProcess(['--variant', 'backend-services-only'])
  const url = await s.url
  const conf = (await (await fetch(`${url}.well-known/smart-configuration`)).json()) as Record<string, unknown>
  t.equal(conf.authorization_endpoint, undefined, 'no authorization endpoint')
  t.same(conf.grant_types_supported, ['client_credentials'])
  s.child.kill('SIGTERM')
  t.equal(await s.stopped, 0)
  t.match(s.stderr(), /variants on: backend-services-only/)
})

// Bad --tls-cert/--tls-key/--ca-file values are in test/cli/bad-input.test.ts's table.
t.test('CLI-SERVE-06: --tls serves HTTPS with a certificate the run trusts through --ca-file; SD-18 judges it', async (t) => {
  const dir = t.testdir({
    'clients.json': JSON.stringify({ clients: [{ client_id: 'ci', client_secret: 'a-secret-of-length', scope: 'system/*.cruds' }] }),
  })
  const s = serveProcess(['--tls', '--auth-config', join(dir, 'clients.json')])
  const url = await s.url
  t.match(url, /^https:\/\/127\.0\.0\.1:\d+\/datastore\/local\/r4\/$/)
  while (!/--ca-file (\S+)/.test(s.stderr())) await new Promise((r) => setTimeout(r, 50))
  const caFile = /--ca-file (\S+)/.exec(s.stderr())![1]!
  const trusted = await cliRun(['conform', '--target', url, '--suite', 'smart-discovery', '--grep', 'SD-18', '--out', join(dir, 'trusted')], { SHORELINE_CA_FILE: caFile })
  t.equal(trusted.code, 0, trusted.stderr)
  t.match(trusted.stderr, /ok\s+SD-18/)
  const untrusted = await cliRun(['conform', '--target', url, '--suite', 'smart-discovery', '--out', join(dir, 'untrusted')])
  t.equal(untrusted.code, 3, 'the certificate is not trusted: the target cannot be reached')
  t.match(untrusted.stderr, /its TLS certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT.*pass --ca-file/)
  const load = await cliRun(
    ['load', '--scenario', 'fhir-api-mix', '--target', url, '--ca-file', caFile, '--auth', 'client-secret', '--client-id', 'ci', '--duration', '1s', '--out', join(dir, 'load')],
    {
      SHORELINE_CLIENT_SECRET: 'a-secret-of-length',
    },
  )
  const summary = JSON.parse(readFileSync(join(dir, 'load', 'summary.json'), 'utf8')) as { metrics: Record<string, { values: Record<string, number> }> }
  t.ok(summary.metrics.http_reqs!.values.count! > 0 && summary.metrics.http_req_failed!.values.rate === 0, `the built-in engine reached the target over TLS (exit ${load.code})`)
  s.child.kill('SIGTERM')
  t.equal(await s.stopped, 0)
  t.notOk(existsSync(caFile), 'the certificate file goes when the server stops')
})
