// Bulk export and import at the reference server, over HTTP: the Bulk Data IG 2.0 export flow,
// FHIR $import (ping and pull), and HealthLake's control plane driven by the real
// @aws-sdk/client-healthlake against s3rver on loopback.
import t from 'tap'
import { createServer, type Server } from 'node:http'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  DescribeFHIRExportJobCommand,
  DescribeFHIRImportJobCommand,
  HealthLakeClient,
  ListFHIRImportJobsCommand,
  StartFHIRExportJobCommand,
  StartFHIRImportJobCommand,
} from '@aws-sdk/client-healthlake'
import { DEFAULT_SIGV4, startServer, type RunningServer } from '../../server/http/server.js'
import { buildCorpus } from '../../generators/invalid/corpus.js'
import { VALIDATION_LEVELS } from '../../lib/validation/levels.js'
import { BUCKET, localS3, type LocalS3 } from './s3-helpers.js'
import { DEFAULT_IMPORT_QUOTAS, parseImportQuotas, type ImportQuotas } from '../../server/healthlake/quotas.js'
import { smartTarget } from './auth-helpers.js'

const fhirJson = { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' }
const asyncHeaders = { ...fhirJson, Prefer: 'respond-async' }
const ROLE = 'arn:aws:iam::123456789012:role/healthlake-import'
const KMS = 'arn:aws:kms:us-east-1:123456789012:key/test'

function patient(id: string, family = 'Doe') {
  return { resourceType: 'Patient', id, name: [{ family, given: ['Jo'] }], gender: 'female', birthDate: '1970-01-01' }
}
function observation(id: string, subject: string, code: string) {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: { reference: `Patient/${subject}` },
    effectiveDateTime: '2024-05-01T10:00:00Z',
  }
}

async function seed(target: RunningServer) {
  const entry = [
    patient('p1'),
    patient('p2'),
    patient('p3'),
    observation('o1', 'p1', '8867-4'),
    observation('o2', 'p2', '8310-5'),
    observation('o3', 'p3', '8867-4'),
    { resourceType: 'Group', id: 'g1', type: 'person', actual: true, member: [{ entity: { reference: 'Patient/p1' } }, { entity: { reference: 'Patient/p2' } }] },
    { resourceType: 'Organization', id: 'org1', name: 'Org' },
  ].map((r) => ({ resource: r, request: { method: 'PUT', url: `${r.resourceType}/${r.id}` } }))
  const res = await fetch(target.url, { method: 'POST', headers: fhirJson, body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry }) })
  if (res.status !== 200) throw new Error(`seed failed: ${await res.text()}`)
}

/** Polls a status URL until it stops answering 202, honouring Retry-After; returns the final response. */
async function poll(url: string, headers: Record<string, string> = {}) {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(url, { headers })
    if (res.status !== 202) return res
    await sleep(Math.min(Number(res.headers.get('retry-after') ?? 1) * 1000, 50))
  }
  throw new Error(`${url} never finished`)
}

async function lines(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers })
  return {
    res,
    rows: (await res.text())
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { resourceType: string; id: string }),
  }
}

let target: RunningServer
t.before(async () => {
  target = await startServer({ exportTtlMs: 60_000 })
  await seed(target)
})
t.teardown(() => target.close())

t.test('BULK-01: system $export: 202 + Content-Location, 202 with Retry-After/X-Progress, then the manifest and NDJSON files', async (t) => {
  const kick = await fetch(`${target.url}$export`, { headers: asyncHeaders })
  t.equal(kick.status, 202)
  const status = kick.headers.get('content-location')!
  t.match(status, new RegExp(`^${target.url.replace(/[$.]/g, '\\$&')}export/`))
  const first = await fetch(status)
  if (first.status === 202) {
    t.ok(first.headers.get('retry-after'), 'Retry-After while running')
    t.ok(first.headers.get('x-progress'))
  }
  const done = await poll(status)
  t.equal(done.status, 200)
  t.match(done.headers.get('content-type'), /^application\/json/)
  t.ok(new Date(done.headers.get('expires')!).getTime() > Date.now(), 'Expires is in the future')
  const manifest = (await done.json()) as {
    transactionTime: string
    request: string
    requiresAccessToken: boolean
    output: Array<{ type: string; url: string; count: number }>
    error: unknown[]
  }
  t.equal(manifest.request, `${target.url}$export`)
  t.equal(manifest.requiresAccessToken, false, 'no auth on this target')
  t.same(manifest.error, [])
  t.same(manifest.output.map((o) => o.type).sort(), ['Group', 'Observation', 'Organization', 'Patient'])
  for (const o of manifest.output) {
    const { res, rows } = await lines(o.url)
    t.equal(res.headers.get('content-type'), 'application/fhir+ndjson')
    t.equal(rows.length, o.count, `${o.type}: count matches the lines`)
    t.ok(
      rows.every((r) => r.resourceType === o.type),
      `${o.type}: one type per file`,
    )
  }
})

