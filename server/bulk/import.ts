// Bulk import, two ways in, one engine:
// - FHIR `$import` in the Bulk Data import draft's ping-and-pull form (github.com/smart-on-fhir/
//   bulk-import, "ping and pull"): the kick-off names a manifest URL; the server fetches it and
//   pulls each NDJSON file over HTTP (loopback hosts only unless configured).
// - HealthLake's StartFHIRImportJob (server/healthlake/control-plane.ts): NDJSON under an S3
//   prefix (or file://), output manifest.json + SUCCESS/ + FAILURE/ under the output prefix.
// Every line ends up in exactly one bucket: imported, customer error (bad JSON, no id, fails the
// job's ValidationLevel) or server error; scanned = imported + customer errors + server errors.
import { randomBytes } from 'node:crypto'
import { badRequest, notFound, OutcomeError, outcome } from '../../lib/outcomes.js'
import { parseLevel, type ValidationLevel } from '../../lib/validation/levels.js'
import type { Env, FhirRequest, Handler, Reply } from '../rest/types.js'
import { VALIDATION_HEADER } from '../rest/repository.js'
import { TERMINAL, type BulkContext, type QueuedJob } from './queue.js'
import type { OutcomeKind } from './ledger.js'
import { importFiles } from './import-run.js'
import { preparerCount, Preparers } from './prepare-pool.js'
import { joinUri } from '../../lib/object-storage.js'
import { NDJSON, rebase } from './export.js'

export interface ImportSource {
  /** Output files are named after the input file. */
  name: string
  uri: string
  size: number
  /** The file's bytes as they arrive (gunzipped when its name ends in .gz). */
  open(): Promise<AsyncIterable<Buffer | string>>
}

export interface ImportCounters {
  scannedFiles: number
  scannedMB: number
  importedFiles: number
  filesWithCustomerError: number
  scanned: number
  imported: number
  customerErrors: number
  serverErrors: number
}

/** One input file as far as the job has read it; its outcome lines are in the ledger. */
export interface ImportFile {
  name: string
  /** Lines imported, imported with validation issues (minimal), refused or failed. */
  success: number
  flagged: number
  failure: number
  customerErrors: number
}

export interface ImportJob extends QueuedJob {
  kind: 'import'
  level: ValidationLevel
  counters: ImportCounters
  /** The input files in the order read. */
  files: ImportFile[]
  /** Where the job picks up if it is run again (after a stop or a crash): input file, its name, its next line. */
  resume?: { file: number; name: string; line: number }
  transactionTime: string
  request: string
  healthlake?: { jobName?: string; inputS3Uri: string; outputS3Uri: string; kmsKeyId: string; roleArn: string; clientToken?: string }
  /** $import: the manifest URL pulled. */
  manifestUrl?: string
  /** $import: the client sent DELETE to the status URL; from then on it answers 404. */
  deleted?: boolean
  throughputStart?: number
}

export interface ImportOptions extends BulkContext {
  /** Hosts `$import` may pull from (default: loopback only). */
  allowHosts?: string[]
  /** Lines per SQLite transaction. */
  batchLines?: number
  /** Threads examining lines ahead of the writer (default: the cores but one, at most four; 0: none). */
  prepareThreads?: number
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]', '::1']

export class ImportService {
  readonly jobs = new Map<string, ImportJob>()
  /** Batches examined on preparing threads, over every job this server ran (the rest were examined on the main thread). */
  threadBatches = 0
  /** The running job's preparing threads. */
  preparing?: Preparers

  constructor(private readonly o: ImportOptions) {}

  operations(): Array<[string, string, Handler]> {
    return [['POST', '$import', (env, req) => this.kickOff(env, req)]]
  }

  newJob(level: ValidationLevel, request: string): ImportJob {
    const id = randomBytes(16).toString('hex')
    const job: ImportJob = {
      id,
      kind: 'import',
      status: 'SUBMITTED',
      submitTime: Date.now(),
      level,
      counters: { scannedFiles: 0, scannedMB: 0, importedFiles: 0, filesWithCustomerError: 0, scanned: 0, imported: 0, customerErrors: 0, serverErrors: 0 },
      files: [],
      transactionTime: new Date().toISOString(),
      request,
    }
    this.jobs.set(id, job)
    return job
  }

