// HealthLake's control plane over AWS JSON 1.0 (`POST /`, `X-Amz-Target: HealthLake.<Op>`),
// SigV4-checked, with the request and response shapes of the API reference and
// @aws-sdk/client-healthlake (../shared/healthlake-contract.md §4), so the real SDK works
// against it with an endpoint override. Jobs share the data store's FIFO queue with $export.
import { DEFAULT_IMPORT_QUOTAS, overQuota, type ImportQuotas } from './quotas.js'
import { OutcomeError } from '../../lib/outcomes.js'
import { parseLevel } from '../../lib/validation/levels.js'
import type { ExportService } from '../bulk/export.js'
import type { ImportJob, ImportService } from '../bulk/import.js'
import type { JobQueue } from '../bulk/queue.js'
import { StorageError } from '../../lib/object-storage.js'
import { SigV4Error, verifySigV4, type SigV4Credentials, type SigV4Request } from '../auth/sigv4.js'
import type { Faults } from '../faults/catalogue.js'

export interface ControlPlaneOptions {
  datastoreId: string
  datastoreEndpoint: () => string
  credentials: SigV4Credentials[]
  imports: ImportService
  exports: ExportService
  queue: JobQueue
  faults: Faults
  /** Describe/List calls allowed per second before ThrottlingException (HealthLake: 10). */
  describeTps?: number
  authStrategy: 'SMART_ON_FHIR' | 'AWS_AUTH' | 'NONE'
  /** The SMART configuration HealthLake serves from IdentityProviderConfiguration.Metadata. */
  smartMetadata?: () => Record<string, unknown> | undefined
  /** When the data store was created (ms): DescribeFHIRDatastore's CreatedAt (default: server start). */
  createdAt?: number
  /** Import quotas (server/healthlake/quotas.ts); default the older developer guide's. */
  importQuotas?: ImportQuotas
}

export interface AwsReply {
  status: number
  headers: Record<string, string>
  body: unknown
}

const ROLE_ARN = /^arn:aws(-[^:]+)?:iam::[0-9]{12}:role\/.+$/
const CLIENT_TOKEN = /^[a-zA-Z0-9-]+$/
export const AWS_JSON = 'application/x-amz-json-1.0'

class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}

export class ControlPlane {
  private readonly tokens = new Map<string, string>()
  private readonly calls: number[] = []
  private readonly starts: number[] = []
  private readonly createdAt: number

  constructor(private readonly o: ControlPlaneOptions) {
    this.createdAt = o.createdAt ?? Date.now()
  }

  async handle(req: SigV4Request): Promise<AwsReply> {
    try {
      const target = req.headers['x-amz-target'] ?? ''
      const m = /^HealthLake\.(\w+)$/.exec(target)
      if (!m) throw new AwsError('UnknownOperationException', `unknown X-Amz-Target ${JSON.stringify(target)}`)
      if (!this.o.faults.has('control-plane-sigv4-unchecked')) await verifySigV4(req, this.o.credentials, 'healthlake')
      let input: Record<string, unknown>
      try {
        input = JSON.parse(req.body || '{}') as Record<string, unknown>
      } catch {
        throw new AwsError('SerializationException', 'the request body is not JSON')
      }
      const op = m[1] ?? ''
      if (op.startsWith('Describe') || op.startsWith('List')) this.throttle()
      this.checkDatastore(input.DatastoreId)
      const out = await this.dispatch(op, input)
      return { status: 200, headers: { 'Content-Type': AWS_JSON }, body: out }
    } catch (err) {
      if (err instanceof SigV4Error) return this.error(err.awsType, err.message, 403)
      if (err instanceof AwsError) return this.error(err.type, err.message, err.status)
      if (err instanceof StorageError) return this.error('ValidationException', err.message, 400)
      if (err instanceof OutcomeError) return this.error('ValidationException', err.message, 400)
      return this.error('InternalServerException', (err as Error).message, 500)
    }
  }

  private error(type: string, message: string, status: number): AwsReply {
    return { status, headers: { 'Content-Type': AWS_JSON, 'x-amzn-ErrorType': type }, body: { __type: type, message } }
  }