t.test('BULK-02: _type, _since, _typeFilter, POST Parameters, Patient and Group level', async (t) => {
  const run = async (path: string, init: RequestInit = {}) => {
    const kick = await fetch(target.url + path, { headers: asyncHeaders, ...init })
    t.equal(kick.status, 202, path)
    const m = (await (await poll(kick.headers.get('content-location')!)).json()) as { output: Array<{ type: string; url: string; count: number }> }
    return Object.fromEntries(m.output.map((o) => [o.type, o.count]))
  }
  t.same(await run('$export?_type=Patient'), { Patient: 3 })
  t.same(await run('$export?_type=Observation&_typeFilter=Observation%3Fcode%3D8867-4'), { Observation: 2 })
  const future = await fetch(`${target.url}$export?_since=2999-01-01T00:00:00Z`, { headers: asyncHeaders })
  t.equal(future.status, 400, 'a future _since is refused')
  const later = new Date(Date.now() + 5).toISOString()
  await sleep(20)
  await fetch(`${target.url}Patient/p9`, { method: 'PUT', headers: fhirJson, body: JSON.stringify(patient('p9')) })
  t.same(await run(`$export?_since=${encodeURIComponent(later)}`), { Patient: 1 }, 'only what changed since')
  t.same(await run('Patient/$export?_type=Patient,Observation,Organization'), { Patient: 4, Observation: 3 }, 'Organization is outside the patient compartment')
  t.same(await run('Group/g1/$export'), { Group: 1, Patient: 2, Observation: 2 }, "the group members' compartments only (the Group is in them through member)")
  const post = await run('$export', {
    method: 'POST',
    body: JSON.stringify({
      resourceType: 'Parameters',
      parameter: [
        { name: '_type', valueString: 'Organization' },
        { name: '_outputFormat', valueString: 'application/fhir+ndjson' },
      ],
    }),
  })
  t.same(post, { Organization: 1 })
  t.equal((await fetch(`${target.url}Group/nope/$export`, { headers: asyncHeaders })).status, 404)
})

t.test('BULK-03: kick-off errors: no Prefer, bad _outputFormat, unknown _type, bad _typeFilter, unknown parameter', async (t) => {
  const bad = async (path: string, headers: Record<string, string> = asyncHeaders) => {
    const res = await fetch(target.url + path, { headers })
    const body = (await res.json()) as { resourceType: string }
    t.equal(res.status, 400, path)
    t.equal(body.resourceType, 'OperationOutcome')
  }
  await bad('$export', fhirJson)
  await bad('$export?_outputFormat=application/xml')
  await bad('$export?_type=Nonsense')
  await bad('$export?_typeFilter=Observation')
  await bad('$export?includeAssociatedData=LatestProvenanceResources')
  const lenient = await fetch(`${target.url}$export?_type=Patient,Nonsense`, { headers: { ...asyncHeaders, Prefer: 'respond-async, handling=lenient' } })
  t.equal(lenient.status, 202, 'lenient handling ignores the unknown type')
  // What it ignored is said in the manifest's error files: one OperationOutcome (a warning) per parameter.
  const done = (await (await poll(lenient.headers.get('content-location')!)).json()) as { error: Array<{ type: string; url: string }>; extension?: unknown }
  t.same(
    done.error.map((e) => e.type),
    ['OperationOutcome'],
  )
  const notes = (await (await fetch(done.error[0]!.url)).text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { issue: Array<{ severity: string; diagnostics: string }> })
  t.same(
    notes.map((o) => o.issue[0]!.severity),
    ['warning'],
  )
  t.match(notes[0]!.issue[0]!.diagnostics, /Nonsense/, 'the ignored type is named')
})

