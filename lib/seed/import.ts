// Bulk import from the client side, two ways:
// - FHIR `$import` (ping and pull): the dataset's NDJSON served from a short-lived loopback file
//   server (or already hosted at a given base URL), kick-off, polling that honours Retry-After,
//   the outcome files read back;
// - HealthLake: NDJSON uploaded to S3 (@aws-sdk/lib-storage, multipart for large files, KMS),
//   StartFHIRImportJob, DescribeFHIRImportJob polled at ≤ 1 call/s, then manifest.json and FAILURE read.
// Every FAILURE line (file, lineId) is mapped back to the generated resource — and, for the
// invalid corpus, to its label and the outcome expected at the job's validation level.
import { createReadStream, readFileSync, statSync } from 'node:fs'
import { fileServer } from './file-server.js'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { createInterface } from 'node:readline'
import { basename, join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { pause, stoppedBy } from '../run-control.js'
import { gunzipSync } from 'node:zlib'
import { InputError, TargetUnreachableError } from '../errors.js'
import type { ValidationLevel } from '../validation/levels.js'
import type { TargetClient } from '../target/client.js'
import { trustOf } from '../target/trust.js'
import type { Dataset } from './dataset.js'

export interface ImportFile {
  /** Name the target sees (and names its output after). */
  name: string
  path: string
  /** For the invalid corpus: lineId → label and expected outcome per level. */
  labels?: Map<number, { label: string; expected: Record<ValidationLevel, 'accepted' | 'rejected'> }>
}

export interface ImportFailure {
  file: string
  lineId: number
  type?: string
  id?: string
  label?: string
  status: number
  diagnostics: string
}

export interface ImportOutcome {
  jobId: string
  status: string
  scanned: number
  imported: number
  customerErrors: number
  serverErrors: number
  failures: ImportFailure[]
  /** Corpus items whose outcome differed from their label at this level. */
  corpusUnexpected: Array<{ label: string; expected: string; got: string }>
  corpusChecked: number
  seconds: number
}

export function importFiles(ds: Dataset, withCorpus: boolean): ImportFile[] {
  const files: ImportFile[] = ds.files.map((f) => ({ name: basename(f.path), path: join(ds.dir, f.path) }))
  if (withCorpus) {
    const labelsPath = join(ds.dir, 'invalid', 'labels.json')
    let labels: { items: Array<{ lineId: number; label: string; expected: Record<ValidationLevel, 'accepted' | 'rejected'> }> }
    try {
      labels = JSON.parse(readFileSync(labelsPath, 'utf8'))
    } catch {
      throw new InputError('no invalid corpus in the dataset (generate it with --invalid)', labelsPath)
    }
    files.push({
      name: 'invalid-corpus.ndjson',
      path: join(ds.dir, 'invalid', 'corpus.ndjson'),
      labels: new Map(labels.items.map((i) => [i.lineId, { label: i.label, expected: i.expected }])),
    })
  }
  return files
}

/** The resource on each line of a file: lineId (from 1, blank lines counted) → Type/id. */
function lineIndex(path: string): Map<number, { type?: string; id?: string }> {
  const out = new Map<number, { type?: string; id?: string }>()
  const text = path.endsWith('.gz') ? gunzipSync(readFileSync(path)).toString('utf8') : readFileSync(path, 'utf8')
  text.split('\n').forEach((line, i) => {
    const type = /"resourceType":"([A-Za-z]+)"/.exec(line)?.[1]
    const id = /^\{"resourceType":"[A-Za-z]+","id":"([^"]+)"/.exec(line)?.[1]
    if (line.trim()) out.set(i + 1, { type, id })
  })
  return out
}

function mapFailures(files: ImportFile[], failed: Array<{ file: string; lines: string }>, level: ValidationLevel, out: ImportOutcome) {
  const byName = new Map(files.map((f) => [f.name, f]))
  const rejectedCorpus = new Map<string, Set<number>>()
  for (const { file, lines } of failed) {
    const f = byName.get(file)
    const index = f ? lineIndex(f.path) : new Map()
    for (const line of lines.split('\n').filter(Boolean)) {
      let row: { lineId?: number; UpdateResourceResponse?: { jsonBlob?: { issue?: Array<{ diagnostics?: string }> }; statusCode?: number } }
      try {
        row = JSON.parse(line)
      } catch {
        continue
      }
      const lineId = Number(row.lineId)
      const where = index.get(lineId)
      const label = f?.labels?.get(lineId)?.label
      if (f?.labels) rejectedCorpus.set(file, (rejectedCorpus.get(file) ?? new Set()).add(lineId))
      out.failures.push({
        file,
        lineId,
        type: where?.type,
        id: where?.id,
        ...(label ? { label } : {}),
        status: row.UpdateResourceResponse?.statusCode ?? 0,
        diagnostics: (row.UpdateResourceResponse?.jsonBlob?.issue ?? []).map((i) => i.diagnostics).join('; ') || 'no diagnostics',
      })
    }
  }
  for (const f of files) {
    if (!f.labels) continue
    for (const [lineId, l] of f.labels) {
      const got = rejectedCorpus.get(f.name)?.has(lineId) ? 'rejected' : 'accepted'
      out.corpusChecked++
      if (l.expected[level] !== got) out.corpusUnexpected.push({ label: l.label, expected: l.expected[level], got })
    }
  }
}

