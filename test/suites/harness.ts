// The self-test's target and conform context: the reference server (with faults and variants)
// under SMART, a registered backend client with its key on disk, a headlessly approved app client, a
// one-patient dataset, and the reference Lambda trusting a test IdP. Shared by the self-test and the
// HealthLake preset test, so both judge the checks the same way.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose'
import type { FaultName } from '../../server/faults/catalogue.js'
import type { VariantName } from '../../server/variants/catalogue.js'
import { startServer, type RunningServer } from '../../server/http/server.js'
import { selfSignedCertificate, type TlsOptions } from '../../server/http/listener.js'
import { TargetClient } from '../../lib/target/client.js'
import { CheckContext } from '../../suites/context.js'
import type { Check } from '../../suites/check.js'
import { runSuites, type CheckResult } from '../../suites/runner.js'
import { referenceLambda } from '../../server/auth/reference-lambda.js'
import type { TokenValidator } from '../../server/auth/lambda.js'
import type { LambdaUnderTest } from '../../lib/lambda/harness.js'
import { PROFILES, withProfileHeaders, type TargetProfileName } from '../../profiles/index.js'
import type { TargetConfig } from '../../lib/target/config.js'
import { cli } from '../helpers.js'
import { loadDataset } from '../../server/store/preload.js'
import { generatorLexicon } from '../../cli/nlp-lexicon.js'

const IDP_ISSUER = 'https://idp.shoreline.test/'
const NLP_BUDGET_MS = 3000
/** A public app client, approved headlessly by the reference server (AU-15). */
const APP = { clientId: 'conform-app', redirectUri: 'http://127.0.0.1:9/callback' }
/** A confidential app with a client secret, approved headlessly too (AU-04). */
const CONFIDENTIAL_APP = { clientId: 'conform-confidential-app', redirectUri: APP.redirectUri, secret: 'selftest-confidential-secret-0123' }

export interface Harness {
  /** The reference server serves HTTPS with this self-signed certificate, which the run trusts (SD-18). */
  tls: TlsOptions
  keyFile: string
  publicJwk: Record<string, unknown>
  idp: { privateKey: CryptoKey; publicJwk: Record<string, unknown> }
  dataset: string
}

/** Keys and a dataset in `dir` (call once, in t.before). */
export async function prepareHarness(dir: string): Promise<Harness> {
  const dataset = join(dir, 'data')
  const g = cli(['generate', '--patients', '1', '--invalid', '--no-bundles', '--workers', '1', '--quiet', '--out', dataset])
  if (g.code !== 0) throw new Error(g.stderr)
  const keyFile = join(dir, 'client.jwk.json')
  const { privateKey, publicKey } = await generateKeyPair('RS384', { extractable: true })
  writeFileSync(keyFile, JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'conform-1', alg: 'RS384' }))
  const pair = await generateKeyPair('RS256', { extractable: true })
  return {
    tls: await selfSignedCertificate(['127.0.0.1', 'localhost']),
    keyFile,
    dataset,
    publicJwk: { ...(await exportJWK(publicKey)), kid: 'conform-1', alg: 'RS384' },
    idp: { privateKey: pair.privateKey, publicJwk: { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'RS256' } },
  }
}

export interface RunOptions {
  faults?: readonly FaultName[]
  variants?: readonly VariantName[]
  profile?: TargetProfileName
  /** Search index lag under eventual-search, ms (well inside settleMs). */
  indexLagMs?: number
  settleMs?: number
  /** Load the harness dataset straight into the store first (serve --load), and run as with --no-seed. */
  preload?: boolean
  /** Integrated NLP on (default): off where a suite does not need it and hundreds of notes would be enriched. */
  nlp?: boolean
}

