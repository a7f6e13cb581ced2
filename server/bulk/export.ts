// Bulk export per the Bulk Data Access IG 2.0 (hl7.org/fhir/uv/bulkdata/export.html): system,
// Patient and Group `$export` by GET or POST (Parameters), `_type`, `_since`, `_typeFilter`,
// `_outputFormat`; 202 + Content-Location; status 202 with Retry-After and X-Progress, then the
// 200 manifest; NDJSON files as application/fhir+ndjson; DELETE cancels; files expire.
// A HealthLake form too: POST kick-off carrying the S3 output config, answered with
// `{datastoreId, jobStatus, jobId}` and status as `exportJobProperties`, files written to S3.
import type { Variants } from '../variants/catalogue.js'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { SignedUrls } from './signed-urls.js'
import { badRequest, notFound, OutcomeError, outcome } from '../../lib/outcomes.js'
import { resourceTypes } from '../../lib/validation/element-walk.js'
import { granting } from '../../lib/smart-scopes.js'
import type { Access } from '../auth/guard.js'
import type { Env, FhirRequest, Handler, Reply } from '../rest/types.js'
import { leaveOff, TERMINAL, type BulkContext, type QueuedJob } from './queue.js'
import { exportTypes, HEALTHLAKE_PARAMS, healthlakeConfig, instantParam, kickOffParams, parseTypeFilters } from './export-params.js'
import type { Spool, SpooledFile } from './spool.js'
import { ERRORS_FILE, writeExport } from './export-writer.js'

export const NDJSON = 'application/fhir+ndjson'
const FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson'])

export interface ExportJob extends QueuedJob {
  kind: 'export'
  request: string
  level: 'system' | 'patient' | 'group'
  groupId?: string
  types: string[]
  since?: number
  /** HealthLake's form: resources last updated at or before this instant. */
  until?: number
  /** HealthLake's form: `_tag` and `_security` tokens, applied to every type. */
  metaFilters?: URLSearchParams
  typeFilters: Map<string, URLSearchParams[]>
  transactionTime: string
  output: Array<{ type: string; url: string; count: number }>
  errors: Array<{ type: string; url: string }>
  lenientNotes: string[]
  progress: string
  /** The finished files on disk (server/bulk/spool.ts), by file name. */
  files: Map<string, SpooledFile>
  expiresAt?: number
  deleted?: boolean
  healthlake?: { jobName?: string; s3Uri: string; kmsKeyId: string; roleArn: string }
}

export interface BulkOptions extends BulkContext {
  /** Where export files are written and served from until they expire. */
  spool: Spool
  /** Whether downloads need a bearer token (true when SMART auth is on). */
  requiresAccessToken: boolean
  /** How long finished export files are kept, ms (default 1 h). */
  fileTtlMs?: number
  /** Legal variants in force (export-without-prefer, …). */
  variants?: Variants
  /** Retry-After on in-progress status answers, seconds (default 1). */
  retryAfterSeconds?: number
  /** Every job runs at least this long (ms), so clients see it in progress as on a real server; default 100. */
  minRunMs?: number
  /** A HealthLake data store created before 2023-06-01: FHIR \$export is system-wide only, and its status is not served. */
  legacyExport?: boolean
}

export class ExportService {
  readonly jobs = new Map<string, ExportJob>()
  private readonly expiries = new Set<NodeJS.Timeout>()

  /** The signed file URLs of the signed-export-urls variant. */
  private readonly signedUrls = new SignedUrls()

  constructor(private readonly o: BulkOptions) {}

  /** The `$export` routes, registered as FHIR operations. */
  operations(): Array<[string, string, Handler]> {
    const h: Handler = (env, req) => {
      try {
        return this.kickOff(env, req)
      } catch (err) {
        // export-errors-not-outcome: a refused kick-off answers a bare JSON message.
        if (this.o.faults.has('export-errors-not-outcome') && err instanceof OutcomeError) return { status: err.status, body: { message: err.message } as never }
        throw err
      }
    }
    return [
      ['GET', '$export', h],
      ['POST', '$export', h],
      ['GET', 'Patient/$export', h],
      ['POST', 'Patient/$export', h],
      ['GET', 'Group/I/$export', h],
      ['POST', 'Group/I/$export', h],
    ]
  }