function emptyOutcome(): ImportOutcome {
  return { jobId: '', status: '', scanned: 0, imported: 0, customerErrors: 0, serverErrors: 0, failures: [], corpusUnexpected: [], corpusChecked: 0, seconds: 0 }
}

// ---- FHIR $import --------------------------------------------------------------------------------

export async function fhirImport(
  client: TargetClient,
  files: ImportFile[],
  level: ValidationLevel,
  o: { filesUrl?: string; timeoutMs: number; signal?: AbortSignal },
): Promise<ImportOutcome> {
  const started = performance.now()
  const hosted = o.filesUrl ? undefined : await fileServer(files)
  try {
    const manifestUrl = o.filesUrl ? new URL('manifest.json', o.filesUrl).toString() : `${hosted!.url}manifest.json`
    const kick = await client.request('POST', '$import', {
      headers: { prefer: 'respond-async' },
      body: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'manifestUrl', valueUrl: manifestUrl },
          { name: 'validationLevel', valueCode: level },
        ],
      },
    })
    if (kick.status !== 202) throw new TargetUnreachableError(`$import kick-off answered HTTP ${kick.status}: ${kick.text.slice(0, 300)}`)
    const status = kick.headers['content-location']
    if (!status) throw new TargetUnreachableError('$import kick-off answered 202 without Content-Location')
    const deadline = Date.now() + o.timeoutMs
    for (;;) {
      const res = await client.request('GET', status)
      if (res.status === 200) {
        const body = res.json<{ jobStatus?: string; counters?: Record<string, number>; error?: Array<{ url: string; inputUrl?: string }> }>()
        const out = emptyOutcome()
        out.jobId = status.split('/').pop()!
        out.status = body.jobStatus ?? 'COMPLETED'
        out.scanned = body.counters?.scanned ?? 0
        out.imported = body.counters?.imported ?? 0
        out.customerErrors = body.counters?.customerErrors ?? 0
        out.serverErrors = body.counters?.serverErrors ?? 0
        const failed = []
        for (const e of body.error ?? []) failed.push({ file: decodeURIComponent(e.inputUrl ?? e.url.split('/').pop()!), lines: (await client.request('GET', e.url)).text })
        mapFailures(files, failed, level, out)
        out.seconds = (performance.now() - started) / 1000
        return out
      }
      if (res.status !== 202) throw new TargetUnreachableError(`$import status answered HTTP ${res.status}: ${res.text.slice(0, 300)}`)
      if (Date.now() > deadline) throw new TargetUnreachableError(`$import did not finish within ${o.timeoutMs / 1000} s`)
      const after = Number(res.headers['retry-after'] ?? 1)
      await pause(Math.min(Math.max(Number.isFinite(after) ? after : 1, 0.05), 30) * 1000, o.signal)
    }
  } finally {
    hosted?.server.close()
  }
}

// ---- HealthLake ----------------------------------------------------------------------------------

/**
 * Files over `maxBytes` cut into parts at line ends (`Observation.part-0001.ndjson`, …) in `workDir`
 * (the caller's, removed by it), so each stays within HealthLake's file-size quota; the others as
 * they are. A single line over the limit cannot be split and is refused, naming it.
 */