t.test('BULK-04: DELETE cancels (202, then 404); files expire', async (t) => {
  const kick = await fetch(`${target.url}$export`, { headers: asyncHeaders })
  const status = kick.headers.get('content-location')!
  t.equal((await fetch(status, { method: 'DELETE' })).status, 202)
  t.equal((await fetch(status)).status, 404)
  const short = await startServer({ exportTtlMs: 50 })
  t.teardown(() => short.close())
  await seed(short)
  const k2 = await fetch(`${short.url}$export?_type=Patient`, { headers: asyncHeaders })
  const m = (await (await poll(k2.headers.get('content-location')!)).json()) as { output: Array<{ url: string }> }
  await sleep(80)
  t.equal((await fetch(m.output[0]!.url)).status, 404, 'expired')
})

t.test('BULK-05: with SMART, requiresAccessToken is true and files need a token that covers their type', async (t) => {
  const fx = await smartTarget()
  t.teardown(() => fx.target.close())
  const admin = await fx.token('system/*.cruds')
  await fetch(`${fx.target.url}Patient/p1`, { method: 'PUT', headers: { ...fhirJson, Authorization: `Bearer ${admin}` }, body: JSON.stringify(patient('p1')) })
  await fetch(`${fx.target.url}Observation/o1`, { method: 'PUT', headers: { ...fhirJson, Authorization: `Bearer ${admin}` }, body: JSON.stringify(observation('o1', 'p1', 'x')) })
  t.equal((await fetch(`${fx.target.url}$export`, { headers: asyncHeaders })).status, 401, 'kick-off needs a token')
  const reader = await fx.token('system/*.read')
  const auth = { Authorization: `Bearer ${reader}` }
  const kick = await fetch(`${fx.target.url}$export`, { headers: { ...asyncHeaders, ...auth } })
  t.equal(kick.status, 202)
  const m = (await (await poll(kick.headers.get('content-location')!, auth)).json()) as { requiresAccessToken: boolean; output: Array<{ type: string; url: string }> }
  t.equal(m.requiresAccessToken, true)
  const file = m.output.find((o) => o.type === 'Observation')!.url
  t.equal((await fetch(file)).status, 401, 'no token, no file')
  t.equal((await fetch(file, { headers: auth })).status, 200)
  const patientsOnly = await fx.token('system/Patient.read')
  t.equal((await fetch(file, { headers: { Authorization: `Bearer ${patientsOnly}` } })).status, 403, 'a token without Observation cannot download it')
})

/** A loopback file server for $import's ping and pull. */
async function serveFiles(files: Record<string, string>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const body = files[(req.url ?? '/').slice(1)]
    if (body === undefined) res.writeHead(404).end()
    else res.writeHead(200, { 'Content-Type': 'application/fhir+ndjson' }).end(body)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, server }
}

function bigNdjson(n: number, prefix: string) {
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(JSON.stringify(i % 2 ? observation(`${prefix}-o${i}`, `${prefix}-p${i - 1}`, '8867-4') : patient(`${prefix}-p${i}`, `Fam${i}`)))
  return out.join('\n') + '\n'
}

t.test('BULK-06: FHIR $import (ping and pull): pulls the manifest and files, imports, and accounts for every line', async (t) => {
  const corpus = buildCorpus()
  const files = {
    'data.ndjson': bigNdjson(1200, 'imp'),
    'corpus.ndjson': corpus.ndjson,
    'broken.ndjson': '{"resourceType":"Patient","id":"ok-1"}\nnot json\n{"resourceType":"Patient"}\n',
  }
  const manifest = {
    transactionTime: new Date().toISOString(),
    request: 'static',
    requiresAccessToken: false,
    output: Object.keys(files).map((name) => ({ type: 'Mixed', url: name })),
    error: [],
  }
  const { url, server } = await serveFiles({ ...files, 'manifest.json': JSON.stringify(manifest) })
  t.teardown(() => server.close())
  const kick = await fetch(`${target.url}$import`, {
    method: 'POST',
    headers: asyncHeaders,
    body: JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: 'manifestUrl', valueUrl: `${url}manifest.json` }] }),
  })
  t.equal(kick.status, 202)
  const done = await poll(kick.headers.get('content-location')!)
  t.equal(done.status, 200)
  const result = (await done.json()) as {
    jobStatus: string
    counters: Record<string, number>
    output: Array<{ url: string; count: number }>
    error: Array<{ url: string; inputUrl: string }>
  }
  const c = result.counters
  t.equal(result.jobStatus, 'COMPLETED_WITH_ERRORS')
  t.equal(c.scanned, 1200 + corpus.count + 3)
  t.equal(c.scanned, c.imported! + c.customerErrors! + c.serverErrors!, 'scanned = imported + customer errors + server errors')
  const expectedRejected = corpus.labels.items.filter((i) => i.expected.strict === 'rejected').length
  t.equal(c.customerErrors, expectedRejected + 2, 'the strict rejections plus bad JSON and a missing id')
  const ids = (await (await fetch(`${target.url}Observation?_count=1000&_elements=id`)).json()) as { entry: Array<{ resource: { id: string } }> }
  t.equal(ids.entry.filter((e) => e.resource.id.startsWith('imp-o')).length, 600, 'every imported Observation is searchable')
  const failures = await lines(result.error.find((e) => e.inputUrl === 'broken.ndjson')!.url)
  t.same(
    failures.rows.map((r) => (r as unknown as { lineId: number }).lineId),
    [2, 3],
    'FAILURE lines name the input line',
  )
  t.equal(
    (
      await fetch(`${target.url}$import`, {
        method: 'POST',
        headers: asyncHeaders,
        body: JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: 'manifestUrl', valueUrl: 'http://192.0.2.1/manifest.json' }] }),
      })
    ).status,
    400,
    'only loopback hosts are pulled from',
  )
})