  /** `POST {base}$import` with Parameters { manifestUrl | exportUrl (static), validationLevel? }. */
  private kickOff(_env: Env, req: FhirRequest): Reply {
    if (!/respond-async/.test(req.headers.prefer ?? '')) throw badRequest('an $import kick-off needs `Prefer: respond-async`')
    if (
      req.access &&
      !this.o.faults.has('rs-scopes-ignored') &&
      !req.access.scopes.some((s) => s.type === '*' && s.perms.has('c') && s.perms.has('u') && s.context !== 'patient')
    ) {
      throw new OutcomeError(403, 'forbidden', '$import needs a user/ or system/ scope granting create and update on every type (e.g. system/*.cu)')
    }
    const body = req.body as { resourceType?: string; parameter?: Array<Record<string, unknown>> } | undefined
    if (body?.resourceType !== 'Parameters') throw badRequest('$import takes a Parameters resource')
    const param = (name: string) => {
      const p = body.parameter?.find((x) => x.name === name)
      return p ? (Object.entries(p).find(([k]) => k.startsWith('value'))?.[1] as string | undefined) : undefined
    }
    const manifestUrl = param('manifestUrl') ?? param('exportUrl')
    if (!manifestUrl) throw badRequest('$import needs a manifestUrl (or exportUrl with exportType static) parameter')
    const exportType = param('exportType')
    if (exportType && exportType !== 'static') throw badRequest(`exportType ${exportType} is not supported; this server pulls a static manifest`)
    this.checkHost(manifestUrl)
    const levelText = param('validationLevel') ?? req.headers[VALIDATION_HEADER]
    const level = levelText === undefined ? 'strict' : parseLevel(levelText)
    if (!level) throw badRequest(`validationLevel must be strict, structure-only or minimal, got ${JSON.stringify(levelText)}`)
    const job = this.newJob(level, `${this.o.base()}$import`)
    job.manifestUrl = manifestUrl
    this.o.queue.enqueue(job, async () => this.run(job, await this.sourcesOf(job)))
    return { status: 202, headers: { 'Content-Location': `${this.o.base()}import/${job.id}` }, body: outcome('informational', `import job ${job.id} accepted`, 'information') }
  }

