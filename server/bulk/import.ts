// Bulk import, two ways in, one engine:
// - FHIR `$import` in the Bulk Data import draft's ping-and-pull form (github.com/smart-on-fhir/
//   bulk-import, "ping and pull"): the kick-off names a manifest URL; the server fetches it and
//   pulls each NDJSON file over HTTP (loopback hosts only unless configured).
// - HealthLake's StartFHIRImportJob (server/healthlake/control-plane.ts): NDJSON under an S3
//   prefix (or file://), output manifest.json + SUCCESS/ + FAILURE/ under the output prefix.
// Every line ends up in exactly one bucket: imported, customer error (bad JSON, no id, fails the
// job's ValidationLevel) or server error; scanned = imported + customer errors + server errors.
import { randomBytes } from 'node:crypto'
import { setImmediate as tick } from 'node:timers/promises'
import { badRequest, notFound, OutcomeError, outcome, type OperationOutcome } from '../../lib/outcomes.js'
import { validateResource } from '../../lib/validation/validator.js'
import { flaggedAt, issuesOutcome, levelRejects, markValidationIssues, parseLevel, type ValidationLevel } from '../../lib/validation/levels.js'
import type { Env, FhirRequest, Handler, Reply } from '../rest/types.js'
import { VALIDATION_HEADER } from '../rest/repository.js'
import type { Resource } from '../store/store.js'
import { TERMINAL, type BulkContext, type QueuedJob } from './queue.js'
import { joinUri } from '../../lib/object-storage.js'
import { NDJSON } from './export.js'