  private throttle() {
    const tps = this.o.describeTps
    if (!tps) return
    const now = Date.now()
    while (now - (this.calls[0] ?? now) > 1000) this.calls.shift()
    if (this.calls.length >= tps) throw new AwsError('ThrottlingException', `Rate exceeded: at most ${tps} describe/list calls per second`)
    this.calls.push(now)
  }

  private checkDatastore(id: unknown) {
    if (typeof id !== 'string' || id.length < 1 || id.length > 32)
      throw new AwsError('ValidationException', "1 validation error detected: Value at 'datastoreId' failed to satisfy constraint: Member must have length between 1 and 32")
    if (id !== this.o.datastoreId) throw new AwsError('ResourceNotFoundException', `Datastore ${id} does not exist`)
  }

  private async dispatch(op: string, input: Record<string, unknown>): Promise<unknown> {
    switch (op) {
      case 'StartFHIRImportJob':
        return this.startImport(input)
      case 'DescribeFHIRImportJob':
        return { ImportJobProperties: this.importProperties(this.importJob(input.JobId)) }
      case 'ListFHIRImportJobs': {
        let jobs = [...this.o.imports.jobs.values()].filter((j) => j.healthlake)
        if (typeof input.JobName === 'string') jobs = jobs.filter((j) => j.healthlake!.jobName === input.JobName)
        if (typeof input.JobStatus === 'string') jobs = jobs.filter((j) => j.status === input.JobStatus)
        if (typeof input.SubmittedAfter === 'number') jobs = jobs.filter((j) => j.submitTime / 1000 > (input.SubmittedAfter as number))
        if (typeof input.SubmittedBefore === 'number') jobs = jobs.filter((j) => j.submitTime / 1000 < (input.SubmittedBefore as number))
        jobs.sort((a, b) => b.submitTime - a.submitTime)
        const max = typeof input.MaxResults === 'number' ? Math.min(Math.max(input.MaxResults, 1), 500) : 500
        const start = typeof input.NextToken === 'string' ? Number(input.NextToken) || 0 : 0
        const page = jobs.slice(start, start + max)
        return { ImportJobPropertiesList: page.map((j) => this.importProperties(j)), ...(start + max < jobs.length ? { NextToken: String(start + max) } : {}) }
      }
      case 'StartFHIRExportJob':
        return this.startExport(input)
      case 'DescribeFHIRExportJob': {
        const job = this.o.exports.jobs.get(String(input.JobId ?? ''))
        if (!job?.healthlake) throw new AwsError('ResourceNotFoundException', `Export job ${String(input.JobId)} does not exist`)
        const p = this.o.exports.describe(job)
        return {
          ExportJobProperties: {
            JobId: p.jobId,
            ...(p.jobName ? { JobName: p.jobName } : {}),
            // control-plane-undocumented-status: a running job reports RUNNING, which the API never returns.
            JobStatus: p.jobStatus === 'IN_PROGRESS' && this.o.faults.has('control-plane-undocumented-status') ? 'RUNNING' : p.jobStatus,
            SubmitTime: job.submitTime / 1000,
            ...(job.endTime ? { EndTime: job.endTime / 1000 } : {}),
            DatastoreId: p.datastoreId,
            OutputDataConfig: { S3Configuration: { S3Uri: job.healthlake.s3Uri, KmsKeyId: job.healthlake.kmsKeyId } },
            DataAccessRoleArn: job.healthlake.roleArn,
            ...(job.message ? { Message: job.message } : {}),
          },
        }
      }
      case 'DescribeFHIRDatastore':
        return {
          DatastoreProperties: {
            DatastoreId: this.o.datastoreId,
            DatastoreArn: `arn:aws:healthlake:us-east-1:000000000000:datastore/fhir/${this.o.datastoreId}`,
            DatastoreName: 'shoreline-reference',
            DatastoreStatus: 'ACTIVE',
            CreatedAt: this.createdAt / 1000,
            DatastoreTypeVersion: 'R4',
            // control-plane-endpoint-mismatch: the endpoint without its /r4/ (as a stale console copy would).
            DatastoreEndpoint: this.o.faults.has('control-plane-endpoint-mismatch') ? this.o.datastoreEndpoint().replace(/r4\/$/, '') : this.o.datastoreEndpoint(),
            IdentityProviderConfiguration: {
              AuthorizationStrategy: this.o.authStrategy === 'NONE' ? 'AWS_AUTH' : this.o.authStrategy,
              FineGrainedAuthorizationEnabled: this.o.authStrategy === 'SMART_ON_FHIR',
              ...this.metadata(),
            },
          },
        }
      default:
        throw new AwsError('UnknownOperationException', `operation ${op} is not emulated`)
    }
  }

