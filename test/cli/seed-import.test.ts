// `shoreline seed` and `shoreline import` end to end against the embedded server: idempotency,
// resume after a kill, retries on injected 429s, FHIR $import and the HealthLake path (real AWS
// SDK, s3rver), and reconciliations that catch targets silently dropping resources.
import t from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { cli, cliAsync, cliRun } from '../helpers.js'
import { DEFAULT_SIGV4, startServer, type ServerOptions } from '../../server/http/server.js'
import { buildCorpus } from '../../generators/invalid/corpus.js'
import { BUCKET, localS3 } from '../server/s3-helpers.js'
import { PRESETS } from '../../server/presets.js'
import { DEFAULT_IMPORT_QUOTAS } from '../../server/healthlake/quotas.js'

// Two at a time: each test has a target of its own, and most wait (on the CLI child, Retry-After, jobs).
t.jobs = 2
const dir = t.testdir({})
const small = join(dir, 'small')
const medium = join(dir, 'medium')
t.before(() => {
  for (const [out, n] of [
    [small, 4],
    [medium, 12],
  ] as const) {
    const r = cli(['generate', '--patients', String(n), '--seed', '11', '--out', out, '--no-bundles', '--invalid', '--workers', '1', '--quiet'])
    if (r.code !== 0) throw new Error(r.stderr)
  }
})

const manifest = (d: string) => JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')) as { resources: number; counts: Record<string, number> }
const results = (out: string) => JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))

async function withTarget(options: ServerOptions, fn: (url: string, origin: string) => Promise<void>) {
  const target = await startServer(options)
  try {
    await fn(target.url, target.origin)
  } finally {
    await target.close()
  }
}

/** Patient/… count; waits out a rate-limited target's 429s. */
async function count(url: string, type: string): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const res = await fetch(`${url}${type}?_summary=count`)
    if (res.status === 200) return ((await res.json()) as { total: number }).total
    await sleep(1000)
  }
  throw new Error('count: still throttled')
}

t.test('SEED-01: seed writes every resource, reconciles, and a second run creates no duplicates', async (t) => {
  await withTarget({}, async (url) => {
    const out = join(dir, 'seed-01')
    const first = await cliRun(['seed', '--target', url, '--data', small, '--out', out, '--via', 'transaction', '--bundle-size', '50'])
    t.equal(first.code, 0, first.stderr)
    const r = results(out)
    t.equal(r.kind, 'seed')
    t.equal(r.verdict, 'pass')
    t.equal(r.summary.written, manifest(small).resources)
    t.equal(r.summary.missing, 0)
    t.ok(r.summary.sampled > 0, 'resources were read back and compared by hash')
    t.equal(r.reconciliation.items.length, manifest(small).resources, 'every resource is listed')
    t.equal(r.reconciliation.byType.Patient.counted, manifest(small).counts.Patient, 'counted with _total=accurate&_count=1')
    const patients = await count(url, 'Patient')
    t.equal(patients, manifest(small).counts.Patient)
    const again = await cliRun(['seed', '--target', url, '--data', small, '--out', out, '--via', 'batch'])
    t.equal(again.code, 0, again.stderr)
    t.equal(await count(url, 'Patient'), patients, 'no duplicates')
    t.equal(await count(url, 'Observation'), manifest(small).counts.Observation)
  })
})

t.test('SEED-07: a target that assigns every id and pages at most 100 (HealthLake-like): transaction POSTs, ids mapped back, 100 % reconciled, SE-30 on it', async (t) => {
  await withTarget({ variants: ['no-update-create', 'page-size-100'] }, async (url) => {
    const out = join(dir, 'seed-07')
    const first = await cliRun(['seed', '--target', url, '--data', small, '--out', out])
    t.equal(first.code, 0, first.stderr)
    t.match(first.stdout, /the target assigns ids/)
    const r = results(out)
    t.equal(r.verdict, 'pass')
    t.equal(r.summary.written, manifest(small).resources)
    t.same([r.summary.missing, r.summary.altered, r.summary.rejected], [0, 0, 0], 'every resource reconciled')
    t.ok(r.summary.sampled > 0, 'read back in full and compared with ids and references mapped back')
    const map = JSON.parse(readFileSync(join(out, 'id-map.json'), 'utf8')) as Record<string, string>
    t.equal(Object.keys(map).length, manifest(small).resources, 'one assigned id per generated resource')
    const [key, assigned] = Object.entries(map)[0]!
    t.not(assigned, key.split('/')[1], "the ids are the target's own")
    const again = await cliRun(['seed', '--target', url, '--data', small, '--out', join(dir, 'seed-07b')])
    t.equal(again.code, 0, again.stderr)
    t.equal(await count(url, 'Patient'), manifest(small).counts.Patient, 'a second run finds (If-None-Exist on the source identifier) instead of duplicating')
    const conform = await cliRun(['conform', '--target', url, '--suite', 'search', '--data', small, '--no-seed', '--out', join(dir, 'seed-07-conform')])
    const se30 = (results(join(dir, 'seed-07-conform')).checks as Array<{ id: string; outcome: string; message?: string }>).find((c) => c.id === 'SE-30')
    t.equal(se30?.outcome, 'pass', `SE-30 runs against the server-assigned ids: ${se30?.message ?? ''} ${conform.stderr}`)
  })
})