t.test('BULK-07: HealthLake control plane with the real AWS SDK and s3rver: import at each validation level, counters, output layout', async (t) => {
  const s3: LocalS3 = await localS3()
  const hl = await startServer({ s3: s3.config, datastoreId: 'ds0123456789abcdef' })
  t.teardown(async () => {
    await hl.close()
    await s3.close()
  })
  const client = new HealthLakeClient({ endpoint: hl.origin, region: 'us-east-1', credentials: DEFAULT_SIGV4 })
  t.teardown(() => client.destroy())
  const corpus = buildCorpus()
  await s3.put('input/corpus.ndjson', corpus.ndjson)
  await s3.put('input/more.ndjson', bigNdjson(40, 'hl'))
  for (const level of VALIDATION_LEVELS) {
    const start = await client.send(
      new StartFHIRImportJobCommand({
        JobName: `corpus-${level}`,
        DatastoreId: 'ds0123456789abcdef',
        InputDataConfig: { S3Uri: `s3://${BUCKET}/input/` },
        JobOutputDataConfig: { S3Configuration: { S3Uri: `s3://${BUCKET}/output/${level}`, KmsKeyId: KMS } },
        DataAccessRoleArn: ROLE,
        ValidationLevel: level,
      }),
    )
    t.ok(['SUBMITTED', 'QUEUED'].includes(start.JobStatus!), `${level}: ${start.JobStatus}`)
    let props
    for (let i = 0; i < 200; i++) {
      props = (await client.send(new DescribeFHIRImportJobCommand({ DatastoreId: 'ds0123456789abcdef', JobId: start.JobId }))).ImportJobProperties!
      if (['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED'].includes(props.JobStatus!)) break
      await sleep(20)
    }
    t.equal(props!.ValidationLevel, level)
    t.ok(props!.SubmitTime instanceof Date, 'timestamps parse as dates')
    const p = props!.JobProgressReport!
    const rejected = corpus.labels.items.filter((i) => i.expected[level] === 'rejected').map((i) => i.lineId)
    t.equal(p.TotalNumberOfResourcesScanned, corpus.count + 40)
    t.equal(p.TotalNumberOfResourcesWithCustomerError, rejected.length, `${level}: ${rejected.length} rejected`)
    t.equal(p.TotalNumberOfResourcesImported, corpus.count + 40 - rejected.length)
    const root = `output/${level}/ds0123456789abcdef-FHIR_IMPORT-${start.JobId}/`
    const flagged = corpus.labels.items.filter((i) => i.flaggedAt.includes(level)).map((i) => i.lineId)
    t.same(await s3.keys(root), [
      `${root}FAILURE/corpus.ndjson`,
      `${root}FAILURE/more.ndjson`,
      `${root}SUCCESS/corpus.ndjson`,
      `${root}SUCCESS/more.ndjson`,
      ...(flagged.length ? [`${root}SUCCESS_WITH_SEARCH_VALIDATION_FAILURES/corpus.ndjson`] : []),
      `${root}manifest.json`,
    ])
    if (flagged.length) {
      // minimal: what it stores despite a failure is listed apart, and marked in the data store.
      const lines = (await s3.get(`${root}SUCCESS_WITH_SEARCH_VALIDATION_FAILURES/corpus.ndjson`))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
      t.same(
        lines.map((l) => l.lineId),
        flagged,
        'SUCCESS_WITH_SEARCH_VALIDATION_FAILURES/ lists exactly the items the labels flag',
      )
      const item = corpus.labels.items.find((i) => i.lineId === flagged[0])!
      const stored = hl.store.read(JSON.parse(corpus.ndjson.split('\n')[item.lineId - 1]!).resourceType, item.id)
      t.match(stored?.json, /healthlake\.amazonaws\.com\/fhir\/StructureDefinition\/validation-issue/, `${item.label} is stored with the validation-issue extension`)
    }
    const manifest = JSON.parse(await s3.get(`${root}manifest.json`))
    t.equal(
      manifest.numberOfResourcesScanned,
      manifest.numberOfResourcesImportedSuccessfully + manifest.numberOfResourcesWithCustomerError + manifest.numberOfResourcesWithServerError,
      'the manifest adds up',
    )
    const failed = (await s3.get(`${root}FAILURE/corpus.ndjson`))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
    t.same(
      failed.map((f) => f.lineId),
      rejected,
      `${level}: FAILURE lines are exactly the labelled rejections`,
    )
    t.ok(failed.every((f) => f.UpdateResourceResponse.statusCode === 400 && f.UpdateResourceResponse.jsonBlob.resourceType === 'OperationOutcome'))
  }
  const list = await client.send(new ListFHIRImportJobsCommand({ DatastoreId: 'ds0123456789abcdef' }))
  t.equal(list.ImportJobPropertiesList!.length, 3)
  // Idempotency: the same ClientToken returns the same job.
  const req = {
    DatastoreId: 'ds0123456789abcdef',
    InputDataConfig: { S3Uri: `s3://${BUCKET}/input/more.ndjson` },
    JobOutputDataConfig: { S3Configuration: { S3Uri: `s3://${BUCKET}/output/idem`, KmsKeyId: KMS } },
    DataAccessRoleArn: ROLE,
    ClientToken: 'same-token-1',
  }
  const a = await client.send(new StartFHIRImportJobCommand(req))
  const b = await client.send(new StartFHIRImportJobCommand(req))
  t.equal(a.JobId, b.JobId)
  // Errors come back as the SDK's typed exceptions.
  await t.rejects(client.send(new DescribeFHIRImportJobCommand({ DatastoreId: 'ds0123456789abcdef', JobId: 'nope' })), { name: 'ResourceNotFoundException' })
  await t.rejects(client.send(new StartFHIRImportJobCommand({ ...req, ClientToken: undefined, DataAccessRoleArn: 'not-an-arn' })), { name: 'ValidationException' })
  const wrongKey = new HealthLakeClient({ endpoint: hl.origin, region: 'us-east-1', credentials: { accessKeyId: DEFAULT_SIGV4.accessKeyId, secretAccessKey: 'wrong' } })
  t.teardown(() => wrongKey.destroy())
  await t.rejects(wrongKey.send(new ListFHIRImportJobsCommand({ DatastoreId: 'ds0123456789abcdef' })), { name: 'InvalidSignatureException' }, 'SigV4 is checked')
})

