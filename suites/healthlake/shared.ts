// HealthLake's control plane as the healthlake checks reach it: the data store id and region from
// the target URL (https://healthlake.<region>.amazonaws.com/datastore/<id>/r4/), the AWS SDK with
// the AWS credential chain — or, for a target on this machine (the embedded one), its origin as the
// endpoint and its test credentials. Export checks write to SHORELINE_HEALTHLAKE_EXPORT_S3_URI
// (a file:// folder under the temp dir for a loopback target) with ..._KMS_KEY_ID and ..._ROLE_ARN.
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { skip } from '../check.js'
import { parseBody } from '../expect.js'
import type { CheckContext } from '../context.js'
import { EMBEDDED_SIGV4, isLoopback } from '../../lib/target/embedded.js'
import { trustOf } from '../../lib/target/trust.js'

export const API = 'https://docs.aws.amazon.com/healthlake/latest/APIReference'
export const GUIDE = 'https://docs.aws.amazon.com/healthlake/latest/devguide'
export const JOB_STATUSES = new Set([
  'SUBMITTED',
  'QUEUED',
  'IN_PROGRESS',
  'COMPLETED_WITH_ERRORS',
  'COMPLETED',
  'FAILED',
  'CANCEL_SUBMITTED',
  'CANCEL_IN_PROGRESS',
  'CANCEL_COMPLETED',
  'CANCEL_FAILED',
])
const TERMINAL = new Set(['COMPLETED_WITH_ERRORS', 'COMPLETED', 'FAILED', 'CANCEL_COMPLETED', 'CANCEL_FAILED'])
const BUDGET_MS = Number(process.env.SHORELINE_EXPORT_BUDGET_S ?? 120) * 1000

export interface DataStore {
  datastoreId: string
  region: string
  /** Control-plane endpoint override; undefined for AWS itself. */
  endpoint?: string
  credentials?: { accessKeyId: string; secretAccessKey: string }
  /** The run's extra trusted certificates (--ca-file). */
  ca?: string
  label: string
}

export function dataStore(ctx: CheckContext): DataStore {
  const url = new URL(ctx.target.url)
  const datastoreId = /\/datastore\/([A-Za-z0-9-]+)\/r4\/?$/.exec(url.pathname)?.[1]
  if (!datastoreId) skip(`${ctx.target.url} is not a HealthLake data store endpoint (…/datastore/<id>/r4/)`)
  const aws = /^healthlake\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname)
  const region = aws?.[1] ?? process.env.SHORELINE_AWS_REGION ?? 'us-east-1'
  const endpoint = process.env.SHORELINE_HEALTHLAKE_ENDPOINT ?? (aws ? undefined : url.origin)
  const local = isLoopback(ctx.target.url) && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE
  return {
    datastoreId,
    region,
    endpoint,
    ...(local ? { credentials: EMBEDDED_SIGV4 } : {}),
    ...(ctx.target.ca ? { ca: ctx.target.ca } : {}),
    label: endpoint ?? `healthlake.${region}.amazonaws.com`,
  }
}

