// `shoreline conform` as a user runs it: results.json, junit.xml, TAP; a fault turns the verdict;
// a target that is down fails checks with the reason instead of crashing.
import t from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cli, cliAsync, cliRun, notPassed } from '../helpers.js'
import { selfSignedCertificate } from '../../server/http/listener.js'
import { startServer } from '../../server/http/server.js'
import { loadDataset } from '../../server/store/preload.js'
import { generatorLexicon } from '../../cli/nlp-lexicon.js'
import { CURRENT } from '../../server/store/store.js'
import { allChecks } from '../../suites/registry.js'
import { writeFileSync } from 'node:fs'
import { exportJWK, generateKeyPair } from 'jose'
import { referenceLambda } from '../../server/auth/reference-lambda.js'
import type { TokenValidator } from '../../server/auth/lambda.js'

const total = allChecks().length

t.test('CLI-CONFORM-01: green against the reference server (backend-services client, dataset corpus); results.json, junit.xml and TAP', async (t) => {
  const dir = t.testdir({})
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true })
  const keyFile = join(dir, 'key.json')
  writeFileSync(keyFile, JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'ci-1', alg: 'ES384' }))
  t.equal(cli(['generate', '--patients', '1', '--invalid', '--no-bundles', '--workers', '1', '--quiet', '--out', join(dir, 'data')]).code, 0)
  // The example token-validator Lambda, trusting a test identity provider whose key signs the suite's
  // tokens; the data store trusts that provider too (HL-46 sends its tokens to the FHIR API).
  const idp = await generateKeyPair('RS256', { extractable: true })
  const idpJwks = { keys: [{ ...(await exportJWK(idp.publicKey)), kid: 'idp-1', alg: 'RS256' }] }
  // Over HTTPS, as HealthLake serves, with a certificate the run trusts through --ca-file (SD-18 judges the TLS).
  const tls = await selfSignedCertificate(['127.0.0.1'])
  writeFileSync(join(dir, 'ca.pem'), tls.cert)
  const target = await startServer({
    tls,
    auth: 'smart',
    retryAfterSeconds: 0,
    nlp: { lexicon: generatorLexicon(), delayMs: 50 },
    alsoTrusted: { issuer: 'https://idp.test/', validator: referenceLambda({ jwks: idpJwks as never, issuer: 'https://idp.test/' }) as TokenValidator },
    authConfig: {
      clients: [
        { client_id: 'ci', jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'ci-1', alg: 'ES384' }] }, scope: 'system/*.cruds system/*.read' },
        {
          client_id: 'ci-app',
          redirect_uris: ['http://127.0.0.1:9/callback'],
          scope: 'openid fhirUser launch/patient patient/*.rs offline_access',
          launch: { fhirUser: 'Practitioner/ci-doc', fhirContext: [{ reference: 'Practitioner/ci-doc' }] },
        },
        // A confidential app (AU-04), its secret given to conform in the environment.
        { client_id: 'ci-confidential-app', client_secret: 'ci-confidential-secret-0042', redirect_uris: ['http://127.0.0.1:9/callback'], scope: 'launch/patient patient/*.rs' },
      ],
    },
  })
  t.teardown(() => target.close())
  // A data store under test holds patients before the run: the app's headless launch picks the
  // first one, which no check deletes (on an empty store it could pick one a writing check removes
  // before AU-63 reads it, and AU-63 would skip). The run seeds the same records again, unchanged.
  await loadDataset(target.store, join(dir, 'data'))
  const idpKey = join(dir, 'idp.jwk.json')
  writeFileSync(idpKey, JSON.stringify({ ...(await exportJWK(idp.privateKey)), kid: 'idp-1', alg: 'RS256' }))
  const lambdaEnv = {
    JWKS_JSON: JSON.stringify(idpJwks),
    ISSUER: 'https://idp.test/',
    ROLE_ARN: 'arn:aws:iam::123456789012:role/healthlake-smart',
  }
  const lambdaFlags = ['--lambda-handler', 'examples/lambda-token-validator/index.mjs', '--lambda-key', idpKey, '--lambda-issuer', 'https://idp.test/']
  const out = join(dir, 'out')
  const r = await cliRun(
    [
      'conform',
      '--target',
      target.url,
      '--ca-file',
      join(dir, 'ca.pem'),
      '--out',
      out,
      '--auth',
      'backend',
      '--client-id',
      'ci',
      '--key-file',
      keyFile,
      '--data',
      join(dir, 'data'),
      '--app-client-id',
      'ci-app',
      '--app-redirect-uri',
      'http://127.0.0.1:9/callback',
      '--confidential-client-id',
      'ci-confidential-app',
      '--nlp',
      '--nlp-budget',
      '30',
      ...lambdaFlags,
    ],
    { ...lambdaEnv, SHORELINE_CONFIDENTIAL_CLIENT_SECRET: 'ci-confidential-secret-0042' },
  )
  t.equal(r.code, 0, notPassed(r.stderr))
  t.match(r.stdout, new RegExp(`${total} checks: \\d+ passed, 0 failed, 0 warnings, \\d+ skipped`))
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
  t.equal(results.kind, 'conformance')
  t.equal(results.checks.length, total)
  // One patient's record: the us-core checks of profiles it holds nothing of skip, saying so; nothing else does.
  type Result = { id: string; suite: string; outcome: string; message?: string; exchanges: unknown[] }
  const skipped = (results.checks as Result[]).filter((c) => c.outcome === 'skip')
  t.same(
    skipped.filter((c) => !(c.suite === 'us-core' && /the dataset holds no/.test(c.message ?? ''))).map((c) => `${c.id}: ${c.message}`),
    [],
    `every check passes but ${skipped.length} us-core checks of profiles the one-patient dataset lacks`,
  )
  const bare = (results.checks as Result[]).filter((c) => c.exchanges.length === 0 && c.suite !== 'healthlake-lambda' && c.outcome !== 'skip').map((c) => c.id)
  t.same(bare, [], 'each HTTP check carries the exchanges it inspected')
  t.notMatch(readFileSync(join(out, 'results.json'), 'utf8'), /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./, 'no token or assertion is written')
  t.match(readFileSync(join(out, 'results.json'), 'utf8'), /\?code=\[REDACTED\]&state=/, 'the authorization codes the app client was redirected with are redacted')
  t.notMatch(readFileSync(join(out, 'results.json'), 'utf8'), /[?&]code=(?!\[REDACTED\])[^&"\s]+&state=/, 'no authorization code is written')
  const left = target.store.db.prepare(`SELECT count(*) AS n FROM ${CURRENT} WHERE r.deleted = 0 AND h.json LIKE '%conformance-run%'`).get() as { n: number }
  t.equal(left.n, 0, 'the writing checks cleaned up after themselves')
  const junit = readFileSync(join(out, 'junit.xml'), 'utf8')
  t.equal(junit.match(/<testcase /g)?.length, total)
  const trust = { SHORELINE_CA_FILE: join(dir, 'ca.pem') }
  const readOnly = await cliRun(['conform', '--target', target.url, '--out', join(dir, 'ro'), '--read-only', '--suite', 'transactions'], trust)
  t.match(readOnly.stderr, /skip TX-03 .*--read-only/)
  const tap = await cliRun(['conform', '--target', target.url, '--out', out, '--tap', '--suite', 'capability'], trust)
  const capability = allChecks().filter((c) => c.suite === 'capability').length
  t.ok(tap.stdout.startsWith(`TAP version 14\n1..${capability}\nok 1 - CS-01`), `TAP 14 with a plan of the suite's ${capability} checks`)
})