  private kickOff(env: Env, req: FhirRequest): Reply {
    const f = this.o.faults
    const level = req.parts[0] === 'Patient' ? 'patient' : req.parts[0] === 'Group' ? 'group' : 'system'
    const body = req.body as Record<string, unknown> | undefined
    const healthlake = req.method === 'POST' && body && typeof body === 'object' && body.resourceType === undefined && 'OutputDataConfig' in body
    if (this.o.legacyExport && level !== 'system') throw badRequest('this data store was created before 2023-06-01: $export is system-wide only')
    const prefer = req.headers.prefer ?? ''
    if (!healthlake && !/respond-async/.test(prefer) && !this.o.variants?.has('export-without-prefer')) throw badRequest('a bulk export kick-off needs `Prefer: respond-async`')
    const lenient = /handling=lenient/.test(prefer)
    if (req.access) this.checkScopes(req.access, undefined)
    // HealthLake's form carries its S3 configuration in the body and its filters in the query string.
    const params = healthlake ? new URLSearchParams(req.query) : kickOffParams(f.has('export-post-body-ignored') ? { ...req, body: undefined } : req)
    const notes: string[] = []
    const fail = (message: string) => {
      if (lenient) notes.push(message)
      else throw badRequest(message)
    }
    // export-elements-ignored: _elements is accepted, and every element exported all the same.
    const allowed = healthlake ? HEALTHLAKE_PARAMS : ['_outputFormat', '_since', '_type', '_typeFilter', ...(f.has('export-elements-ignored') ? ['_elements'] : [])]
    for (const name of new Set(params.keys())) if (!allowed.includes(name)) fail(`export parameter \`${name}\` is not supported`)
    const format = params.get('_outputFormat')
    if (format !== null && !f.has('export-output-format-unchecked') && !(f.has('export-output-format-strict') ? format === 'application/fhir+ndjson' : FORMATS.has(format)))
      throw badRequest(`_outputFormat ${format} is not supported; use application/fhir+ndjson`)
    let since: number | undefined
    const sinceText = params.get('_since')
    if (sinceText !== null && !f.has('export-since-ignored')) {
      since = Date.parse(sinceText)
      if (Number.isNaN(since) || !/T.*(Z|[+-]\d\d:\d\d)$/.test(sinceText)) throw badRequest(`_since must be a FHIR instant with a time zone, got ${JSON.stringify(sinceText)}`)
      if (since > Date.now()) throw badRequest('_since is in the future')
    }
    const until = instantParam(params, '_until')
    if (since !== undefined && until !== undefined && until <= since) throw badRequest('_until must be after _since')
    // _tag and _security (HealthLake's form): meta.tag / meta.security tokens every exported resource must carry.
    const metaFilters = new URLSearchParams([...params].filter(([k]) => k === '_tag' || k === '_security'))
    const types = exportTypes(params, level, f, fail)
    // export-type-filter-ignored: accepted, checked, then not applied.
    const typeFilters = f.has('export-type-filter-ignored') ? (parseTypeFilters(params), new Map()) : parseTypeFilters(params)
    if (req.access) for (const t of types) this.checkScopes(req.access, t)
    let hl: ExportJob['healthlake']
    if (healthlake) hl = healthlakeConfig(body)
    const groupId = level === 'group' ? req.parts[1] : undefined
    if (groupId) {
      const g = this.o.store.read('Group', groupId)
      if (!g || g.deleted) throw notFound(`Group/${groupId}`)
    }
    const id = randomBytes(16).toString('hex')
    const query = req.query.toString()
    const job: ExportJob = {
      id,
      kind: 'export',
      status: 'SUBMITTED',
      submitTime: Date.now(),
      request: `${this.o.base()}${req.parts.join('/')}${query ? `?${query}` : ''}`,
      level,
      groupId,
      types,
      since,
      until,
      metaFilters,
      typeFilters,
      transactionTime: new Date().toISOString(),
      output: [],
      errors: [],
      lenientNotes: notes,
      progress: 'queued',
      files: new Map(),
      healthlake: hl,
    }
    this.jobs.set(id, job)
    this.o.queue.enqueue(job, () => this.run(job))
    const location = `${this.o.base()}export/${id}`
    const headers: Record<string, string> = f.has('export-no-content-location') ? {} : { 'Content-Location': location }
    if (hl && f.has('export-healthlake-answer-wrong')) return { status: 202, headers, body: outcome('informational', `export job ${id} accepted`, 'information') }
    if (hl) return { status: 202, headers, body: { datastoreId: this.o.datastoreId, jobStatus: job.status, jobId: id } }
    return { status: 202, headers, body: outcome('informational', `export job ${id} accepted; poll ${location}`, 'information') }
  }

