// Every check is seen to pass against the reference server and to fail (or warn, for SHOULD/MAY)
// against a fault that breaks its rule (STYLE.md 5); the mutation test: every fault whose listed
// checks exist is caught by one of them saying what the fault names (a crash never counts); and
// specificity: under every legal variant no check fails or breaks, while each fault is still caught
// with some variant on.
import t from 'tap'
import { FAULTS, type FaultName } from '../../server/faults/catalogue.js'
import { VARIANTS, type VariantName } from '../../server/variants/catalogue.js'
import { startServer, type RunningServer } from '../../server/http/server.js'
import { TargetClient } from '../../lib/target/client.js'
import { CheckContext } from '../../suites/context.js'
import { allChecks } from '../../suites/registry.js'
import { runChecks, type CheckResult } from '../../suites/runner.js'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose'
import { referenceLambda } from '../../server/auth/reference-lambda.js'
import type { LambdaUnderTest } from '../../lib/lambda/harness.js'
import { cli } from '../helpers.js'

// SHORELINE_SELFTEST_IDS=AU-20,TX-02 narrows the run to those checks while one works on them.
const only = process.env.SHORELINE_SELFTEST_IDS?.split(',')
const checks = allChecks().filter((c) => !only || only.includes(c.id))
// SHORELINE_SELFTEST_VARIANTS=eventual-search narrows SUITE-05 to those variants.
const onlyVariants = process.env.SHORELINE_SELFTEST_VARIANTS?.split(',')
const implemented = new Set(checks.map((c) => c.id))

// The run's backend-services client: an RS384 key on disk, its public half registered at the target.
const keyDir = t.testdir({})
const keyFile = join(keyDir, 'client.jwk.json')
let publicJwk: Record<string, unknown>
const IDP_ISSUER = 'https://idp.shoreline.test/'
/** A public app client, approved headlessly by the reference server (AU-15). */
const APP = { clientId: 'conform-app', redirectUri: 'http://127.0.0.1:9/callback' }
const idp = {} as { privateKey: CryptoKey; publicJwk: Record<string, unknown> }
const dataset = join(keyDir, 'data')
t.before(async () => {
  const g = cli(['generate', '--patients', '1', '--invalid', '--no-bundles', '--workers', '1', '--quiet', '--out', dataset])
  if (g.code !== 0) throw new Error(g.stderr)
  const { privateKey, publicKey } = await generateKeyPair('RS384', { extractable: true })
  writeFileSync(keyFile, JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'conform-1', alg: 'RS384' }))
  publicJwk = { ...(await exportJWK(publicKey)), kid: 'conform-1', alg: 'RS384' }
  const pair = await generateKeyPair('RS256', { extractable: true })
  Object.assign(idp, { privateKey: pair.privateKey, publicJwk: { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'RS256' } })
})

