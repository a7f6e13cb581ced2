// The runner says who is at fault: an unmet expectation fails (SHALL) or warns, a missing
// precondition skips, an unreachable target fails with the reason, and anything else the check
// throws is `error` — shown everywhere results go, and never a verdict on the target.
import t from 'tap'
import { conformanceVerdict, runChecks, toTap } from '../../suites/runner.js'
import { expect, skip, type Check } from '../../suites/check.js'
import { parseBody } from '../../suites/expect.js'
import { expectStatus, searchIds } from '../../suites/fhir.js'
import { CheckContext } from '../../suites/context.js'
import { TargetUnreachableError } from '../../lib/errors.js'
import { checkResults } from '../../lib/results/writer.js'
import { toJUnit } from '../../reports/junit.js'
import { toMarkdown } from '../../reports/markdown.js'
import { toHtml } from '../../reports/html.js'
import type { Results } from '../../lib/results/model.js'

const check = (id: string, run: Check['run'], level: Check['level'] = 'SHALL'): Check & { suite: string } => ({
  id,
  title: `check ${id}`,
  description: '[spec](https://example.test/)',
  verifies: ['X-1'],
  level,
  suite: 'unit',
  run,
})

const CHECKS = [
  check('U-01', async () => undefined),
  check('U-02', async () => expect(false, 'expected `a` to be `b`, got `c`')),
  check('U-03', async () => expect(false, 'a SHOULD rule'), 'SHOULD'),
  check('U-04', async () => skip('the target does not claim it')),
  check('U-05', async () => {
    throw new TargetUnreachableError('http://127.0.0.1:1 is not reachable (ECONNREFUSED)')
  }),
  check('U-06', async () => {
    const body = undefined as unknown as { entry: unknown[] }
    return void body.entry.length
  }),
]

async function results() {
  const ctx = new CheckContext(undefined as never, { url: 'http://127.0.0.1:1/', profile: 'generic', auth: { kind: 'none' }, timeoutMs: 1000 })
  return runChecks(ctx, CHECKS)
}

t.test('RUNNER-01: each kind of end is its own outcome; a crash is error, not fail', async (t) => {
  const r = await results()
  t.same(
    r.map((x) => x.outcome),
    ['pass', 'fail', 'warn', 'skip', 'fail', 'error'],
  )
  t.match(r[4]?.message, /not reachable/, 'an unreachable target fails with the reason')
  t.match(r[5]?.message, /^the check itself failed \(not a verdict on the target\): .*entry/, 'the crash names itself as such')
})

t.test('RUNNER-02: exit 1 for a failed check, 70 when only a check broke, 0 otherwise', async (t) => {
  t.same(conformanceVerdict([{ outcome: 'pass' }, { outcome: 'skip' }, { outcome: 'warn' }]), { verdict: 'pass', exitCode: 0 })
  t.same(conformanceVerdict([{ outcome: 'pass' }, { outcome: 'error' }]), { verdict: 'error', exitCode: 70 })
  t.same(conformanceVerdict([{ outcome: 'fail' }, { outcome: 'error' }]), { verdict: 'fail', exitCode: 1 }, 'a verdict wins over a broken check')
})

