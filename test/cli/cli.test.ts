import t, { type Test } from 'tap'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cli, cliAsync } from '../helpers.js'

const oneLine = (t: Test, stderr: string) => {
  const lines = stderr.trim().split('\n')
  t.equal(lines.length, 1, `one line on stderr: ${JSON.stringify(stderr)}`)
  t.notMatch(stderr, /\bat .+:\d+:\d+/, 'no stack trace')
}

t.test('CLI-01: --help lists the commands, --version prints the version', async (t) => {
  const help = cli(['--help'])
  t.equal(help.code, 0)
  t.match(help.stdout, /generate/)
  t.match(help.stdout, /validate/)
  t.match(
    help.stdout.replace(/\s+/g, ' '),
    /Exit codes: 0 ok · 1 a verdict failed · 2 usage or input error · 3 target unreachable or credentials refused · 4 --max-duration reached \(partial results written\) · 70 internal error · 99 thresholds crossed · 104 .* · 130 interrupted/,
  )
  const sub = cli(['generate', '--help'])
  t.equal(sub.code, 0)
  t.match(sub.stdout, /--patients/)
  const v = cli(['--version'])
  t.equal(v.code, 0)
  t.equal(v.stdout.trim(), JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version)
})

t.test('CLI-02: unknown command, unknown option, no command: one line, exit 2', async (t) => {
  for (const args of [['frobnicate'], ['generate', '--patiens', '3'], []]) {
    const r = cli(args)
    t.equal(r.code, 2, `exit 2 for ${JSON.stringify(args)}`)
    oneLine(t, r.stderr)
    t.match(r.stderr, /^shoreline: error: /)
  }
})

t.test('CLI-03: bad generate input: one line, exit 2, nothing written', async (t) => {
  const dir = t.testdir({ full: { 'keep.txt': 'mine' }, 'a-file': 'not a folder' })
  const cases: Array<[string[], RegExp]> = [
    [['--patients', '-1'], /--patients must be a whole number ≥ 1/],
    [['--patients', 'abc'], /--patients/],
    [['--shard', '5/3'], /--shard 5\/3: need 1 ≤ i ≤ n/],
    [['--shard', 'x'], /--shard must look like i\/n/],
    [['--reference-date', '2024-02-30'], /--reference-date must be a date/],
    [['--years', '0'], /--years/],
    [['--out', join(dir, 'full')], /is not empty; pass --force/],
    [['--out', join(dir, 'a-file', 'sub')], /cannot be written/],
    [['--no-bundles', '--no-ndjson'], /nothing to write/],
  ]
  for (const [args, message] of cases) {
    const out = args.includes('--out') ? [] : ['--out', join(dir, 'fresh')]
    const patients = args.includes('--patients') ? [] : ['--patients', '3']
    const r = cli(['generate', ...patients, ...out, ...args])
    t.equal(r.code, 2, `exit 2 for ${args.join(' ')}`)
    oneLine(t, r.stderr)
    t.match(r.stderr, message)
  }
  t.notOk(existsSync(join(dir, 'fresh')), 'no output folder was made')
  t.same(readdirSync(join(dir, 'full')), ['keep.txt'], 'the non-empty folder is untouched')
  t.same(readdirSync(dir).sort(), ['a-file', 'full'], 'no staging folder is left behind')
  const debug = cli(['generate', '--patients', '-1', '--debug', '--out', join(dir, 'fresh')])
  t.equal(debug.code, 2)
  t.match(debug.stderr, /\bat .+/, '--debug adds the stack')
})

t.test('CLI-04: --force replaces a folder atomically', async (t) => {
  const dir = t.testdir({ out: { 'old.txt': 'x' } })
  const r = cli(['generate', '--patients', '2', '--out', join(dir, 'out'), '--force', '--workers', '1'])
  t.equal(r.code, 0, r.stderr)
  t.notOk(existsSync(join(dir, 'out/old.txt')), 'old content is gone')
  t.ok(existsSync(join(dir, 'out/manifest.json')))
  t.same(readdirSync(dir), ['out'], 'nothing else left beside it')
})