t.test(
  "SEED-08: against serve --preset healthlake (search a minute behind writes), the profile's consistency header reconciles 100 % at once; without it nothing is found in time",
  async (t) => {
    const preset = { variants: [...PRESETS.healthlake.variants], faults: [...PRESETS.healthlake.faults], indexLagMs: 60_000 }
    await withTarget(preset, async (url) => {
      const out = join(dir, 'seed-08')
      const r = await cliRun(['seed', '--target', url, '--target-profile', 'healthlake', '--data', small, '--out', out, '--sample', '2'])
      t.equal(r.code, 0, r.stdout + r.stderr)
      const res = results(out)
      t.equal(res.summary.missing, 0)
      t.equal(res.summary.written, manifest(small).resources)
      // The same data again, the header turned off in the config file and no settle time: the index has not caught up.
      const cwd = t.testdir({ 'shoreline.config.json': JSON.stringify({ headers: { 'x-amz-fhir-history-consistency-level': '' } }) })
      const off = join(dir, 'seed-08-eventual')
      const e = await cliRun([
        'seed',
        '--target',
        url,
        '--target-profile',
        'healthlake',
        '--data',
        small,
        '--out',
        off,
        '--settle',
        '0',
        '--sample',
        '0',
        '--config',
        join(cwd, 'shoreline.config.json'),
      ])
      t.equal(e.code, 1, 'missing resources fail the seed')
      t.ok(results(off).summary.missing > 0, `an eventual reconcile misses what is not indexed yet (missing ${results(off).summary.missing})`)
    })
  },
)