t.test('RUNNER-03: error shows in results, TAP, JUnit, Markdown and HTML', async (t) => {
  const checks = await results()
  const { verdict } = conformanceVerdict(checks)
  const doc: Results = {
    schemaVersion: '1.0',
    kind: 'conformance',
    tool: { name: 'shoreline', version: '0.1.0' },
    run: { id: 'r', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:01Z', durationMs: 1000, argv: [] },
    target: { url: 'http://127.0.0.1:1/', profile: 'generic' },
    verdict,
    summary: { checks: checks.length },
    checks,
  }
  t.same(checkResults(doc), [], 'the results schema accepts outcome error')
  t.match(toTap(checks), /not ok 6 - U-06: check U-06\n {2}---\n {2}outcome: error\n/)
  const junit = toJUnit(doc)
  t.match(junit, /<testsuites [^>]*failures="2" errors="1"/)
  t.match(junit, /<testcase classname="unit" name="U-06: check U-06"[^>]*>\n {6}<error message="the check itself failed/)
  t.match(toMarkdown([doc]), /### Checks that broke \(not verdicts on the target\)\n\n- \*\*U-06\*\*/)
  t.match(await toHtml([doc]), /background:#111827">error<\/span> <b>U-06<\/b>/)
})

t.test('RUNNER-04: a response that is not JSON fails the check with what came, instead of crashing it', async (t) => {
  const ctx = new CheckContext(undefined as never, { url: 'http://127.0.0.1:1/', profile: 'generic', auth: { kind: 'none' }, timeoutMs: 1000 })
  const [html, empty, ok] = await runChecks(ctx, [
    check('U-10', async () => void parseBody<{ id: string }>('<html><body>Gateway Timeout</body></html>', 'the read').id),
    check('U-11', async () => void parseBody('', 'the search')),
    check('U-12', async () => expect(parseBody<{ id: string }>('{"id":"x"}').id === 'x', 'id')),
  ])
  t.equal(html?.outcome, 'fail')
  t.equal(html?.message, 'expected JSON in the read, got `<html><body>Gateway Timeout</body></html>`')
  t.equal(empty?.message, 'expected JSON in the search, got an empty body')
  t.equal(ok?.outcome, 'pass')
})

t.test('RUNNER-05: a check whose needs the target does not claim skips with the reason; an unreadable claim does not skip', async (t) => {
  const { startServer } = await import('../../server/http/server.js')
  const { TargetClient } = await import('../../lib/target/client.js')
  const s = await startServer({ variants: ['no-update-create', 'no-introspection-revocation'] })
  const config = { url: s.url, profile: 'generic' as const, auth: { kind: 'none' as const }, timeoutMs: 5000 }
  const client = new TargetClient(config, { maxAttempts: 1 })
  try {
    const ran: string[] = []
    const needing = (id: string, needs: Check['needs']) => ({ ...check(id, async () => void ran.push(id)), needs })
    const out = await runChecks(new CheckContext(client, config), [
      needing('N-01', [{ flag: 'updateCreate', type: 'Patient' }]),
      needing('N-02', [{ interaction: 'read', type: 'Patient' }, { system: 'transaction' }]),
      needing('N-03', [{ interaction: 'read', type: 'ShorelineNoSuchType' }]),
      needing('N-04', [{ searchParam: 'family', type: 'Patient' }]),
      needing('N-05', [{ endpoint: 'introspection_endpoint' }]),
    ])
    t.same(
      out.map((r) => [r.id, r.outcome]),
      [
        ['N-01', 'skip'],
        ['N-02', 'pass'],
        ['N-03', 'skip'],
        ['N-04', 'pass'],
        ['N-05', 'pass'],
      ],
    )
    t.equal(out[0]?.message, 'not claimed by the target: the CapabilityStatement declares updateCreate false on Patient')
    t.equal(out[2]?.message, 'not claimed by the target: the CapabilityStatement declares no ShorelineNoSuchType resource')
    // No SMART configuration at all (auth none): the endpoint claim is unknown, so N-05 runs and speaks for itself.
    t.same(ran, ['N-02', 'N-04', 'N-05'])
  } finally {
    await client.close()
    await s.close()
  }
})

t.test('RUNNER-06: expectStatus says what came; searchIds follows every page and keeps matches only; a 200 that is not JSON fails', async (t) => {
  const { startServer } = await import('../../server/http/server.js')
  const { TargetClient } = await import('../../lib/target/client.js')
  const { Unmet } = await import('../../suites/expect.js')
  const s = await startServer({})
  const config = { url: s.url, profile: 'generic' as const, auth: { kind: 'none' as const }, timeoutMs: 5000 }
  const client = new TargetClient(config, { maxAttempts: 1 })
  try {
    const ctx = new CheckContext(client, config)
    for (let i = 0; i < 5; i++) await client.request('POST', 'Patient', { body: { resourceType: 'Patient', gender: 'female' } })
    const p = await client.request('POST', 'Patient', { body: { resourceType: 'Patient', gender: 'male' } })
    await client.request('POST', 'Observation', {
      body: { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: p.headers.location!.split('/_history')[0]!.replace(s.url, '') } },
    })
    const ids = await searchIds(ctx, 'females', 'Patient?gender=female&_count=2')
    t.equal(ids.length, 5, 'five matches over three pages')
    t.ok(ids.every((r) => r.startsWith('Patient/')))
    const withIncludes = await searchIds(ctx, 'obs', 'Observation?_include=Observation:subject')
    t.same(
      withIncludes.map((r) => r.split('/')[0]),
      ['Observation'],
      'the included Patient is not a match',
    )
    const missing = await ctx.exchange('missing', 'GET', 'Patient/no-such-id')
    t.throws(() => expectStatus(missing, 200), new Unmet('x'), 'an unmet expectation')
    try {
      expectStatus(missing, 200)
    } catch (err) {
      t.match((err as Error).message, /^expected HTTP 200 from `missing`, got HTTP 404 \{"resourceType":"OperationOutcome"/)
    }
    const notJson = { name: 'n', request: { method: 'GET', url: 'x', headers: {} }, response: { status: 200, headers: {}, body: '<html>', durationMs: 1 } }
    t.throws(() => parseBody(notJson.response.body, 'the `n` response'), { message: 'expected JSON in the `n` response, got `<html>`' })
  } finally {
    await client.close()
    await s.close()
  }
})

t.test('RUNNER-07: every exchange a check made is kept; past its first 25, bodies are cut shorter', async (t) => {
  const ctx = new CheckContext(undefined as never, { url: 'http://127.0.0.1:1/', profile: 'generic', auth: { kind: 'none' }, timeoutMs: 1000 })
  const body = `{"resourceType":"Bundle","entry":[${'{"x":1},'.repeat(1000)}{}]}`
  const [r] = await runChecks(ctx, [
    check('U-20', async (c) => {
      for (let i = 0; i < 150; i++)
        c.touched.push({
          name: `q-${i}`,
          request: { method: 'GET', url: `http://127.0.0.1:1/Patient?_id=p${i}`, headers: {} },
          response: { status: 200, headers: {}, body, durationMs: 1 },
        })
    }),
  ])
  const ex = r?.exchanges ?? []
  t.equal(ex.length, 150, 'all 150 kept, with their requests and statuses')
  t.ok(
    ex.slice(0, 25).every((e) => (e.response?.body ?? '').startsWith(body.slice(0, 4000)) && (e.response?.body ?? '').length < 4040),
    'the first 25 keep 4,000 characters',
  )
  t.ok(
    ex.slice(25).every((e) => (e.response?.body ?? '').startsWith(body.slice(0, 400)) && (e.response?.body ?? '').length < 440),
    'the rest keep 400',
  )
  t.match(ex[149]?.response?.body, new RegExp(`\\(${body.length} characters\\)$`), 'and say how long the body was')
})