  /** Export needs read on every exported type (any context), or read on `*` for the kick-off itself. */
  private checkScopes(access: Access, type: string | undefined) {
    if (this.o.faults.has('rs-scopes-ignored')) return
    // Bulk export is for system/ and user/ access: patient/ scopes are limited to one compartment.
    const scopes = access.scopes.filter((s) => s.context !== 'patient')
    const ok = type ? granting(scopes, type, 'r').length > 0 : scopes.some((s) => s.perms.has('r'))
    if (!ok) throw new OutcomeError(403, 'forbidden', `no granted system/ or user/ scope allows reading ${type ?? 'any resource type'} for export`)
  }

  /**
   * Runs a job; whatever ends it other than success leaves no files behind. A failed job is
   * answered (with its message) until it would have expired; a stopped one runs again next time.
   */
  private async run(job: ExportJob) {
    try {
      await writeExport(job, this.o)
    } catch (err) {
      this.o.spool.remove(job.id)
      job.files.clear()
      job.expiresAt = Date.now() + (this.o.fileTtlMs ?? 3_600_000)
      this.scheduleExpiry(job)
      throw err
    }
    if (leaveOff(job)) {
      this.o.spool.remove(job.id)
      job.files.clear()
      return
    }
    this.scheduleExpiry(job)
  }

  /** The job's record in the ledger: its Maps and filters as JSON. */
  persist(job: ExportJob) {
    const { files, typeFilters, metaFilters, cancelRequested: _c, stopRequested: _s, ...rest } = job
    const record = { ...rest, files: [...files], typeFilters: [...typeFilters].map(([t, ps]) => [t, ps.map(String)]), metaFilters: metaFilters?.toString() }
    this.o.ledger.save(job.id, 'export', job.submitTime, record)
  }

  /**
   * A job a stopped server left: a finished one is served until it expires (if its files are all
   * still there), a failed one answered until then; an unfinished one runs again from the start.
   * Returns whether its files are kept.
   */
  restore(record: Record<string, unknown>): boolean {
    const r = record as unknown as ExportJob & { files: Array<[string, SpooledFile]>; typeFilters: Array<[string, string[]]>; metaFilters?: string }
    const job: ExportJob = {
      ...r,
      files: new Map(r.files),
      typeFilters: new Map(r.typeFilters.map(([t, ps]) => [t, ps.map((p) => new URLSearchParams(p))])),
      metaFilters: r.metaFilters === undefined ? undefined : new URLSearchParams(r.metaFilters),
    }
    // URLs under this server's base, which may have moved (another port).
    job.request = rebase(job.request, this.o.base())
    if (!job.healthlake) job.output = job.output.map((o) => ({ ...o, url: `${this.o.base()}export/${job.id}/${o.type}.ndjson` }))
    if (!job.healthlake) job.errors = job.errors.map((o) => ({ ...o, url: `${this.o.base()}export/${job.id}/${ERRORS_FILE}` }))
    const live = !job.deleted && (job.expiresAt === undefined || job.expiresAt > Date.now())
    if (live && job.status === 'COMPLETED' && [...job.files.values()].every((f) => existsSync(f.path))) {
      this.jobs.set(job.id, job)
      this.scheduleExpiry(job)
      return true
    }
    if (live && job.status === 'FAILED') {
      this.jobs.set(job.id, job)
      this.scheduleExpiry(job)
    } else if (live && !TERMINAL.has(job.status) && !job.status.startsWith('CANCEL')) {
      Object.assign(job, { files: new Map(), output: [], errors: [], progress: 'queued' })
      this.jobs.set(job.id, job)
      this.o.queue.enqueue(job, () => this.run(job))
    } else this.o.ledger.remove(job.id)
    return false
  }