export async function splitFiles(files: ImportFile[], maxBytes: number, workDir: string): Promise<ImportFile[]> {
  const out: ImportFile[] = []
  for (const f of files) {
    if (statSync(f.path).size <= maxBytes || f.labels) {
      out.push(f)
      continue
    }
    const dir = workDir
    const stem = f.name.replace(/\.ndjson$/, '')
    let part = 0
    let size = 0
    let lines: string[] = []
    let lineNo = 0
    const flush = async () => {
      if (lines.length === 0) return
      part++
      const name = `${stem}.part-${String(part).padStart(4, '0')}.ndjson`
      await writeFile(join(dir, name), lines.join('\n') + '\n')
      out.push({ name, path: join(dir, name) })
      lines = []
      size = 0
    }
    for await (const line of createInterface({ input: createReadStream(f.path), crlfDelay: Infinity })) {
      lineNo++
      if (line === '') continue
      const bytes = Buffer.byteLength(line) + 1
      if (bytes > maxBytes) throw new InputError(`${f.name} line ${lineNo} is ${bytes} bytes, over the ${maxBytes}-byte file quota on its own`)
      if (size + bytes > maxBytes) await flush()
      lines.push(line)
      size += bytes
    }
    await flush()
  }
  return out
}

/** Several jobs' outcomes as one. */
function mergeOutcomes(outcomes: ImportOutcome[], started: number): ImportOutcome {
  if (outcomes.length === 1) return outcomes[0]!
  const out = emptyOutcome()
  out.jobId = outcomes.map((o) => o.jobId).join(',')
  out.status = outcomes.every((o) => o.status === 'COMPLETED') ? 'COMPLETED' : 'COMPLETED_WITH_ERRORS'
  for (const o of outcomes) {
    out.scanned += o.scanned
    out.imported += o.imported
    out.customerErrors += o.customerErrors
    out.serverErrors += o.serverErrors
    out.failures.push(...o.failures)
    out.corpusUnexpected.push(...o.corpusUnexpected)
    out.corpusChecked += o.corpusChecked
  }
  out.seconds = (performance.now() - started) / 1000
  return out
}

export interface HealthLakeImportOptions {
  datastoreId: string
  /** Control-plane endpoint override (the embedded server's origin); default: the AWS endpoint. */
  endpoint?: string
  region: string
  inputS3Uri: string
  outputS3Uri: string
  kmsKeyId: string
  roleArn: string
  s3Endpoint?: string
  timeoutMs: number
  /** Test credentials (the embedded server's); default: the AWS credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string }
  s3Credentials?: { accessKeyId: string; secretAccessKey: string }
  /** PEM certificates trusted besides the system's roots (the target's --ca-file), for the control plane and S3. */
  ca?: string
  /** HealthLake's import quotas, honoured: larger files are split at line ends, more files go in several jobs. */
  quotas?: { fileMB?: number; filesPerJob?: number }
  /** Where split parts are written (a temporary folder). */
  workDir?: string
  /** The run's stop (Ctrl-C, --max-duration): ends the wait for the job at once (the job itself goes on). */
  signal?: AbortSignal
}