  /** IdentityProviderConfiguration.Metadata: the SMART configuration as a JSON string. */
  private metadata(): { Metadata?: string } {
    const conf = this.o.smartMetadata?.()
    if (!conf) return {}
    // control-plane-metadata-stale: the stored Metadata still names an old token endpoint.
    const stored = this.o.faults.has('control-plane-metadata-stale') ? { ...conf, token_endpoint: String(conf.token_endpoint).replace(/\/auth\/token$/, '/oauth2/token') } : conf
    return { Metadata: JSON.stringify(stored) }
  }

  private common(input: Record<string, unknown>) {
    if (input.JobName !== undefined && (typeof input.JobName !== 'string' || input.JobName.length < 1 || input.JobName.length > 64))
      throw new AwsError('ValidationException', 'JobName must be 1 to 64 characters')
    if (typeof input.DataAccessRoleArn !== 'string' || !ROLE_ARN.test(input.DataAccessRoleArn))
      throw new AwsError('ValidationException', 'DataAccessRoleArn must match arn:aws:iam::<account>:role/<name>')
    if (input.ClientToken !== undefined && (typeof input.ClientToken !== 'string' || !CLIENT_TOKEN.test(input.ClientToken) || input.ClientToken.length > 64))
      throw new AwsError('ValidationException', 'ClientToken must be 1 to 64 of [a-zA-Z0-9-]')
  }