  /** Forgets a job and removes its files once they expire (the status and files answer 404 from then on). */
  private scheduleExpiry(job: ExportJob) {
    const timer = setTimeout(
      () => {
        this.expiries.delete(timer)
        this.expire(job)
      },
      Math.min(Math.max(0, (job.expiresAt ?? 0) - Date.now()), 2 ** 31 - 1),
    )
    timer.unref()
    this.expiries.add(timer)
  }

  private expire(job: ExportJob) {
    this.jobs.delete(job.id)
    this.o.spool.remove(job.id)
    this.o.ledger.remove(job.id)
    job.files.clear()
  }

  /** Stops the expiry timers (server close); the files stay for the next server on the same database. */
  close() {
    for (const t of this.expiries) clearTimeout(t)
    this.expiries.clear()
  }

  /** `GET|DELETE {base}export/<id>[/<file>]`: status, cancel, download. */
  async handle(
    method: string,
    parts: string[],
    access: Access | undefined,
    authenticated: boolean,
    /** The request's URL (the signed-export-urls variant reads its signature). */
    url?: URL,
  ): Promise<{ status: number; headers: Record<string, string>; body?: unknown; file?: SpooledFile }> {
    const [, id, file] = parts
    const job = this.jobs.get(id ?? '')
    const f = this.o.faults
    if (job?.expiresAt !== undefined && Date.now() > job.expiresAt) {
      this.expire(job)
      throw notFound(`export job ${id} (its files have expired)`)
    }
    const deletedButServed = job?.deleted && file !== undefined && f.has('export-files-survive-delete')
    if (!job || (job.deleted && !f.has('export-cancel-ignored') && !deletedButServed)) throw notFound(`export job ${id}`)
    if (file !== undefined) {
      if (method !== 'GET') throw new OutcomeError(405, 'not-supported', `${method} is not supported on export files`)
      const signedUrls = this.o.variants?.has('signed-export-urls')
      if (signedUrls) {
        if (!this.signedUrls.valid(url)) throw new OutcomeError(403, 'forbidden', 'the file URL is unsigned, tampered with or expired: use the URL from the manifest')
      } else if (this.o.requiresAccessToken && !authenticated && !f.has('export-access-token-not-enforced'))
        throw new OutcomeError(401, 'login', 'requiresAccessToken is true: a bearer token is required to download', { 'WWW-Authenticate': 'Bearer realm="shoreline"' })
      const spooled = job.files.get(file)
      if (!spooled) throw notFound(`export file ${file}`)
      const type = file.replace(/\.ndjson$/, '')
      // A signed URL is its own authorization (issued to whoever could read the manifest); a token's scopes are for token downloads.
      // The error file holds the job's own messages, no resource of the target's: any token that may export may read it.
      if (access && !signedUrls && type !== 'OperationOutcome' && !f.has('export-file-scope-unchecked')) this.checkScopes(access, type)
      return { status: 200, headers: { 'Content-Type': f.has('export-wrong-ndjson-content-type') ? 'application/json' : NDJSON }, file: spooled }
    }
    if (method === 'DELETE' && job.healthlake) {
      // HealthLake's $export form: the cancel answers the job's properties, CANCEL_SUBMITTED, and the job stays describable.
      if (!f.has('export-cancel-ignored')) this.o.queue.cancel(job)
      return { status: 202, headers: { 'Content-Type': 'application/json' }, body: { exportJobProperties: { ...this.describe(job), jobStatus: 'CANCEL_SUBMITTED' } } }
    }
    if (method === 'DELETE') {
      if (!f.has('export-cancel-ignored')) {
        this.o.queue.cancel(job)
        job.deleted = true
        if (!f.has('export-files-survive-delete')) {
          job.files.clear()
          this.o.spool.remove(job.id)
        }
        this.persist(job)
      }
      return { status: 202, headers: {}, body: outcome('informational', `export job ${id} cancelled`, 'information') }
    }
    if (method !== 'GET') throw new OutcomeError(405, 'not-supported', `${method} is not supported on an export job`)
    if (job.healthlake && this.o.legacyExport) throw notFound('export status on the data store endpoint (data stores created before 2023-06-01: use DescribeFHIRExportJob)')
    if (job.healthlake) return { status: 200, headers: { 'Content-Type': 'application/json' }, body: { exportJobProperties: this.describe(job) } }
    if (job.status === 'FAILED') return { status: 500, headers: {}, body: outcome('exception', `export failed: ${job.message ?? 'unknown error'}`) }
    if (!TERMINAL.has(job.status)) {
      const headers: Record<string, string> = { 'X-Progress': job.progress }
      if (!f.has('export-no-retry-after')) headers['Retry-After'] = String(this.o.retryAfterSeconds ?? 1)
      return { status: 202, headers }
    }
    const manifest: Record<string, unknown> = {
      transactionTime: job.transactionTime,
      request: f.has('export-manifest-request-wrong') ? this.o.base() : job.request,
      requiresAccessToken: this.o.requiresAccessToken && !this.o.variants?.has('signed-export-urls'),
      output: this.signed(job, job.output),
      error: this.signed(job, job.errors),
    }
    if (f.has('export-manifest-no-output')) delete manifest.output
    if (f.has('export-relative-urls')) manifest.output = job.output.map((o) => ({ ...o, url: o.url.slice(this.o.base().length) }))
    return { status: 200, headers: { 'Content-Type': 'application/json', Expires: new Date(job.expiresAt!).toUTCString() }, body: manifest }
  }