t.test('BULK-08: one job at a time per data store, FIFO; export through the control plane writes one type per S3 object', async (t) => {
  const s3 = await localS3()
  const hl = await startServer({ s3: s3.config, datastoreId: 'dsfifo' })
  t.teardown(async () => {
    await hl.close()
    await s3.close()
  })
  const client = new HealthLakeClient({ endpoint: hl.origin, region: 'us-east-1', credentials: DEFAULT_SIGV4 })
  t.teardown(() => client.destroy())
  await s3.put('in/a.ndjson', bigNdjson(3000, 'fa'))
  await s3.put('in2/b.ndjson', bigNdjson(10, 'fb'))
  const common = { DatastoreId: 'dsfifo', JobOutputDataConfig: { S3Configuration: { S3Uri: `s3://${BUCKET}/out`, KmsKeyId: KMS } }, DataAccessRoleArn: ROLE }
  const first = await client.send(new StartFHIRImportJobCommand({ ...common, InputDataConfig: { S3Uri: `s3://${BUCKET}/in/` } }))
  const second = await client.send(new StartFHIRImportJobCommand({ ...common, InputDataConfig: { S3Uri: `s3://${BUCKET}/in2/` } }))
  t.equal(second.JobStatus, 'QUEUED', 'the second job waits')
  const exp = await client.send(
    new StartFHIRExportJobCommand({ DatastoreId: 'dsfifo', OutputDataConfig: { S3Configuration: { S3Uri: `s3://${BUCKET}/export`, KmsKeyId: KMS } }, DataAccessRoleArn: ROLE }),
  )
  const order: string[] = []
  const seen = new Set<string>()
  for (let i = 0; i < 400 && seen.size < 3; i++) {
    for (const [id, kind] of [
      [first.JobId!, 'import'],
      [second.JobId!, 'import'],
      [exp.JobId!, 'export'],
    ] as const) {
      const status =
        kind === 'import'
          ? (await client.send(new DescribeFHIRImportJobCommand({ DatastoreId: 'dsfifo', JobId: id }))).ImportJobProperties!.JobStatus!
          : (await client.send(new DescribeFHIRExportJobCommand({ DatastoreId: 'dsfifo', JobId: id }))).ExportJobProperties!.JobStatus!
      if (status === 'COMPLETED' && !seen.has(id)) {
        seen.add(id)
        order.push(id)
      }
    }
    await sleep(10)
  }
  t.same(order, [first.JobId, second.JobId, exp.JobId], 'finished in submission order')
  const keys = await s3.keys(`export/dsfifo-FHIR_EXPORT-${exp.JobId}/`)
  t.same(
    keys.map((k) => k.split('/').pop()),
    ['Observation.ndjson', 'Patient.ndjson'],
  )
  const patients = (await s3.get(keys[1]!)).split('\n').filter(Boolean)
  t.equal(patients.length, 1505, 'every imported Patient is exported')
})