  private s3Config(value: unknown, field: string): { S3Uri: string; KmsKeyId: string } {
    const c = (value as { S3Configuration?: { S3Uri?: unknown; KmsKeyId?: unknown } } | undefined)?.S3Configuration
    if (typeof c?.S3Uri !== 'string' || !/^s3:\/\/|^file:\/\//.test(c.S3Uri)) throw new AwsError('ValidationException', `${field}.S3Configuration.S3Uri must be an s3:// URI`)
    if (typeof c.KmsKeyId !== 'string' || c.KmsKeyId === '') throw new AwsError('ValidationException', `${field}.S3Configuration.KmsKeyId is required`)
    return { S3Uri: c.S3Uri, KmsKeyId: c.KmsKeyId }
  }

  private idempotent(token: unknown, start: () => string): string {
    if (typeof token === 'string' && this.tokens.has(token)) return this.tokens.get(token)!
    const id = start()
    if (typeof token === 'string') this.tokens.set(token, id)
    return id
  }

  private async startImport(input: Record<string, unknown>) {
    this.common(input)
    const q = this.o.importQuotas ?? DEFAULT_IMPORT_QUOTAS
    const now = Date.now()
    while (now - (this.starts[0] ?? now) > 1000) this.starts.shift()
    if (this.starts.length >= q.startTps) throw new AwsError('ThrottlingException', `Rate exceeded: at most ${q.startTps} StartFHIRImportJob calls per second`)
    this.starts.push(now)
    const waiting = [...this.o.imports.jobs.values()].filter((j) => j.healthlake && (j.status === 'SUBMITTED' || j.status === 'QUEUED')).length
    if (waiting >= q.queued && !(typeof input.ClientToken === 'string' && this.tokens.has(input.ClientToken)))
      throw new AwsError('ServiceQuotaExceededException', `${waiting} import jobs are already queued; the quota is ${q.queued}`, 402)
    const inputUri = (input.InputDataConfig as { S3Uri?: unknown } | undefined)?.S3Uri
    if (typeof inputUri !== 'string' || !/^s3:\/\/|^file:\/\//.test(inputUri)) throw new AwsError('ValidationException', 'InputDataConfig.S3Uri must be an s3:// URI')
    const out = this.s3Config(input.JobOutputDataConfig, 'JobOutputDataConfig')
    const level = input.ValidationLevel === undefined ? 'strict' : parseLevel(String(input.ValidationLevel))
    if (!level) throw new AwsError('ValidationException', `ValidationLevel must be strict, structure-only or minimal, got ${JSON.stringify(input.ValidationLevel)}`)
    const jobId = this.idempotent(input.ClientToken, () => {
      const job = this.o.imports.newJob(level, 'StartFHIRImportJob')
      job.healthlake = {
        jobName: input.JobName as string | undefined,
        inputS3Uri: inputUri,
        outputS3Uri: out.S3Uri,
        kmsKeyId: out.KmsKeyId,
        roleArn: input.DataAccessRoleArn as string,
        clientToken: input.ClientToken as string | undefined,
      }
      this.o.queue.enqueue(job, async () => {
        const sources = await this.o.imports.sourcesAt(inputUri)
        if (sources.length === 0) throw new Error(`no input files under ${inputUri}`)
        const over = overQuota(sources, q)
        if (over) throw new Error(over)
        await this.o.imports.run(job, sources)
      })
      return job.id
    })
    const job = this.o.imports.jobs.get(jobId)!
    return { JobId: job.id, JobStatus: job.status, DatastoreId: this.o.datastoreId }
  }

  private startExport(input: Record<string, unknown>) {
    this.common(input)
    const out = this.s3Config(input.OutputDataConfig, 'OutputDataConfig')
    const jobId = this.idempotent(
      input.ClientToken,
      () =>
        this.o.exports.startHealthLake({ jobName: input.JobName as string | undefined, s3Uri: out.S3Uri, kmsKeyId: out.KmsKeyId, roleArn: input.DataAccessRoleArn as string }).id,
    )
    const job = this.o.exports.jobs.get(jobId)!
    if (this.o.faults.has('control-plane-start-answer-incomplete')) return { JobId: job.id, JobStatus: job.status }
    return { JobId: job.id, JobStatus: job.status, DatastoreId: this.o.datastoreId }
  }

  private importJob(id: unknown): ImportJob {
    const job = this.o.imports.jobs.get(String(id ?? ''))
    if (!job?.healthlake) throw new AwsError('ResourceNotFoundException', `Import job ${String(id)} does not exist`)
    return job
  }

  private importProperties(job: ImportJob) {
    const hl = job.healthlake!
    const c = job.counters
    const seconds = ((job.endTime ?? Date.now()) - (job.throughputStart ?? job.submitTime)) / 1000
    return {
      JobId: job.id,
      ...(hl.jobName ? { JobName: hl.jobName } : {}),
      JobStatus: job.status,
      SubmitTime: job.submitTime / 1000,
      ...(job.endTime ? { EndTime: job.endTime / 1000 } : {}),
      DatastoreId: this.o.datastoreId,
      InputDataConfig: { S3Uri: hl.inputS3Uri },
      JobOutputDataConfig: { S3Configuration: { S3Uri: hl.outputS3Uri, KmsKeyId: hl.kmsKeyId } },
      JobProgressReport: {
        TotalNumberOfScannedFiles: c.scannedFiles,
        TotalSizeOfScannedFilesInMB: Math.round(c.scannedMB * 1000) / 1000,
        TotalNumberOfImportedFiles: c.importedFiles,
        TotalNumberOfResourcesScanned: c.scanned,
        TotalNumberOfResourcesImported: c.imported,
        TotalNumberOfResourcesWithCustomerError: c.customerErrors,
        TotalNumberOfFilesReadWithCustomerError: c.filesWithCustomerError,
        Throughput: seconds > 0 ? Math.round((c.scanned / seconds) * 10) / 10 : 0,
      },
      DataAccessRoleArn: hl.roleArn,
      ...(job.message ? { Message: job.message } : {}),
      ValidationLevel: job.level,
    }
  }
}