t.test('CLI-CONFORM-02: a fault fails its checks (exit 1) and the failure names what was received', async (t) => {
  const target = await startServer({ auth: 'smart', faults: ['discovery-plain-pkce'] })
  t.teardown(() => target.close())
  const out = t.testdir({})
  const r = await cliRun(['conform', '--target', target.url, '--out', out, '--suite', 'smart-discovery'])
  t.equal(r.code, 1)
  t.match(r.stderr, /FAIL SD-07 .* expected `code_challenge_methods_supported` not to include `plain`, got `\["S256","plain"\]`/)
  t.match(readFileSync(join(out, 'junit.xml'), 'utf8'), /<failure message="expected `code_challenge_methods_supported` not to include `plain`/)
})

t.test('CLI-CONFORM-03: a target that is down is one line and exit 3 before any check; bad flags exit 2; --list', async (t) => {
  const out = join(t.testdir({}), 'never')
  const down = await cliRun(['conform', '--target', 'http://127.0.0.1:1/datastore/x/r4/', '--out', out, '--suite', 'capability'])
  t.equal(down.code, 3)
  t.equal(down.stderr.trim().split('\n').length, 1, down.stderr)
  t.match(down.stderr, /http:\/\/127\.0\.0\.1:1\/datastore\/x\/r4\/metadata: .*not reachable \(ECONNREFUSED\); no check was run/)
  // A CI job still gets its artefacts: every check marked not run, with why.
  const never = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { verdict: string; checks: Array<{ outcome: string; message: string }> }
  t.equal(never.verdict, 'error', 'results.json: the run could not start')
  t.ok(
    never.checks.length > 0 && never.checks.every((c) => c.outcome === 'skip' && /^not run: the target did not answer: .*ECONNREFUSED/.test(c.message)),
    'every check not run, saying why',
  )
  t.ok(existsSync(join(out, 'junit.xml')), 'junit.xml written')
  const bad = cli(['conform', '--target', 'http://127.0.0.1:1/', '--suite', 'nope'])
  t.equal(bad.code, 2)
  t.match(bad.stderr, /unknown suite nope/)
  const half = cli(['conform', '--target', 'http://127.0.0.1:1/', '--app-client-id', 'app'])
  t.equal(half.code, 2)
  t.equal(half.stderr.trim(), 'shoreline: error: --app-client-id and --app-redirect-uri go together (the client and a redirect URI registered for it)')
  const list = cli(['conform', '--list'])
  t.equal(list.code, 0)
  t.equal(list.stdout.trim().split('\n').length, total)
  t.match(list.stdout, /SD-07 +SHALL +smart-discovery +PKCE: S256 offered, plain not \[SMART-WK-6\] suites\/smart-discovery\/SD-07-pkce-s256-only\.ts\n/)
  t.match(list.stdout, /HL-11 .* suites\/import\/HL-11-counters\.ts\n/, "a check whose id prefix is not its folder's is found by its file")
})

t.test('CLI-CONFORM-04: a deviation the profile documents is reported as such, with its reference; without the profile it fails', async (t) => {
  const target = await startServer({ faults: ['search-string-case-sensitive'] })
  t.teardown(() => target.close())
  const out = t.testdir({})
  const hl = await cliRun(['conform', '--target', target.url, '--out', out, '--grep', '^SE-28$', '--target-profile', 'healthlake'])
  t.equal(hl.code, 0, 'a documented deviation does not fail the run')
  t.notMatch(hl.stderr, /deprecated/)
  t.match(
    hl.stderr,
    /dev +SE-28 .*deviation \(documented\): HealthLake documents string search as case-sensitive \(https:\/\/docs\.aws\.amazon\.com\/healthlake\/latest\/devguide\/reference-fhir-search-parameters\.html\); observed: expected/,
  )
  t.match(hl.stdout, /1 documented deviations/)
  const [r] = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).checks
  t.equal(r.outcome, 'deviation')
  t.match(r.deviation.reference, /reference-fhir-search-parameters/)
  const generic = await cliRun(['conform', '--target', target.url, '--out', out, '--grep', '^SE-28$', '--target-profile', 'generic'])
  t.equal(generic.code, 1, 'the same observation fails under the generic profile')
  const old = await cliRun(['conform', '--target', target.url, '--out', out, '--grep', '^SE-28$', '--profile', 'healthlake'])
  t.equal(old.code, 0, 'the old spelling --profile still names the target profile')
  t.match(old.stderr, /^shoreline: --profile is deprecated on conform; use --target-profile \(the old spelling goes in the next release\)\n/)
})