t.test('BULK-09: HealthLake $export over FHIR: POST with the S3 config, status as exportJobProperties', async (t) => {
  const s3 = await localS3()
  const hl = await startServer({ s3: s3.config, datastoreId: 'dsrest' })
  t.teardown(async () => {
    await hl.close()
    await s3.close()
  })
  await seed(hl)
  const kick = await fetch(`${hl.url}$export`, {
    method: 'POST',
    headers: fhirJson,
    body: JSON.stringify({ JobName: 'rest-export', OutputDataConfig: { S3Configuration: { S3Uri: `s3://${BUCKET}/rest`, KmsKeyId: KMS } }, DataAccessRoleArn: ROLE }),
  })
  t.equal(kick.status, 202)
  const body = (await kick.json()) as { datastoreId: string; jobStatus: string; jobId: string }
  t.equal(body.datastoreId, 'dsrest')
  t.equal(kick.headers.get('content-location'), `${hl.url}export/${body.jobId}`)
  let props: { jobStatus: string; outputDataConfig: { s3Configuration: { s3Uri: string } } } | undefined
  for (let i = 0; i < 100; i++) {
    props = ((await (await fetch(kick.headers.get('content-location')!)).json()) as { exportJobProperties: typeof props }).exportJobProperties
    if (props!.jobStatus === 'COMPLETED') break
    await sleep(20)
  }
  t.equal(props!.jobStatus, 'COMPLETED')
  t.equal(props!.outputDataConfig.s3Configuration.s3Uri, `s3://${BUCKET}/rest`)
  t.equal((await s3.keys(`rest/dsrest-FHIR_EXPORT-${body.jobId}/`)).length, 4)
  // Cancel, HealthLake's way: the job's properties with CANCEL_SUBMITTED, not an OperationOutcome; the job stays describable.
  const again = await fetch(`${hl.url}$export`, {
    method: 'POST',
    headers: fhirJson,
    body: JSON.stringify({ JobName: 'to-cancel', OutputDataConfig: { S3Configuration: { S3Uri: `s3://${BUCKET}/cancel`, KmsKeyId: KMS } }, DataAccessRoleArn: ROLE }),
  })
  const status = again.headers.get('content-location')!
  const cancel = await fetch(status, { method: 'DELETE' })
  t.equal(cancel.status, 202)
  const cancelled = (await cancel.json()) as { exportJobProperties?: { jobStatus: string; jobName: string; datastoreId: string } }
  t.match(cancelled.exportJobProperties, { jobStatus: 'CANCEL_SUBMITTED', jobName: 'to-cancel', datastoreId: 'dsrest' })
  const after = (await (await fetch(status)).json()) as { exportJobProperties: { jobStatus: string } }
  t.match(after.exportJobProperties.jobStatus, /^(CANCEL_(IN_PROGRESS|COMPLETED)|COMPLETED)$/, 'then it reports its cancel (or its end, had it finished first)')
})