export async function healthlakeImport(files: ImportFile[], level: ValidationLevel, o: HealthLakeImportOptions): Promise<ImportOutcome> {
  const started = performance.now()
  const { S3Client } = await import('@aws-sdk/client-s3')
  const { HealthLakeClient } = await import('@aws-sdk/client-healthlake')
  const requestHandler = o.ca ? { requestHandler: { httpsAgent: trustOf(o) } } : {}
  const s3 = new S3Client({
    ...requestHandler,
    region: o.region,
    ...(o.s3Endpoint ? { endpoint: o.s3Endpoint, forcePathStyle: true } : {}),
    ...(o.s3Credentials ? { credentials: o.s3Credentials } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
  const hl = new HealthLakeClient({
    ...requestHandler,
    region: o.region,
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    ...(o.credentials ? { credentials: o.credentials } : {}),
  })
  const parse = (uri: string) => {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri)
    if (!m) throw new InputError(`not an s3:// URI: ${uri}`)
    return { bucket: m[1] ?? '', prefix: m[2] ? m[2].replace(/\/?$/, '/') : '' }
  }
  const work = await mkdtemp(join(o.workDir ?? tmpdir(), 'shoreline-split-'))
  try {
    const parts = o.quotas?.fileMB ? await splitFiles(files, o.quotas.fileMB * 1_048_576, work) : files
    const perJob = o.quotas?.filesPerJob ?? Infinity
    // One job per batch of files, each under its own input prefix (a job imports everything under its prefix).
    const batches: ImportFile[][] = []
    for (let i = 0; i < parts.length; i += perJob) batches.push(parts.slice(i, i + perJob))
    const outcomes: ImportOutcome[] = []
    for (const [i, batch] of batches.entries()) {
      const input = batches.length === 1 ? o.inputS3Uri : `${o.inputS3Uri.replace(/\/?$/, '/')}batch-${String(i + 1).padStart(3, '0')}/`
      outcomes.push(await healthlakeJob(batch, level, { ...o, inputS3Uri: input }, s3, hl, started, parse))
    }
    return mergeOutcomes(outcomes, started)
  } catch (err) {
    // AWS errors (credentials, access, throttling past the SDK's retries) are the target's answer: one line, exit 3.
    if (o.signal?.aborted) throw stoppedBy(o.signal)
    const e = err as Error & { $metadata?: unknown; name: string }
    if (e.$metadata) throw new TargetUnreachableError(`${e.name}: ${e.message}`)
    throw err
  } finally {
    s3.destroy()
    hl.destroy()
    await rm(work, { recursive: true, force: true })
  }
}

async function healthlakeJob(
  files: ImportFile[],
  level: ValidationLevel,
  o: HealthLakeImportOptions,
  s3: import('@aws-sdk/client-s3').S3Client,
  hl: import('@aws-sdk/client-healthlake').HealthLakeClient,
  started: number,
  parse: (uri: string) => { bucket: string; prefix: string },
): Promise<ImportOutcome> {
  const { GetObjectCommand, ListObjectsV2Command } = await import('@aws-sdk/client-s3')
  const { Upload } = await import('@aws-sdk/lib-storage')
  const { StartFHIRImportJobCommand, DescribeFHIRImportJobCommand } = await import('@aws-sdk/client-healthlake')
  const input = parse(o.inputS3Uri)
  for (const f of files) {
    if (o.signal?.aborted) throw stoppedBy(o.signal)
    await new Upload({
      client: s3,
      params: {
        Bucket: input.bucket,
        Key: `${input.prefix}${f.name}`,
        Body: createReadStream(f.path),
        ...(o.s3Endpoint ? {} : { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: o.kmsKeyId }),
      },
      partSize: 16 * 1024 * 1024,
      queueSize: 4,
    }).done()
  }
  const start = await hl.send(
    new StartFHIRImportJobCommand({
      JobName: `shoreline-${level}-${Date.now()}`.slice(0, 64),
      DatastoreId: o.datastoreId,
      InputDataConfig: { S3Uri: `s3://${input.bucket}/${input.prefix}` },
      JobOutputDataConfig: { S3Configuration: { S3Uri: o.outputS3Uri, KmsKeyId: o.kmsKeyId } },
      DataAccessRoleArn: o.roleArn,
      ClientToken: randomUUID(),
      ValidationLevel: level,
    }),
  )
  const deadline = Date.now() + o.timeoutMs
  let props
  for (;;) {
    props = (await hl.send(new DescribeFHIRImportJobCommand({ DatastoreId: o.datastoreId, JobId: start.JobId }), { abortSignal: o.signal })).ImportJobProperties!
    if (['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCEL_COMPLETED', 'CANCEL_FAILED'].includes(props.JobStatus!)) break
    if (Date.now() > deadline) throw new TargetUnreachableError(`import job ${start.JobId} did not finish within ${o.timeoutMs / 1000} s (last status ${props.JobStatus})`)
    await pause(1000, o.signal) // ≤ 1 Describe per second, well under HealthLake's 10 TPS
  }
  const out = emptyOutcome()
  out.jobId = start.JobId!
  out.status = props.JobStatus!
  if (props.JobStatus === 'FAILED')
    throw new TargetUnreachableError(`import job ${start.JobId} FAILED${props.Message ? `: ${props.Message}` : ' (no message: read its manifest.json)'}`)
  const output = parse(o.outputS3Uri)
  const root = `${output.prefix}${o.datastoreId}-FHIR_IMPORT-${start.JobId}/`
  const read = async (key: string) => await (await s3.send(new GetObjectCommand({ Bucket: output.bucket, Key: key }))).Body!.transformToString()
  const manifest = JSON.parse(await read(`${root}manifest.json`)) as Record<string, number>
  out.scanned = manifest.numberOfResourcesScanned ?? 0
  out.imported = manifest.numberOfResourcesImportedSuccessfully ?? 0
  out.customerErrors = manifest.numberOfResourcesWithCustomerError ?? 0
  out.serverErrors = manifest.numberOfResourcesWithServerError ?? 0
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: output.bucket, Prefix: `${root}FAILURE/` }))
  const failed = []
  for (const obj of listed.Contents ?? []) failed.push({ file: obj.Key!.split('/').pop()!, lines: await read(obj.Key!) })
  mapFailures(files, failed, level, out)
  out.seconds = (performance.now() - started) / 1000
  return out
}