/** The checks against a fresh reference server, judged under `profile` (generic by default). */
export async function runAgainst(h: Harness, checks: Array<Check & { suite: string }>, o: RunOptions = {}): Promise<CheckResult[]> {
  const faults = [...(o.faults ?? [])]
  const target: RunningServer = await startServer({
    // Over HTTPS, as HealthLake serves: the checks run as they would against it (SD-18 judges the TLS).
    tls: h.tls,
    auth: 'smart',
    faults,
    variants: [...(o.variants ?? [])],
    indexLagMs: o.indexLagMs ?? 400,
    retryAfterSeconds: 0,
    // Imports and large Bundles examined on the main thread: the verdicts do not depend on where
    // (test/server/import-threads.test.ts holds the threads to the same answers), and each thread
    // starts under the test runner's loader, which costs CPU in every one of the hundreds of
    // servers the self-tests start.
    prepareThreads: 0,
    // Integrated NLP on, quick: the nlp suite waits NLP_BUDGET_MS at most (a fault that stops enrichment costs that once).
    ...(o.nlp === false ? {} : { nlp: { lexicon: generatorLexicon(), delayMs: 50 } }),
    // The test IdP's tokens reach the FHIR API too (HL-46), through a Lambda that checks signature
    // and issuer and passes the claims through, leaving exp, nbf and aud to the data store.
    alsoTrusted: {
      issuer: IDP_ISSUER,
      validator: referenceLambda({ jwks: { keys: [h.idp.publicJwk as never] }, issuer: IDP_ISSUER, faults: new Set(['lambda-passes-claims-through']) }) as TokenValidator,
    },
    authConfig: {
      clients: [
        { client_id: 'conform', jwks: { keys: [h.publicJwk as never] }, scope: 'system/*.cruds system/*.read' },
        {
          client_id: CONFIDENTIAL_APP.clientId,
          client_secret: CONFIDENTIAL_APP.secret,
          redirect_uris: [APP.redirectUri],
          scope: 'launch/patient patient/*.rs',
          launch: { patient: 'st-1' },
        },
        {
          client_id: 'conform-app',
          redirect_uris: [APP.redirectUri],
          scope: 'openid fhirUser launch/patient patient/*.rs offline_access',
          launch: { patient: 'st-1', fhirContext: [{ reference: 'Observation/st-o1' }] },
        },
      ],
    },
  })
  // A little data for the export and search checks, written straight to the store.
  target.store.transaction(() => {
    for (const id of ['st-1', 'st-2']) target.store.put({ resourceType: 'Patient', id, name: [{ family: 'Selftest' }], gender: 'female' }, 'PUT')
    target.store.put({ resourceType: 'Observation', id: 'st-o1', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/st-1' } }, 'PUT')
  })
  if (o.preload) await loadDataset(target.store, h.dataset)
  // The healthlake-lambda suite's subject: the reference Lambda under the same faults, trusting a test IdP.
  const lambda: LambdaUnderTest = {
    invoke: referenceLambda({ jwks: { keys: [h.idp.publicJwk as never] }, issuer: IDP_ISSUER, faults: new Set(faults) }),
    key: h.idp.privateKey,
    alg: 'RS256',
    kid: 'idp-1',
    issuer: IDP_ISSUER,
    endpoint: target.url,
    source: 'reference',
  }
  const profile = o.profile ?? 'generic'
  const config: TargetConfig = withProfileHeaders({
    url: target.url,
    profile,
    auth: { kind: 'backend', clientId: 'conform', keyFile: h.keyFile, scope: 'system/*.cruds' },
    timeoutMs: 10_000,
    ca: h.tls.cert,
  })
  const client = new TargetClient(config, { maxAttempts: 1 })
  try {
    // As conform runs them: the suites side by side, each with a context of its own.
    const context = () =>
      Object.assign(new CheckContext(client, config, h.dataset, lambda, !o.preload, APP), {
        settleMs: o.settleMs ?? 2000,
        nlp: { budgetMs: NLP_BUDGET_MS, notes: 12, minF1: 0.8 },
        confidentialApp: CONFIDENTIAL_APP,
      })
    return await runSuites(context, checks, undefined, { profile: PROFILES[profile] })
  } finally {
    await client.close()
    await target.close()
  }
}

/**
 * `fn` over `items`, `n` at a time, results in order. Each self-test run is its own server and
 * mostly waits (settle, polling), so a few side by side take little more CPU than one.
 */
export async function inParallel<T, R>(items: readonly T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await fn(items[i]!)
      }
    }),
  )
  return out
}