t.test('CLI-CONFORM-05: the requirement coverage table in docs is what --coverage generates', async (t) => {
  const r = cli(['conform', '--coverage'])
  t.equal(r.code, 0)
  t.equal(
    readFileSync(new URL('../../docs/conformance-coverage.md', import.meta.url), 'utf8'),
    r.stdout,
    'docs/conformance-coverage.md is current (regenerate: npx shoreline conform --coverage > docs/conformance-coverage.md)',
  )
  t.match(r.stdout, /\| SMART-BS-6 \| .* \| AU-28, AU-30, AU-32 \|/)
})

t.test('CLI-CONFORM-05b: a note on a catalogue row without a check names a row that has none (a check added retires its note)', async (t) => {
  const { COVERAGE_NOTES } = await import('../../suites/coverage-notes.js')
  const catalogue = readFileSync(new URL('../../docs/conformance-catalogue.md', import.meta.url), 'utf8')
  const ids = new Set(allChecks().map((c) => c.id))
  for (const id of Object.keys(COVERAGE_NOTES)) {
    t.match(catalogue, new RegExp(`^- ${id} \\[`, 'm'), `${id} is a catalogue row`)
    t.notOk(ids.has(id), `${id} has no check of its own`)
  }
})

t.test('CLI-CONFORM-06: no token material in any file written or line printed, even when a failure quotes a token response', async (t) => {
  const dir = t.testdir({})
  const { privateKey, publicKey } = await generateKeyPair('RS384', { extractable: true })
  const keyFile = join(dir, 'key.json')
  writeFileSync(keyFile, JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'c-1', alg: 'RS384' }))
  // token-aud-ignored grants a token to an assertion for another audience: AU-33 fails quoting the
  // token response, access_token and all. AU-25 and AU-26 print the issued token's fields.
  const target = await startServer({
    auth: 'smart',
    faults: ['token-aud-ignored'],
    authConfig: { clients: [{ client_id: 'c', jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'c-1', alg: 'RS384' }] }, scope: 'system/*.rs' }] },
  })
  t.teardown(() => target.close())
  const out = join(dir, 'out')
  const args = [
    'conform',
    '--target',
    target.url,
    '--auth',
    'backend',
    '--client-id',
    'c',
    '--key-file',
    keyFile,
    '--scope',
    'system/*.rs',
    '--grep',
    '^AU-(25|26|33)$',
    '--out',
    out,
  ]
  const r = await cliRun(args)
  t.equal(r.code, 1, 'AU-33 fails')
  t.match(readFileSync(join(out, 'results.json'), 'utf8'), /"AU-33"[\s\S]*"outcome": "fail"[\s\S]*access_token/, 'the failure quotes the token response')
  const tap = await cliRun([...args, '--tap'])
  const JWT = /eyJ[A-Za-z0-9_-]{8,}/
  for (const [where, text] of [
    ['results.json', readFileSync(join(out, 'results.json'), 'utf8')],
    ['junit.xml', readFileSync(join(out, 'junit.xml'), 'utf8')],
    ['stdout', r.stdout],
    ['stderr', r.stderr],
    ['TAP on stdout', tap.stdout],
  ] as const)
    t.notMatch(text, JWT, `no token (or piece of one) in ${where}`)
})