  private checkHost(url: string) {
    let u: URL
    try {
      u = new URL(url)
    } catch {
      throw badRequest(`${url} is not a URL`)
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw badRequest(`$import pulls over http(s) only, not ${u.protocol}`)
    const allowed = this.o.allowHosts ?? LOOPBACK
    if (!allowed.includes(u.hostname)) throw badRequest(`$import may not pull from ${u.hostname} (allowed: ${allowed.join(', ')})`)
  }

  /** The static manifest's output files, fetched lazily. */
  private async pullSources(manifestUrl: string): Promise<ImportSource[]> {
    const res = await fetch(manifestUrl, { redirect: 'error', signal: AbortSignal.timeout(30_000) })
    if (!res.ok) throw new Error(`fetching the manifest ${manifestUrl} gave HTTP ${res.status}`)
    const manifest = (await res.json()) as { output?: Array<{ type?: string; url?: string }> }
    if (!Array.isArray(manifest.output)) throw new Error(`the manifest at ${manifestUrl} has no output array`)
    return manifest.output.map((o, i) => {
      if (typeof o.url !== 'string') throw new Error(`manifest output[${i}] has no url`)
      const url = new URL(o.url, manifestUrl).toString()
      this.checkHost(url)
      return {
        name: decodeURIComponent(url.split('/').pop() || `file-${i}.ndjson`),
        uri: url,
        size: 0,
        open: () => pull(url),
      }
    })
  }

  /** A job's input: the `$import` manifest's files, or the objects under a HealthLake job's input prefix. */
  async sourcesOf(job: ImportJob): Promise<ImportSource[]> {
    if (job.manifestUrl) return this.pullSources(job.manifestUrl)
    if (job.healthlake) return this.sourcesAt(job.healthlake.inputS3Uri)
    throw new Error('the job names no input')
  }

  /** The job's record in the ledger (everything but the runner's flags). */
  persist(job: ImportJob) {
    const { cancelRequested: _c, stopRequested: _s, ...record } = job
    this.o.ledger.save(job.id, 'import', job.submitTime, record)
  }

  /**
   * A job a stopped server left: finished ones are answered as before; unfinished ones run again
   * from the batch after the last one committed (queued ones from the start).
   */
  restore(record: Record<string, unknown>) {
    const job = record as unknown as ImportJob
    job.request = rebase(job.request, this.o.base())
    this.jobs.set(job.id, job)
    if (job.status === 'CANCEL_SUBMITTED' || job.status === 'CANCEL_IN_PROGRESS') {
      job.status = 'CANCEL_COMPLETED'
      job.endTime = Date.now()
      this.persist(job)
    } else if (!TERMINAL.has(job.status)) this.o.queue.enqueue(job, async () => this.run(job, await this.sourcesOf(job)))
  }

  /**
   * Reads, validates and stores every line of every source; writes HealthLake output when asked.
   * Each batch of lines is one SQLite transaction holding its resources, its outcome lines and the
   * job's progress, so a job run again after a crash starts at the first line not committed.
   */
  async run(job: ImportJob, sources: ImportSource[]): Promise<void> {
    const c = job.counters
    job.throughputStart ??= Date.now()
    const from = job.resume ?? { file: 0, name: sources[0]?.name ?? '', line: 0 }
    if (from.file > 0 || from.line > 0) {
      const found = sources[from.file]?.name
      if (found !== from.name && from.file < sources.length)
        throw new Error(`the input changed while the server was stopped: file ${from.file + 1} was ${from.name}, is now ${found ?? 'missing'}; start a new job`)
    }
    const preparers = (this.preparing = new Preparers(this.o.prepareThreads ?? preparerCount()))
    try {
      const context = {
        store: this.o.store,
        faults: this.o.faults,
        ledger: this.o.ledger,
        persist: (j: ImportJob) => this.persist(j),
        batchLines: this.o.batchLines ?? 2000,
        preparers,
      }
      await importFiles(context, job, sources)
    } finally {
      await preparers.close()
      this.threadBatches += preparers.onThreads
    }
    if (job.stopRequested && !job.cancelRequested) return
    if (this.o.faults.has('import-counters-wrong')) c.imported += 1
    if (job.healthlake) await this.writeHealthLakeOutput(job)
    job.status = job.cancelRequested ? 'CANCEL_COMPLETED' : c.customerErrors + c.serverErrors > 0 ? 'COMPLETED_WITH_ERRORS' : 'COMPLETED'
    job.endTime = Date.now()
  }

  /** `<output>/<datastoreId>-FHIR_IMPORT-<jobId>/{manifest.json, SUCCESS/<file>, FAILURE/<file>}`. */
  private async writeHealthLakeOutput(job: ImportJob) {
    const hl = job.healthlake!
    const root = joinUri(hl.outputS3Uri, `${this.o.datastoreId}-FHIR_IMPORT-${job.id}`)
    let successBytes = 0
    const body = (name: string, kind: OutcomeKind) => {
      const lines = this.o.ledger.lines(job.id, name, kind)
      return lines.length ? lines.join('\n') + '\n' : ''
    }
    for (const { name } of job.files) {
      const success = body(name, 'success')
      successBytes += Buffer.byteLength(success)
      await this.o.storage.write(joinUri(root, 'SUCCESS', name), success, hl.kmsKeyId)
      const flagged = body(name, 'flagged')
      if (flagged) {
        successBytes += Buffer.byteLength(flagged)
        await this.o.storage.write(joinUri(root, 'SUCCESS_WITH_SEARCH_VALIDATION_FAILURES', name), flagged, hl.kmsKeyId)
      }
      await this.o.storage.write(joinUri(root, 'FAILURE', name), body(name, 'failure'), hl.kmsKeyId)
    }
    const c = job.counters
    const manifest = {
      inputDataConfig: { s3Uri: hl.inputS3Uri },
      outputDataConfig: { s3Uri: root, encryptionKeyID: hl.kmsKeyId },
      successOutput: { successOutputS3Uri: joinUri(root, 'SUCCESS') + '/' },
      failureOutput: { failureOutputS3Uri: joinUri(root, 'FAILURE') + '/' },
      numberOfScannedFiles: c.scannedFiles,
      numberOfFilesImported: c.importedFiles,
      sizeOfScannedFilesInMB: round(c.scannedMB),
      sizeOfDataImportedSuccessfullyInMB: round(successBytes / 1_048_576),
      numberOfResourcesScanned: c.scanned,
      numberOfResourcesImportedSuccessfully: c.imported,
      numberOfResourcesWithCustomerError: c.customerErrors,
      numberOfResourcesWithServerError: c.serverErrors,
    }
    await this.o.storage.write(joinUri(root, 'manifest.json'), JSON.stringify(manifest, null, 2), hl.kmsKeyId)
    // The outcome is in the job's output now; the ledger keeps the job's record, not its lines.
    this.o.ledger.dropLines(job.id)
  }

  /** The sources under an s3:// or file:// prefix. */
  async sourcesAt(uri: string): Promise<ImportSource[]> {
    const objects = await this.o.storage.list(uri)
    return objects.filter((o) => o.size > 0).map((o) => ({ name: o.uri.split('/').pop()!, uri: o.uri, size: o.size, open: () => this.o.storage.stream(o.uri) }))
  }

  /** `GET|DELETE {base}import/<id>[/<kind>/<file>]`: status, cancel, outcome files. */
  async handle(method: string, parts: string[]): Promise<{ status: number; headers: Record<string, string>; body?: unknown; raw?: Buffer }> {
    const [, id, kind, file] = parts
    const job = this.jobs.get(id ?? '')
    // import-status-after-delete: the polling location keeps answering after a DELETE.
    if (!job || job.healthlake || (job.deleted && !this.o.faults.has('import-status-after-delete'))) throw notFound(`import job ${id}`)
    if (method === 'DELETE') {
      this.o.queue.cancel(job)
      // Bulk import (ping and pull): after a DELETE the polling location answers 404 with an OperationOutcome.
      job.deleted = true
      this.persist(job)
      return { status: 202, headers: {}, body: outcome('informational', `import job ${id} cancelled`, 'information') }
    }
    if (method !== 'GET') throw new OutcomeError(405, 'not-supported', `${method} is not supported on an import job`)
    if (kind !== undefined) {
      const known = job.files.some((x) => x.name === file)
      const lines =
        !known || !TERMINAL.has(job.status)
          ? undefined
          : kind === 'success'
            ? [...this.o.ledger.lines(job.id, file!, 'success'), ...this.o.ledger.lines(job.id, file!, 'flagged')]
            : kind === 'failure'
              ? this.o.ledger.lines(job.id, file!, 'failure')
              : undefined
      if (!lines) throw notFound(`import output ${kind}/${file}`)
      return { status: 200, headers: { 'Content-Type': NDJSON }, raw: Buffer.from(lines.length ? lines.join('\n') + '\n' : '') }
    }
    if (job.status === 'FAILED') return { status: 500, headers: {}, body: outcome('exception', `import failed: ${job.message ?? 'unknown error'}`) }
    if (!TERMINAL.has(job.status)) return { status: 202, headers: { 'Retry-After': '1', 'X-Progress': `${job.counters.scanned} resources scanned` } }
    const url = (k: string, name: string) => `${this.o.base()}import/${job.id}/${k}/${encodeURIComponent(name)}`
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: {
        transactionTime: job.transactionTime,
        request: job.request,
        requiresAccessToken: false,
        jobStatus: job.status,
        validationLevel: job.level,
        counters: job.counters,
        output: job.files.map((x) => ({ type: 'OperationOutcome', inputUrl: x.name, url: url('success', x.name), count: x.success + x.flagged })),
        error: job.files.filter((x) => x.failure > 0).map((x) => ({ type: 'OperationOutcome', inputUrl: x.name, url: url('failure', x.name), count: x.failure })),
      },
    }
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000

/** An `$import` input file over HTTP, streamed; given up when no bytes come for a minute. */
async function pull(url: string): Promise<AsyncIterable<Buffer>> {
  const idle = new AbortController()
  const timer = setTimeout(() => idle.abort(new Error(`no data from ${url} for 60 s`)), 60_000)
  const r = await fetch(url, { redirect: 'error', signal: idle.signal }).catch((err: Error) => {
    clearTimeout(timer)
    throw err
  })
  if (!r.ok || !r.body) {
    clearTimeout(timer)
    throw new Error(`fetching ${url} gave HTTP ${r.status}`)
  }
  const body = r.body
  return (async function* () {
    try {
      for await (const chunk of body) {
        timer.refresh()
        yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      }
    } finally {
      clearTimeout(timer)
    }
  })()
}