t.test('BULK-11: HealthLake $export filters: _type, _since, _until, _tag and _security in the query narrow what is exported; others are refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'shoreline-export-'))
  const hl = await startServer({ datastoreId: 'dsflt' })
  t.teardown(() => hl.close())
  await seed(hl)
  // A clear millisecond on either side of the boundary.
  await sleep(5)
  const before = new Date().toISOString()
  await sleep(5)
  const put = (r: Record<string, unknown>) =>
    fetch(`${hl.url}${r.resourceType}/${r.id}`, { method: 'PUT', headers: fhirJson, body: JSON.stringify(r) }).then((x) => t.ok(x.status < 300))
  await put({
    resourceType: 'Patient',
    id: 'tagged',
    meta: { tag: [{ system: 'urn:run', code: 'r1' }], security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }] },
  })
  await put({
    resourceType: 'Observation',
    id: 'tagged-o',
    status: 'final',
    code: { text: 'x' },
    subject: { reference: 'Patient/tagged' },
    meta: { tag: [{ system: 'urn:run', code: 'r1' }] },
  })
  const exported = async (query: string) => {
    const out = pathToFileURL(join(dir, `o${Math.random().toString(36).slice(2)}`)).href
    const kick = await fetch(`${hl.url}$export${query}`, {
      method: 'POST',
      headers: fhirJson,
      body: JSON.stringify({ OutputDataConfig: { S3Configuration: { S3Uri: out, KmsKeyId: KMS } }, DataAccessRoleArn: ROLE }),
    })
    if (kick.status !== 202) return { status: kick.status, files: {} as Record<string, string[]> }
    const status = kick.headers.get('content-location')!
    for (let i = 0; i < 200; i++) {
      const p = ((await (await fetch(status)).json()) as { exportJobProperties: { jobStatus: string } }).exportJobProperties
      if (p.jobStatus === 'COMPLETED') break
      await sleep(20)
    }
    const { jobId } = (await kick.json()) as { jobId: string }
    const root = join(fileURLToPath(out), `dsflt-FHIR_EXPORT-${jobId}`)
    const files: Record<string, string[]> = {}
    for (const f of existsSync(root) ? readdirSync(root) : [])
      files[f] = readFileSync(join(root, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: string }).id)
        .sort()
    return { status: 202, files }
  }
  t.same(Object.keys((await exported('?_type=Patient')).files), ['Patient.ndjson'], '_type')
  t.same((await exported(`?_since=${encodeURIComponent(before)}`)).files, { 'Observation.ndjson': ['tagged-o'], 'Patient.ndjson': ['tagged'] }, '_since')
  t.same((await exported(`?_type=Patient&_until=${encodeURIComponent(before)}`)).files, { 'Patient.ndjson': ['p1', 'p2', 'p3'] }, '_until')
  t.same((await exported(`?_tag=${encodeURIComponent('urn:run|r1')}`)).files, { 'Observation.ndjson': ['tagged-o'], 'Patient.ndjson': ['tagged'] }, '_tag')
  t.same((await exported(`?_security=${encodeURIComponent('http://terminology.hl7.org/CodeSystem/v3-Confidentiality|R')}`)).files, { 'Patient.ndjson': ['tagged'] }, '_security')
  t.equal((await exported('?_typeFilter=Patient%3Fgender%3Dmale')).status, 400, 'a Bulk Data parameter HealthLake does not document is refused')
  t.equal((await exported('?_until=yesterday')).status, 400, '_until must be an instant')
})