t.test(
  "CLI-CONFORM-12: the healthlake profile reads the data store's CreatedAt: a store from before 2023-06-01 skips the export-status check, saying why; a newer one runs it",
  async (t) => {
    const old = await startServer({ createdAt: Date.parse('2023-01-15T00:00:00Z'), datastoreId: 'dsold' })
    t.teardown(() => old.close())
    const out = t.testdir({})
    const r = await cliRun(['conform', '--target', old.url, '--out', out, '--grep', '^HL-16$', '--target-profile', 'healthlake'])
    t.equal(r.code, 0, notPassed(r.stderr))
    const [check] = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).checks
    t.equal(check.outcome, 'skip')
    t.match(check.message, /created 2023-01-15, before 2023-06-01: it lacks Patient- and Group-level \$export and export status on the data-store endpoint/)
    t.equal((await fetch(`${old.url}Patient/$export`, { headers: { prefer: 'respond-async' } })).status, 400, 'and the stand-in behaves like such a store')
    const current = await startServer({ datastoreId: 'dsnew' })
    t.teardown(() => current.close())
    const out2 = join(out, 'current')
    const n = await cliRun(['conform', '--target', current.url, '--out', out2, '--grep', '^HL-16$', '--target-profile', 'healthlake'])
    t.equal(JSON.parse(readFileSync(join(out2, 'results.json'), 'utf8')).checks[0].outcome, 'pass', n.stderr)
  },
)