async function run(faults: FaultName[], ids: string[], variants: VariantName[] = []): Promise<CheckResult[]> {
  const target: RunningServer = await startServer({
    auth: 'smart',
    faults,
    variants,
    // eventual-search: a lag well inside the checks' settle time (below), so waiting is short.
    indexLagMs: 400,
    retryAfterSeconds: 0,
    authConfig: {
      clients: [
        { client_id: 'conform', jwks: { keys: [publicJwk as never] }, scope: 'system/*.cruds system/*.read' },
        { client_id: 'conform-app', redirect_uris: [APP.redirectUri], scope: 'openid fhirUser launch/patient patient/*.rs', launch: { patient: 'st-1' } },
      ],
    },
  })
  // A little data for the export and search checks, written straight to the store.
  target.store.transaction(() => {
    for (const id of ['st-1', 'st-2']) target.store.put({ resourceType: 'Patient', id, name: [{ family: 'Selftest' }], gender: 'female' }, 'PUT')
    target.store.put({ resourceType: 'Observation', id: 'st-o1', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/st-1' } }, 'PUT')
  })
  // The healthlake-lambda suite's subject: the reference Lambda under the same faults, trusting a test IdP.
  const lambda: LambdaUnderTest = {
    invoke: referenceLambda({ jwks: { keys: [idp.publicJwk as never] }, issuer: IDP_ISSUER, faults: new Set(faults) }),
    key: idp.privateKey,
    alg: 'RS256',
    kid: 'idp-1',
    issuer: IDP_ISSUER,
    endpoint: target.url,
    source: 'reference',
  }
  const config = { url: target.url, profile: 'generic' as const, auth: { kind: 'backend' as const, clientId: 'conform', keyFile, scope: 'system/*.cruds' }, timeoutMs: 10_000 }
  const client = new TargetClient(config, { maxAttempts: 1 })
  try {
    return await runChecks(
      Object.assign(new CheckContext(client, config, dataset, lambda, true, APP), { settleMs: 2000 }),
      checks.filter((c) => ids.includes(c.id)),
    )
  } finally {
    await client.close()
    await target.close()
  }
}

t.test('SUITE-01: every check has a unique id, a spec link, requirement rows, and at least one fault that must fail it', async (t) => {
  t.equal(implemented.size, checks.length, 'ids are unique')
  const { readFileSync, readdirSync } = await import('node:fs')
  const dir = new URL('../../suites/requirements/', import.meta.url)
  const rows = new Set(
    readdirSync(dir).flatMap((f) =>
      readFileSync(new URL(f, dir), 'utf8')
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0])
        .filter(Boolean),
    ),
  )
  for (const c of checks) {
    t.match(c.description, /\]\(https?:\/\//, `${c.id} links its spec section`)
    t.ok(c.verifies.length > 0 && c.verifies.every((v) => rows.has(v)), `${c.id}'s requirement rows exist: ${c.verifies.join(', ')}`)
    t.ok(
      FAULTS.some((f) => f.checks.includes(c.id)),
      `${c.id} is listed under a fault`,
    )
  }
})

t.test('SUITE-02: against the clean reference server every check passes', async (t) => {
  const results = await run([], [...implemented])
  for (const r of results) t.equal(r.outcome, 'pass', `${r.id}: ${r.message ?? ''}`)
})

t.test('SUITE-03: each check fails under a fault that breaks its rule', async (t) => {
  for (const c of checks) {
    const faults = FAULTS.filter((f) => f.checks.includes(c.id))
    const outcomes: string[] = []
    for (const f of faults) {
      const [r] = await run([f.name], [c.id])
      if (!r) break
      outcomes.push(`${f.name}: ${r.outcome}`)
      if (r.outcome === (c.level === 'SHALL' ? 'fail' : 'warn')) break
    }
    t.ok(
      outcomes.some((o) => o.endsWith(c.level === 'SHALL' ? ': fail' : ': warn')),
      `${c.id} is seen to ${c.level === 'SHALL' ? 'fail' : 'warn'} (${outcomes.join('; ')})`,
    )
  }
})

t.test('SUITE-04: mutation test: every fault with implemented checks is caught by one of them', async (t) => {
  const covered = FAULTS.filter((f) => f.checks.some((id) => implemented.has(id)))
  for (const f of covered) {
    const results = await run(
      [f.name],
      f.checks.filter((id) => implemented.has(id)),
    )
    // Caught means: a listed check fails (or warns, for SHOULD/MAY) with the message the fault names.
    // A crash (error) never counts, nor a failure for another reason.
    const caught = results.filter((r) => (r.outcome === 'fail' || r.outcome === 'warn') && f.says.test(r.message ?? ''))
    t.ok(
      caught.length > 0,
      `${f.name} caught by ${caught.map((r) => r.id).join(', ') || 'nothing'} saying ${f.says} (${results.map((r) => `${r.id} ${r.outcome}: ${r.message ?? ''}`).join(' | ')})`,
    )
  }
  t.comment(`${covered.length} of ${FAULTS.length} faults have implemented checks; the others wait for their suites`)
})

t.test('SUITE-05: specificity: under every legal variant no check fails or breaks (pass, skip or warn only)', async (t) => {
  t.ok(VARIANTS.length >= 12, `${VARIANTS.length} variants`)
  for (const v of VARIANTS.filter((x) => !onlyVariants || onlyVariants.includes(x.name))) {
    const results = await run([], [...implemented], [v.name])
    const wrong = results.filter((r) => r.outcome === 'fail' || r.outcome === 'error')
    t.same(
      wrong.map((r) => `${r.id} ${r.outcome}: ${r.message ?? ''}`),
      [],
      `${v.name}: ${v.does}`,
    )
  }
})

t.test('SUITE-06: each fault is still caught with a legal variant on (variants do not hide the faults)', async (t) => {
  const covered = FAULTS.filter((f) => f.checks.some((id) => implemented.has(id)))
  const tried: string[] = []
  for (const [i, f] of covered.entries()) {
    // Variants in turn, a different one first for each fault, until one leaves the fault caught.
    const order = VARIANTS.map((_, k) => VARIANTS[(i + k) % VARIANTS.length]!.name)
    let caughtUnder: string | undefined
    for (const v of order) {
      const results = await run(
        [f.name],
        f.checks.filter((id) => implemented.has(id)),
        [v],
      )
      if (results.some((r) => (r.outcome === 'fail' || r.outcome === 'warn') && f.says.test(r.message ?? ''))) {
        caughtUnder = v
        break
      }
    }
    if (caughtUnder) tried.push(caughtUnder)
    t.ok(caughtUnder, `${f.name} caught under ${caughtUnder ?? 'no variant'}`)
  }
  t.ok(new Set(tried).size >= Math.min(VARIANTS.length, covered.length) - 1, `faults were caught under ${new Set(tried).size} different variants`)
})