t.test('BULK-10: file:// input and output; a job with no input files ends FAILED with a Message', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'shoreline-import-'))
  mkdirSync(join(dir, 'in'))
  mkdirSync(join(dir, 'empty'))
  writeFileSync(join(dir, 'in', 'a.ndjson'), bigNdjson(20, 'fi'))
  const hl = await startServer({ datastoreId: 'dsfile' })
  t.teardown(() => hl.close())
  const client = new HealthLakeClient({ endpoint: hl.origin, region: 'us-east-1', credentials: DEFAULT_SIGV4 })
  t.teardown(() => client.destroy())
  const out = pathToFileURL(join(dir, 'out')).href
  const run = async (input: string) => {
    const { JobId } = await client.send(
      new StartFHIRImportJobCommand({
        DatastoreId: 'dsfile',
        InputDataConfig: { S3Uri: pathToFileURL(join(dir, input)).href },
        JobOutputDataConfig: { S3Configuration: { S3Uri: out, KmsKeyId: KMS } },
        DataAccessRoleArn: ROLE,
      }),
    )
    for (let i = 0; i < 200; i++) {
      const p = (await client.send(new DescribeFHIRImportJobCommand({ DatastoreId: 'dsfile', JobId }))).ImportJobProperties!
      if (['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED'].includes(p.JobStatus!)) return p
      await sleep(10)
    }
    throw new Error('never finished')
  }
  const ok = await run('in')
  t.equal(ok.JobStatus, 'COMPLETED')
  t.equal(ok.JobProgressReport!.TotalNumberOfResourcesImported, 20)
  const root = join(dir, 'out', `dsfile-FHIR_IMPORT-${ok.JobId}`)
  t.same(readdirSync(root).sort(), ['FAILURE', 'SUCCESS', 'manifest.json'])
  t.equal(JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')).numberOfResourcesImportedSuccessfully, 20)
  const failed = await run('empty')
  t.equal(failed.JobStatus, 'FAILED')
  t.match(failed.Message, /no input files/)
})

t.test(
  'BULK-12: import quotas (--import-quotas): over files per job, MB per file or GB per job the job FAILS with a Message; over the queue or the start rate StartFHIRImportJob is refused',
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'shoreline-quota-'))
    mkdirSync(join(dir, 'two'))
    writeFileSync(join(dir, 'two', 'a.ndjson'), bigNdjson(5, 'qa'))
    writeFileSync(join(dir, 'two', 'b.ndjson'), bigNdjson(5, 'qb'))
    const run = async (quotas: Partial<ImportQuotas>, input: string) => {
      const hl = await startServer({ datastoreId: 'dsq', importQuotas: { ...DEFAULT_IMPORT_QUOTAS, ...quotas } })
      const client = new HealthLakeClient({ endpoint: hl.origin, region: 'us-east-1', credentials: DEFAULT_SIGV4, maxAttempts: 1 })
      try {
        const start = () =>
          client.send(
            new StartFHIRImportJobCommand({
              DatastoreId: 'dsq',
              InputDataConfig: { S3Uri: pathToFileURL(join(dir, input)).href },
              JobOutputDataConfig: { S3Configuration: { S3Uri: pathToFileURL(join(dir, 'out')).href, KmsKeyId: KMS } },
              DataAccessRoleArn: ROLE,
            }),
          )
        const { JobId } = await start()
        let p
        for (let i = 0; i < 200; i++) {
          p = (await client.send(new DescribeFHIRImportJobCommand({ DatastoreId: 'dsq', JobId }))).ImportJobProperties!
          if (['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED'].includes(p.JobStatus!)) break
          await sleep(10)
        }
        return {
          props: p!,
          again: await start().then(
            () => 'started',
            (e: Error) => e.name,
          ),
        }
      } finally {
        client.destroy()
        await hl.close()
      }
    }
    t.equal((await run({}, 'two')).props.JobStatus, 'COMPLETED', 'within the default quotas')
    const files = await run({ filesPerJob: 1 }, 'two')
    t.equal(files.props.JobStatus, 'FAILED')
    t.match(files.props.Message, /2 input files; the quota is 1 files per import job/)
    t.match((await run({ fileMB: 0.0001 }, 'two')).props.Message, /a\.ndjson is .* MB; the quota is 0\.0001 MB per file/)
    t.match((await run({ jobGB: 0.000001 }, 'two')).props.Message, /GB; the quota is 0\.000001 GB per import job/)
    t.equal((await run({ startTps: 1 }, 'two')).again, 'ThrottlingException', 'a second start within the second is throttled')
    t.equal((await run({ startTps: 1000, queued: 1, filesPerJob: 10 }, 'two')).again, 'started', 'a finished job does not count against the queue')
    t.throws(() => parseImportQuotas('files=0'), /positive number/)
    t.throws(() => parseImportQuotas('nonsense=1'), /unknown import quota "nonsense"/)
    t.same(parseImportQuotas('files=3,fileMB=2'), { ...DEFAULT_IMPORT_QUOTAS, filesPerJob: 3, fileMB: 2 })
  },
)