t.test(
  'CLI-CONFORM-13: clean-up: the healthlake profile erases what the run wrote (no version left); --cleanup delete leaves deleted versions; keep leaves them live',
  async (t) => {
    const target = await startServer({ datastoreId: 'dsclean' })
    t.teardown(() => target.close())
    const rows = (table: 'resources' | 'history') => (target.store.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE type = 'Patient'`).get() as { n: number }).n
    const run = (...extra: string[]) => cliRun(['conform', '--target', target.url, '--out', t.testdir({}), '--grep', '^TX-03$', ...extra])
    const erased = await run('--target-profile', 'healthlake')
    t.equal(erased.code, 0, erased.stderr)
    t.match(erased.stderr, /clean-up \(erase\): [1-9]\d* resources the run wrote removed/)
    t.equal(rows('resources') + rows('history'), 0, 'nothing of what the run wrote is left, not even history')
    const deleted = await run('--cleanup', 'delete')
    t.match(deleted.stderr, /clean-up \(delete\): [1-9]\d* resources the run wrote removed/)
    t.ok(rows('history') > 0, 'delete leaves the versions behind')
    t.equal((target.store.db.prepare("SELECT count(*) AS n FROM resources WHERE type = 'Patient' AND deleted = 0").get() as { n: number }).n, 0)
    const kept = await run('--cleanup', 'keep')
    t.match(kept.stderr, /clean-up \(keep\): 0 resources the run wrote removed, [1-9]\d* kept/)
    t.ok((target.store.db.prepare("SELECT count(*) AS n FROM resources WHERE type = 'Patient' AND deleted = 0").get() as { n: number }).n > 0, 'keep leaves them live')
  },
)

t.test("CLI-CONFORM-14: the README's Lambda command needs no --target: the handler's endpoint stands in for it", async (t) => {
  const dir = t.testdir({})
  const idp = await generateKeyPair('RS256', { extractable: true })
  const idpKey = join(dir, 'idp.jwk.json')
  writeFileSync(idpKey, JSON.stringify({ ...(await exportJWK(idp.privateKey)), kid: 'idp-1', alg: 'RS256' }))
  const env = {
    JWKS_JSON: JSON.stringify({ keys: [{ ...(await exportJWK(idp.publicKey)), kid: 'idp-1', alg: 'RS256' }] }),
    ISSUER: 'https://idp.example.com/',
    ROLE_ARN: 'arn:aws:iam::123456789012:role/healthlake-smart',
    SHORELINE_TARGET: '',
  }
  const out = join(dir, 'out')
  const r = await cliRun(
    [
      ...['conform', '--suite', 'healthlake-lambda', '--lambda-handler', 'examples/lambda-token-validator/index.mjs', '--lambda-key', idpKey],
      ...[
        '--lambda-issuer',
        'https://idp.example.com/',
        '--lambda-endpoint',
        'https://healthlake.us-east-1.amazonaws.com/datastore/0123456789abcdef0123456789abcdef/r4/',
        '--out',
        out,
      ],
    ],
    env,
  )
  t.equal(r.code, 0, notPassed(r.stderr))
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { checks: Array<{ id: string; outcome: string }> }
  t.ok(results.checks.length >= 10)
  const skipped = results.checks.filter((c) => c.outcome !== 'pass')
  t.same(
    skipped.map((c) => `${c.id} ${c.outcome}`).sort(),
    ['HL-04 skip', 'HL-46 skip'],
    'every Lambda check passes against the example handler; HL-46 and HL-04, which need a FHIR API that trusts the key, skip',
  )
})

t.test('CLI-CONFORM-15: Ctrl-C mid-run writes results.json and junit.xml at once (finished checks, the rest marked not run) and exits 130', async (t) => {
  // Search a minute behind writes, and checks willing to wait two: the run is surely still going when Ctrl-C comes.
  const target = await startServer({ auth: 'none', variants: ['eventual-search'], indexLagMs: 600_000 })
  t.teardown(() => target.close())
  const out = join(t.testdir({}), 'out')
  const child = cliAsync(['conform', '--target', target.url, '--suite', 'capability,search', '--settle', '120', '--out', out])
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  // Interrupt once a check has finished (its line is the readiness signal, not a timer).
  await new Promise<void>((resolve) => {
    const check = () => (/^ok +\w+-\d+ /m.test(stderr) ? resolve() : setTimeout(check, 50))
    check()
  })
  const sent = performance.now()
  child.kill('SIGINT')
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)))
  t.equal(code, 130, stderr.slice(-300))
  t.ok(performance.now() - sent < 10_000, `stopped in ${Math.round(performance.now() - sent)} ms`)
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { verdict: string; checks: Array<{ outcome: string; message?: string }> }
  t.equal(results.verdict, 'error')
  t.ok(
    results.checks.some((c) => c.outcome === 'pass'),
    'the finished checks are there',
  )
  t.ok(
    results.checks.some((c) => c.message === 'not run: the run was interrupted'),
    'the rest are marked',
  )
  t.ok(existsSync(join(out, 'junit.xml')), 'junit.xml too')
})