  /** File items as the manifest lists them: signed under the signed-export-urls variant. */
  private signed<T extends { url: string }>(job: ExportJob, items: T[]): T[] {
    if (!this.o.variants?.has('signed-export-urls')) return items
    return items.map((o) => ({ ...o, url: this.signedUrls.sign(o.url, Math.floor(job.expiresAt! / 1000)) }))
  }

  /** HealthLake's ExportJobProperties. */
  describe(job: ExportJob) {
    return {
      jobId: job.id,
      jobName: job.healthlake?.jobName,
      jobStatus: job.status,
      submitTime: new Date(job.submitTime).toISOString(),
      ...(job.endTime ? { endTime: new Date(job.endTime).toISOString() } : {}),
      datastoreId: this.o.datastoreId,
      outputDataConfig: { s3Configuration: { s3Uri: job.healthlake?.s3Uri, kmsKeyId: job.healthlake?.kmsKeyId } },
      dataAccessRoleArn: job.healthlake?.roleArn,
      ...(job.message ? { message: job.message } : {}),
    }
  }

  /** Starts a HealthLake export job from the control plane (StartFHIRExportJob). */
  startHealthLake(config: NonNullable<ExportJob['healthlake']>): ExportJob {
    const id = randomBytes(16).toString('hex')
    const types = [...resourceTypes()].filter((t) => t !== 'Bundle' && t !== 'Parameters' && t !== 'OperationOutcome').sort()
    const job: ExportJob = {
      id,
      kind: 'export',
      status: 'SUBMITTED',
      submitTime: Date.now(),
      request: 'StartFHIRExportJob',
      level: 'system',
      types,
      typeFilters: new Map(),
      transactionTime: new Date().toISOString(),
      output: [],
      errors: [],
      lenientNotes: [],
      progress: 'queued',
      files: new Map(),
      healthlake: config,
    }
    this.jobs.set(id, job)
    this.o.queue.enqueue(job, () => this.run(job))
    return job
  }
}

/** A URL under a FHIR base (`…/r4/…`) moved to another base; anything else as it is. */
export function rebase(url: string, base: string): string {
  const at = url.indexOf('/r4/')
  return at < 0 ? url : base + url.slice(at + 4)
}