t.test('CLI-05: SIGINT stops generate, exit 130, nothing half-written', async (t) => {
  const dir = t.testdir({})
  const child = cliAsync(['generate', '--patients', '200000', '--out', join(dir, 'big'), '--workers', '1'])
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  // Ready when the staging folder appears (the run is under way, its Ctrl-C handler in place): never a fixed
  // wait, which a busy machine can outlast before Node has even loaded the command.
  const until = Date.now() + 120_000
  while (readdirSync(dir).length === 0 && child.exitCode === null && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
  child.kill('SIGINT')
  const code = await new Promise<number | null>((r) => child.on('close', r))
  t.equal(code, 130, stderr)
  t.match(stderr, /interrupted; nothing was written/)
  t.same(readdirSync(dir), [], 'no output and no staging folder')
})

t.test('CLI-06: validate: bad path exit 2, malformed file reported, results written', async (t) => {
  const dir = t.testdir({
    'corrupt.ndjson.gz': 'not gzip',
    'broken.json': '{"resourceType": "Patient", ',
    'ok.json': JSON.stringify({ resourceType: 'Patient', id: 'p1', gender: 'female' }),
  })
  const missing = cli(['validate', join(dir, 'nope')])
  t.equal(missing.code, 2)
  oneLine(t, missing.stderr)
  t.match(missing.stderr, /no such file or folder/)
  const corrupt = cli(['validate', join(dir, 'corrupt.ndjson.gz')])
  t.equal(corrupt.code, 2, 'a file that is not gzip is an input error')
  oneLine(t, corrupt.stderr)
  t.match(corrupt.stderr, /corrupt\.ndjson\.gz: cannot read/)
  const ok = cli(['validate', join(dir, 'ok.json')])
  t.equal(ok.code, 0, ok.stdout + ok.stderr)
  const bad = cli(['validate', join(dir, 'broken.json'), '--results', join(dir, 'results.json')])
  t.equal(bad.code, 1)
  t.match(bad.stdout, /broken\.json \[json\]: not JSON/)
  const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))
  t.equal(results.kind, 'validate')
  t.equal(results.verdict, 'fail')
  t.equal(results.validation.invalid, 1)
})

t.test('CLI-07: generate writes its run into the results model (run.json)', async (t) => {
  const dir = t.testdir({})
  const r = cli(['generate', '--patients', '4', '--out', join(dir, 'd'), '--workers', '1', '--json'])
  t.equal(r.code, 0, r.stderr)
  const printed = JSON.parse(r.stdout)
  const run = JSON.parse(readFileSync(join(dir, 'd/run.json'), 'utf8'))
  t.same(printed, run, '--json prints the same results document')
  t.equal(run.schemaVersion, '1.0')
  t.equal(run.kind, 'generate')
  t.equal(run.dataset.patients, 4)
  t.ok(run.summary.resourcesPerSecond > 0)
})

t.test('CLI-08: a reader that closes the pipe early (| head) ends the output quietly: exit 0, no stack trace', async (t) => {
  const child = cliAsync(['conform', '--list'])
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  child.stdout.once('data', () => child.stdout.destroy())
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))
  t.equal(code, 0)
  t.equal(stderr, '', 'nothing on stderr')
})

t.test('CLI-09: nonsense values are one line, exit 2, naming the flag, before anything is written or sent', async (t) => {
  const dir = t.testdir({ 'sym.jwk': JSON.stringify({ kty: 'oct', k: 'c2VjcmV0LXN5bW1ldHJpYy1rZXk' }) })
  const out = join(dir, 'never')
  for (const [args, message] of [
    [['generate', '--patients', '1', '--out', join(dir, 'a'), '--out', join(dir, 'b')], /--out was given 2 times .*give it once/],
    [['load', '--scenario', 'fhir-api-mix', '--target', 'http://127.0.0.1:1/', '--duration', 'abc', '--out', out], /--duration must be a duration like 30s/],
    [['load', '--scenario', 'fhir-api-mix', '--target', 'http://127.0.0.1:1/', '--duration', '0s', '--out', out], /--duration must be between 1s and 168h/],
    [['load', '--scenario', 'fhir-api-mix', '--target', 'http://127.0.0.1:1/', '--duration', '99999h', '--out', out], /--duration must be between 1s and 168h/],
    [['report', 'diff', dir, dir, '--threshold', 'abc'], /--threshold must be a percentage/],
    [['import', '--target', 'http://127.0.0.1:1/r4/', '--data', dir, '--timeout', '-1', '--out', out], /--timeout must be seconds/],
    [['seed', '--target', 'http://127.0.0.1:1/r4/', '--data', dir, '--resume', '--out', out], /--resume: no checkpoint in/],
    [['conform', '--target', 'http://127.0.0.1:1/r4/', '--grep', '^HL-07$', '--out', join(dir, 'sym.jwk')], /a file is in the way of a folder: .*sym\.jwk/],
    [
      ['conform', '--target', 'http://127.0.0.1:1/r4/', '--auth', 'backend', '--client-id', 'x', '--key-file', join(dir, 'missing.jwk'), '--out', out],
      /--key-file .*cannot read the key file/,
    ],
    [
      ['conform', '--target', 'http://127.0.0.1:1/r4/', '--auth', 'backend', '--client-id', 'x', '--key-file', join(dir, 'sym.jwk'), '--out', out],
      /--key-file .*not a usable private JWK or PEM key/,
    ],
  ] as Array<[string[], RegExp]>) {
    const r = cli(args)
    t.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
    t.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
    t.match(r.stderr, message)
  }
  t.notOk(existsSync(out), 'no --out folder was created')
})