t.test("SEED-09: a target that refuses the run's credentials stops the seed at the first Bundle: one line, exit 3", async (t) => {
  await withTarget({ auth: 'smart', authConfig: { clients: [] } }, async (url) => {
    const r = await cliRun(['seed', '--target', url, '--data', small, '--out', join(dir, 'seed-09')])
    t.equal(r.code, 3, r.stderr)
    t.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
    t.match(r.stderr, /the target refused the run's credentials \(HTTP 401: .*\); nothing more was sent/)
  })
})

t.test('SEED-02: a run killed mid-way resumes from its checkpoint and ends complete', async (t) => {
  await withTarget({ rateLimit: 40 }, async (url) => {
    const out = join(dir, 'seed-02')
    const child = cliAsync(['seed', '--target', url, '--data', medium, '--out', out, '--via', 'batch', '--concurrency', '2', '--bundle-size', '10'])
    const checkpoint = join(out, 'seed-checkpoint.json')
    for (let i = 0; i < 300 && !existsSync(checkpoint); i++) await sleep(50)
    await sleep(300)
    child.kill('SIGKILL')
    await new Promise((r) => child.on('close', r))
    const done = JSON.parse(readFileSync(checkpoint, 'utf8')).done as number[]
    t.ok(done.length > 0, `${done.length} chunks were done before the kill`)
    t.ok(done.length * 10 < manifest(medium).resources, 'and not all of them')
    const resumed = await cliRun([
      'seed',
      '--target',
      url,
      '--data',
      medium,
      '--out',
      out,
      '--via',
      'batch',
      '--concurrency',
      '4',
      '--bundle-size',
      '10',
      '--resume',
      '--sample',
      '2',
    ])
    t.equal(resumed.code, 0, resumed.stderr)
    const r = results(out)
    t.ok(r.summary.skipped > 0, `skipped ${r.summary.skipped} already written`)
    t.equal(r.summary.missing, 0)
    t.equal(await count(url, 'Patient'), manifest(medium).counts.Patient)
    const other = await cliRun(['seed', '--target', url, '--data', small, '--out', out, '--via', 'batch', '--resume'])
    t.equal(other.code, 2, 'a checkpoint from another run is refused')
    t.match(other.stderr, /checkpoint is for another run/)
  })
})

t.test('SEED-03: 429s from a throttling target are retried (Retry-After) and nothing is lost', async (t) => {
  await withTarget({ rateLimit: 10 }, async (url) => {
    const out = join(dir, 'seed-03')
    const r = await cliRun(['seed', '--target', url, '--data', small, '--out', out, '--via', 'batch', '--bundle-size', '50', '--concurrency', '6', '--sample', '1'])
    t.equal(r.code, 0, r.stderr)
    const res = results(out)
    t.ok(res.summary.retries > 0, `${res.summary.retries} retries`)
    t.equal(res.summary.rejected, 0)
    t.equal(res.summary.missing, 0)
  })
})

t.test('SEED-04: reconciliation catches a target that acknowledges writes but drops some', async (t) => {
  await withTarget({ faults: ['write-drops-every-100th'] }, async (url) => {
    const out = join(dir, 'seed-04')
    const r = await cliRun(['seed', '--target', url, '--data', small, '--out', out, '--sample', '1'])
    t.equal(r.code, 1, 'the verdict fails')
    const res = results(out)
    t.equal(res.summary.rejected, 0, 'every write was acknowledged')
    t.equal(res.summary.missing, Math.floor(manifest(small).resources / 100), 'yet every 100th is missing')
    t.ok(res.reconciliation.items.some((i: { status: string }) => i.status === 'missing'))
    t.match(r.stdout, /reconciled: \d+ missing/)
  })
})

t.test('IMPORT-01: FHIR $import with the invalid corpus: every line accounted for, corpus outcomes as labelled', async (t) => {
  await withTarget({}, async (url) => {
    const out = join(dir, 'import-01')
    const r = await cliRun(['import', '--target', url, '--data', small, '--out', out, '--invalid', '--validation-level', 'structure-only', '--sample', '2'])
    t.equal(r.code, 0, r.stdout + r.stderr)
    const res = results(out)
    t.equal(res.kind, 'import')
    const corpus = buildCorpus()
    t.equal(res.summary.scanned, manifest(small).resources + corpus.count)
    t.equal(res.summary.customerErrors, corpus.labels.items.filter((i) => i.expected['structure-only'] === 'rejected').length)
    t.equal(res.summary.corpusChecked, corpus.count)
    t.equal(res.summary.corpusUnexpected, 0)
    t.equal(res.summary.missing, 0)
    t.ok(
      res.reconciliation.items.some((i: { reason?: string }) => /^[a-z-]+: /.test(i.reason ?? '')),
      'rejections carry their corpus label',
    )
  })
})

t.test('IMPORT-02: reconciliation catches an import that reports every resource imported but drops every 1,000th', async (t) => {
  await withTarget({ faults: ['import-drops-every-1000th'] }, async (url) => {
    const out = join(dir, 'import-02')
    const r = await cliRun(['import', '--target', url, '--data', medium, '--out', out, '--sample', '1'])
    t.equal(r.code, 1)
    const res = results(out)
    t.equal(res.summary.customerErrors, 0)
    t.equal(res.summary.imported, manifest(medium).resources, 'the job claims all of them')
    t.equal(res.summary.missing, Math.floor(manifest(medium).resources / 1000))
  })
})

t.test(
  'IMPORT-03: the HealthLake path end to end against serve --preset healthlake: S3 upload, StartFHIRImportJob, Describe, manifest and FAILURE files, reconciled through eventual search with the consistency header',
  async (t) => {
    const s3 = await localS3()
    t.teardown(() => s3.close())
    // One key pair for both: s3rver's, which the target's SigV4 check is told to accept too.
    const creds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
    const preset = { variants: [...PRESETS.healthlake.variants], faults: [...PRESETS.healthlake.faults], indexLagMs: 60_000 }
    await withTarget({ s3: s3.config, datastoreId: 'dshl', sigv4Credentials: [DEFAULT_SIGV4, creds], ...preset }, async (url, origin) => {
      const out = join(dir, 'import-03')
      const r = await cliRun(
        [
          'import',
          '--target',
          url,
          '--target-profile',
          'healthlake',
          '--data',
          small,
          '--out',
          out,
          '--via',
          'healthlake',
          '--invalid',
          '--healthlake-endpoint',
          origin,
          '--s3-endpoint',
          s3.config.endpoint!,
          '--input-s3-uri',
          `s3://${BUCKET}/in/`,
          '--output-s3-uri',
          `s3://${BUCKET}/out`,
          '--kms-key-id',
          'arn:aws:kms:us-east-1:123456789012:key/k',
          '--role-arn',
          'arn:aws:iam::123456789012:role/import',
          '--region',
          'us-east-1',
          '--sample',
          '2',
        ],
        { AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey },
      )
      t.equal(r.code, 0, r.stdout + r.stderr)
      const res = results(out)
      const corpus = buildCorpus()
      t.equal(res.summary.scanned, manifest(small).resources + corpus.count)
      t.equal(res.summary.corpusUnexpected, 0)
      t.equal(res.summary.missing, 0)
      t.ok((await s3.keys('in/')).includes('in/Patient.ndjson'), 'the NDJSON was uploaded')
      const denied = await cliRun(
        [
          'import',
          '--target',
          url,
          '--data',
          small,
          '--out',
          join(dir, 'import-03b'),
          '--via',
          'healthlake',
          '--healthlake-endpoint',
          origin,
          '--s3-endpoint',
          s3.config.endpoint!,
          '--input-s3-uri',
          `s3://${BUCKET}/in2/`,
          '--output-s3-uri',
          `s3://${BUCKET}/out`,
          '--kms-key-id',
          'k',
          '--role-arn',
          'arn:aws:iam::123456789012:role/import',
        ],
        { AWS_ACCESS_KEY_ID: 'NOTAKEY', AWS_SECRET_ACCESS_KEY: 'x' },
      )
      t.equal(denied.code, 3, 'refused credentials: exit 3')
      t.equal(denied.stderr.trim().split('\n').length, 1, denied.stderr)
    })
  },
)

t.test('IMPORT-04: the HealthLake path keeps to the import quotas: large files split at line ends, more files than a job takes in several jobs; all reconciled', async (t) => {
  const s3 = await localS3()
  t.teardown(() => s3.close())
  const creds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
  // A stand-in with tight quotas: 40 KB a file, 4 files a job — the dataset fits only if import splits and batches.
  const quotas = { ...DEFAULT_IMPORT_QUOTAS, fileMB: 0.04, filesPerJob: 4 }
  await withTarget({ s3: s3.config, datastoreId: 'dsquota', sigv4Credentials: [DEFAULT_SIGV4, creds], importQuotas: quotas }, async (url, origin) => {
    const args = (outDir: string, input: string) => [
      ...['import', '--target', url, '--data', small, '--out', outDir, '--via', 'healthlake', '--healthlake-endpoint', origin, '--s3-endpoint', s3.config.endpoint!],
      ...[
        '--input-s3-uri',
        `s3://${BUCKET}/${input}/`,
        '--output-s3-uri',
        `s3://${BUCKET}/q-out`,
        '--kms-key-id',
        'k',
        '--role-arn',
        'arn:aws:iam::123456789012:role/import',
        '--sample',
        '1',
      ],
    ]
    const env = { AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey }
    const out = join(dir, 'import-04')
    const r = await cliRun([...args(out, 'q-in'), '--max-file-mb', '0.04', '--max-files-per-job', '4'], env)
    t.equal(r.code, 0, r.stdout + r.stderr)
    const res = results(out)
    t.equal(res.summary.missing, 0, 'every resource arrived')
    t.equal(res.summary.imported, manifest(small).resources)
    const jobs = (/import job (\S+) /.exec(r.stdout)?.[1] ?? '').split(',').filter(Boolean)
    t.ok(jobs.length > 1, `several jobs (${jobs.length}): ${r.stdout}`)
    const uploaded = await s3.keys('q-in/')
    t.ok(
      uploaded.some((k) => /\.part-0002\.ndjson$/.test(k)),
      'a large file went up in parts',
    )
    t.ok(
      uploaded.every((k) => /^q-in\/batch-\d{3}\//.test(k)),
      'each job has its own input prefix',
    )
    // Without honouring them, the same import hits the quota: one job, FAILED with its Message.
    const over = await cliRun([...args(join(dir, 'import-04b'), 'q2-in'), '--max-file-mb', '1000', '--max-files-per-job', '1000'], env)
    t.equal(over.code, 3, `a FAILED job is the target refusing: exit 3 (${over.stderr})`)
    t.match(over.stderr, /FAILED: .*the quota is/)
  })
})

t.test('SEED-05: bad input: one line, exit 2', async (t) => {
  for (const [args, message] of [
    [['seed', '--data', small], /no target/],
    [['seed', '--target', 'http://127.0.0.1:1/r4/', '--data', join(dir, 'nope')], /manifest\.json/],
    [['seed', '--target', 'ftp://x/', '--data', small], /must be http/],
    [['seed', '--target', 'http://127.0.0.1:1/r4/', '--data', small, '--auth', 'bearer'], /needs --token/],
    [['import', '--target', 'http://127.0.0.1:1/r4/', '--data', small, '--via', 'healthlake'], /needs --input-s3-uri/],
  ] as Array<[string[], RegExp]>) {
    const r = cli(args)
    t.equal(r.code, 2, args.join(' '))
    t.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
    t.match(r.stderr, message)
  }
  const down = cli(['seed', '--target', 'http://127.0.0.1:1/r4/', '--data', small])
  t.equal(down.code, 3, 'an unreachable target exits 3')
})

t.test('SEED-06: the auth clients against a SMART and a SigV4 target: backend services (JWK and PEM), client secret, SigV4', async (t) => {
  const { exportJWK, exportPKCS8, generateKeyPair } = await import('jose')
  const { writeFileSync } = await import('node:fs')
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true })
  const jwk = { ...(await exportJWK(privateKey)), kid: 'seed-key', alg: 'ES384' }
  const pub = { ...(await exportJWK(publicKey)), kid: 'seed-key', alg: 'ES384' }
  const jwkFile = join(dir, 'key.jwk.json')
  const pemFile = join(dir, 'key.pem')
  writeFileSync(jwkFile, JSON.stringify(jwk))
  writeFileSync(pemFile, await exportPKCS8(privateKey))
  const smart: ServerOptions = {
    auth: 'smart',
    authConfig: {
      clients: [
        { client_id: 'seeder', jwks: { keys: [pub] }, scope: 'system/*.cruds' },
        { client_id: 'secret-seeder', client_secret: 'a-long-client-secret', scope: 'system/*.cruds' },
      ],
    },
  }
  await withTarget(smart, async (url) => {
    const jwkRun = await cliRun([
      'seed',
      '--target',
      url,
      '--data',
      small,
      '--out',
      join(dir, 'seed-06a'),
      '--auth',
      'backend',
      '--client-id',
      'seeder',
      '--key-file',
      jwkFile,
      '--sample',
      '1',
    ])
    t.equal(jwkRun.code, 0, jwkRun.stderr)
    const pemRun = await cliRun([
      'seed',
      '--target',
      url,
      '--data',
      small,
      '--out',
      join(dir, 'seed-06b'),
      '--auth',
      'backend',
      '--client-id',
      'seeder',
      '--key-file',
      pemFile,
      '--key-id',
      'seed-key',
      '--sample',
      '1',
    ])
    t.equal(pemRun.code, 0, pemRun.stderr)
    const secretRun = await cliRun(['seed', '--target', url, '--data', small, '--out', join(dir, 'seed-06c'), '--sample', '1'], {
      SHORELINE_AUTH: 'client-secret',
      SHORELINE_CLIENT_ID: 'secret-seeder',
      SHORELINE_CLIENT_SECRET: 'a-long-client-secret',
    })
    t.equal(secretRun.code, 0, secretRun.stderr)
    t.notMatch(readFileSync(join(dir, 'seed-06c', 'results.json'), 'utf8'), /a-long-client-secret/, 'the secret is not in the results')
    const wrong = await cliRun([
      'seed',
      '--target',
      url,
      '--data',
      small,
      '--out',
      join(dir, 'seed-06d'),
      '--auth',
      'client-secret',
      '--client-id',
      'secret-seeder',
      '--client-secret',
      'wrong-secret-value',
    ])
    t.equal(wrong.code, 3, 'a refused client exits 3')
    t.match(wrong.stderr, /refused the client secret-seeder \(invalid_client/)
    t.notMatch(wrong.stderr, /wrong-secret-value/)
    const noAuth = await cliRun(['seed', '--target', url, '--data', small, '--out', join(dir, 'seed-06e')])
    t.equal(noAuth.code, 3, 'without a token the first Bundle is refused: exit 3')
    t.match(noAuth.stderr, /refused the run's credentials \(HTTP 401: .*check --auth and --scope\); nothing more was sent/)
    const noAuthResults = JSON.parse(readFileSync(join(dir, 'seed-06e', 'results.json'), 'utf8'))
    t.equal(noAuthResults.verdict, 'error', 'the results are still written')
    t.match(noAuthResults.errors[0].message, /refused the run's credentials/, 'with the reason')
  })
  await withTarget({ auth: 'sigv4' }, async (url) => {
    const sig = await cliRun(['seed', '--target', url, '--data', small, '--out', join(dir, 'seed-06f'), '--auth', 'sigv4', '--region', 'us-east-1', '--sample', '1'], {
      AWS_ACCESS_KEY_ID: DEFAULT_SIGV4.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DEFAULT_SIGV4.secretAccessKey,
    })
    t.equal(sig.code, 0, sig.stderr)
  })
})