export interface ImportSource {
  /** Output files are named after the input file. */
  name: string
  uri: string
  size: number
  read(): Promise<Buffer>
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

export interface ImportJob extends QueuedJob {
  kind: 'import'
  level: ValidationLevel
  counters: ImportCounters
  /** Per input file: SUCCESS and FAILURE lines, and the imported lines stored with validation issues (minimal). */
  success: Map<string, string[]>
  flagged: Map<string, string[]>
  failure: Map<string, string[]>
  transactionTime: string
  request: string
  healthlake?: { jobName?: string; inputS3Uri: string; outputS3Uri: string; kmsKeyId: string; roleArn: string; clientToken?: string }
  /** $import: the manifest URL pulled. */
  manifestUrl?: string
  throughputStart?: number
}

export interface ImportOptions extends BulkContext {
  /** Hosts `$import` may pull from (default: loopback only). */
  allowHosts?: string[]
  /** Lines per SQLite transaction. */
  batchLines?: number
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]', '::1']

export class ImportService {
  readonly jobs = new Map<string, ImportJob>()

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
      success: new Map(),
      flagged: new Map(),
      failure: new Map(),
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
    this.o.queue.enqueue(job, async () => this.run(job, await this.pullSources(manifestUrl)))
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
        read: async () => {
          const r = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(300_000) })
          if (!r.ok) throw new Error(`fetching ${url} gave HTTP ${r.status}`)
          return Buffer.from(await r.arrayBuffer())
        },
      }
    })
  }

  /** Reads, validates and stores every line of every source; writes HealthLake output when asked. */
  async run(job: ImportJob, sources: ImportSource[]): Promise<void> {
    const f = this.o.faults
    const store = this.o.store
    const batch = this.o.batchLines ?? 500
    const c = job.counters
    job.throughputStart = Date.now()
    let ordinal = 0
    for (const source of sources) {
      if (job.cancelRequested) break
      const bytes = await source.read()
      c.scannedFiles++
      c.scannedMB += bytes.length / 1_048_576
      const success: string[] = []
      const flagged: string[] = []
      const failure: string[] = []
      const lines = bytes.toString('utf8').split('\n')
      let fileCustomerErrors = 0
      for (let start = 0; start < lines.length; start += batch) {
        if (job.cancelRequested) break
        store.transaction(() => {
          for (let i = start; i < Math.min(start + batch, lines.length); i++) {
            const text = (lines[i] ?? '').trim()
            if (text === '') continue
            const lineId = i + 1
            c.scanned++
            ordinal++
            const reject = (oo: OperationOutcome, status = 400) => {
              c.customerErrors++
              fileCustomerErrors++
              if (!f.has('import-no-failure-output')) failure.push(JSON.stringify({ lineId, UpdateResourceResponse: { jsonBlob: oo, statusCode: status } }))
            }
            let resource: Resource
            try {
              resource = JSON.parse(text) as Resource
            } catch {
              reject(outcome('structure', `Invalid JSON found in input file ${source.name} at line ${lineId}`))
              continue
            }
            if (!resource || typeof resource !== 'object' || Array.isArray(resource) || typeof resource.resourceType !== 'string') {
              reject(outcome('structure', 'Invalid resource: resourceType is missing'))
              continue
            }
            if (typeof resource.id !== 'string' || resource.id === '') {
              reject(outcome('required', 'Missing required id field in resource json'))
              continue
            }
            const level = f.has('import-structure-only-rejects-valid') && job.level === 'structure-only' ? 'strict' : job.level
            const issues = f.has('import-strict-accepts-invalid') && job.level === 'strict' ? [] : validateResource(resource, { requireId: true })
            const problems = issues.filter((p) => levelRejects(level, p.rule))
            if (problems.length) {
              reject({
                resourceType: 'OperationOutcome',
                issue: problems.map((p) => ({ severity: 'error', code: 'processing', diagnostics: `[${p.rule}] ${p.message}`, ...(p.path ? { expression: [p.path] } : {}) })),
              })
              continue
            }
            // import-drops-every-1000th: counted and reported as imported, never stored.
            if (f.has('import-drops-every-1000th') && ordinal % 1000 === 0) {
              c.imported++
              success.push(JSON.stringify({ lineId, UpdateResourceResponse: { jsonBlob: { resourceType: resource.resourceType, id: resource.id }, statusCode: 201 } }))
              continue
            }
            try {
              // minimal: stored despite what it fails, marked, and listed under SUCCESS_WITH_SEARCH_VALIDATION_FAILURES/.
              const flaggedIssues = flaggedAt(level, issues)
              const { stored, created } = store.put(flaggedIssues.length ? markValidationIssues(resource, issuesOutcome(flaggedIssues)) : resource, 'PUT')
              store.indexLag?.note(stored.type, stored.id)
              c.imported++
              ;(flaggedIssues.length ? flagged : success).push(
                JSON.stringify({
                  lineId,
                  UpdateResourceResponse: {
                    jsonBlob: { resourceType: stored.type, id: stored.id, meta: { versionId: store.versionIds.label(stored.version), lastUpdated: stored.lastUpdated } },
                    statusCode: created ? 201 : 200,
                  },
                }),
              )
            } catch (err) {
              c.serverErrors++
              failure.push(
                JSON.stringify({ lineId, UpdateResourceResponse: { jsonBlob: outcome('exception', `could not store the resource: ${(err as Error).message}`), statusCode: 500 } }),
              )
            }
          }
        })
        await tick()
      }
      if (fileCustomerErrors > 0) c.filesWithCustomerError++
      if (success.length + flagged.length > 0) c.importedFiles++
      job.success.set(source.name, success)
      job.flagged.set(source.name, flagged)
      job.failure.set(source.name, failure)
    }
    if (f.has('import-counters-wrong')) c.imported += 1
    if (job.healthlake) await this.writeHealthLakeOutput(job)
    job.status = job.cancelRequested ? 'CANCEL_COMPLETED' : c.customerErrors + c.serverErrors > 0 ? 'COMPLETED_WITH_ERRORS' : 'COMPLETED'
    job.endTime = Date.now()
  }

  /** `<output>/<datastoreId>-FHIR_IMPORT-<jobId>/{manifest.json, SUCCESS/<file>, FAILURE/<file>}`. */
  private async writeHealthLakeOutput(job: ImportJob) {
    const hl = job.healthlake!
    const root = joinUri(hl.outputS3Uri, `${this.o.datastoreId}-FHIR_IMPORT-${job.id}`)
    let successBytes = 0
    for (const [name, lines] of job.success) {
      const body = lines.length ? lines.join('\n') + '\n' : ''
      successBytes += Buffer.byteLength(body)
      await this.o.storage.write(joinUri(root, 'SUCCESS', name), body, hl.kmsKeyId)
    }
    for (const [name, lines] of job.flagged) {
      if (lines.length === 0) continue
      const body = lines.join('\n') + '\n'
      successBytes += Buffer.byteLength(body)
      await this.o.storage.write(joinUri(root, 'SUCCESS_WITH_SEARCH_VALIDATION_FAILURES', name), body, hl.kmsKeyId)
    }
    for (const [name, lines] of job.failure) await this.o.storage.write(joinUri(root, 'FAILURE', name), lines.length ? lines.join('\n') + '\n' : '', hl.kmsKeyId)
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
  }

  /** The sources under an s3:// or file:// prefix. */
  async sourcesAt(uri: string): Promise<ImportSource[]> {
    const objects = await this.o.storage.list(uri)
    return objects.filter((o) => o.size > 0).map((o) => ({ name: o.uri.split('/').pop()!, uri: o.uri, size: o.size, read: () => this.o.storage.read(o.uri) }))
  }

  /** `GET|DELETE {base}import/<id>[/<kind>/<file>]`: status, cancel, outcome files. */
  async handle(method: string, parts: string[]): Promise<{ status: number; headers: Record<string, string>; body?: unknown; raw?: Buffer }> {
    const [, id, kind, file] = parts
    const job = this.jobs.get(id ?? '')
    if (!job || job.healthlake) throw notFound(`import job ${id}`)
    if (method === 'DELETE') {
      this.o.queue.cancel(job)
      return { status: 202, headers: {}, body: outcome('informational', `import job ${id} cancelled`, 'information') }
    }
    if (method !== 'GET') throw new OutcomeError(405, 'not-supported', `${method} is not supported on an import job`)
    if (kind !== undefined) {
      const lines =
        kind === 'success'
          ? job.success.has(file ?? '')
            ? [...job.success.get(file ?? '')!, ...(job.flagged.get(file ?? '') ?? [])]
            : undefined
          : kind === 'failure'
            ? job.failure.get(file ?? '')
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
        output: [...job.success.keys()].map((name) => ({
          type: 'OperationOutcome',
          inputUrl: name,
          url: url('success', name),
          count: job.success.get(name)!.length + (job.flagged.get(name)?.length ?? 0),
        })),
        error: [...job.failure.keys()]
          .filter((n) => job.failure.get(n)!.length)
          .map((name) => ({ type: 'OperationOutcome', inputUrl: name, url: url('failure', name), count: job.failure.get(name)!.length })),
      },
    }
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000