export async function healthlake(ds: DataStore, credentials = ds.credentials) {
  const { HealthLakeClient } = await import('@aws-sdk/client-healthlake')
  return new HealthLakeClient({
    region: ds.region,
    maxAttempts: 2,
    ...(ds.ca ? { requestHandler: { httpsAgent: trustOf(ds) } } : {}),
    ...(ds.endpoint ? { endpoint: ds.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  })
}

/** DescribeFHIRDatastore, made once per run. */
export async function describeDataStore(ctx: CheckContext) {
  const ds = dataStore(ctx)
  const { DescribeFHIRDatastoreCommand } = await import('@aws-sdk/client-healthlake')
  const r = await ctx.call('hl-describe-datastore', { method: 'DescribeFHIRDatastore', url: ds.label }, async () =>
    (await healthlake(ds)).send(new DescribeFHIRDatastoreCommand({ DatastoreId: ds.datastoreId })),
  )
  if (r.error) skip(`DescribeFHIRDatastore failed: ${r.error}`)
  return r.value!.DatastoreProperties!
}

/** Where export checks write: configured, or a temp folder for a target on this machine. */
export function exportOutput(ctx: CheckContext): { s3Uri: string; kmsKeyId: string; roleArn: string } {
  const env = process.env
  const s3Uri =
    env.SHORELINE_HEALTHLAKE_EXPORT_S3_URI ?? (isLoopback(ctx.target.url) ? pathToFileURL(join(tmpdir(), `shoreline-conform-export-${ctx.runTag.code}`)).href + '/' : undefined)
  if (!s3Uri) skip('needs SHORELINE_HEALTHLAKE_EXPORT_S3_URI (an S3 folder the data store may write) and SHORELINE_HEALTHLAKE_ROLE_ARN')
  return {
    s3Uri,
    kmsKeyId: env.SHORELINE_HEALTHLAKE_KMS_KEY_ID ?? 'alias/aws/s3',
    roleArn: env.SHORELINE_HEALTHLAKE_ROLE_ARN ?? 'arn:aws:iam::000000000000:role/shoreline-conform-export',
  }
}

/** The JSON body of HealthLake's FHIR `$export`: a job name, the S3 output and the role that writes it. */
export function fhirExportBody(ctx: CheckContext, jobName: string): string {
  const out = exportOutput(ctx)
  return JSON.stringify({
    JobName: `${jobName}-${ctx.runTag.code}`.slice(0, 64),
    OutputDataConfig: { S3Configuration: { S3Uri: out.s3Uri, KmsKeyId: out.kmsKeyId } },
    DataAccessRoleArn: out.roleArn,
  })
}

/** StartFHIRExportJob, then DescribeFHIRExportJob until it ends: the answer and every status seen. */
export async function controlPlaneExport(ctx: CheckContext): Promise<{ start: Record<string, unknown>; statuses: string[] }> {
  const ds = dataStore(ctx)
  const out = exportOutput(ctx)
  const sdk = await import('@aws-sdk/client-healthlake')
  const client = await healthlake(ds)
  const start = await ctx.call('hl-start-export', { method: 'StartFHIRExportJob', url: ds.label }, () =>
    client.send(
      new sdk.StartFHIRExportJobCommand({
        JobName: `shoreline-${ctx.runTag.code}`.slice(0, 64),
        DatastoreId: ds.datastoreId,
        DataAccessRoleArn: out.roleArn,
        OutputDataConfig: { S3Configuration: { S3Uri: out.s3Uri, KmsKeyId: out.kmsKeyId } },
        ClientToken: ctx.runTag.code.replace(/[^a-zA-Z0-9-]/g, '').slice(0, 64),
      }),
    ),
  )
  if (start.error) skip(`StartFHIRExportJob failed: ${start.error}`)
  const { $metadata: _m, ...answer } = start.value as unknown as Record<string, unknown>
  const { statuses } = await untilEnded(async (i) => {
    const d = await ctx.call(`hl-describe-export#${i}`, { method: 'DescribeFHIRExportJob', url: ds.label }, () =>
      client.send(new sdk.DescribeFHIRExportJobCommand({ DatastoreId: ds.datastoreId, JobId: String(answer.JobId) })),
    )
    if (d.error) skip(`DescribeFHIRExportJob failed: ${d.error}`)
    return { status: String(d.value?.ExportJobProperties?.JobStatus), value: undefined }
  })
  client.destroy()
  return { start: answer, statuses }
}

/**
 * An export job's status, asked by `step` (the i-th time) until it ends: every status seen, and
 * what the last step returned. Skips when the job does not end within the export budget.
 */
async function untilEnded<T>(step: (i: number) => Promise<{ status: string; value: T }>): Promise<{ statuses: string[]; last: T }> {
  const statuses: string[] = []
  const deadline = Date.now() + BUDGET_MS
  for (let i = 0; ; i++) {
    const { status, value } = await step(i)
    statuses.push(status)
    if (TERMINAL.has(status) || (!JOB_STATUSES.has(status) && statuses.length > 20)) return { statuses, last: value }
    if (Date.now() > deadline) skip(`the export job did not end within ${BUDGET_MS / 1000} s`)
    await new Promise((r) => setTimeout(r, Math.min(25 * 2 ** i, 2000)))
  }
}

/**
 * A FHIR `$export` job's status (its Content-Location, answering `exportJobProperties`), asked until
 * it ends: every status seen, and the last properties. Skips when the status cannot be read or the
 * job does not end within the export budget.
 */
export async function followFhirExport(ctx: CheckContext, name: string, location: string): Promise<{ statuses: string[]; props: Record<string, unknown> }> {
  const { statuses, last } = await untilEnded(async (i) => {
    const ex = await ctx.exchange(`${name}#${i}`, 'GET', location, { accept: 'application/json' })
    if (ex.response?.status !== 200) skip(`the export status answered ${ex.response?.status ?? ex.error}`)
    let props: Record<string, unknown> | undefined
    try {
      props = (parseBody(ex.response.body) as { exportJobProperties?: Record<string, unknown> } | undefined)?.exportJobProperties
    } catch {
      props = undefined
    }
    if (!props) skip(`the export status holds no \`exportJobProperties\` (HL-16): ${ex.response.body.slice(0, 120)}`)
    return { status: String(props.jobStatus), value: props }
  })
  return { statuses, props: last }
}
