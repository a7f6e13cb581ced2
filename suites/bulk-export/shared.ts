// The bulk export flow the BE checks inspect: kick-offs, polling that honours Retry-After within a
// budget (BE-13), the complete manifest and the files — each made once per run and shared.
import { parseBody, type ParsedJson } from '../expect.js'
import { skip } from '../check.js'
import type { CheckContext, RecordedExchange } from '../context.js'

export const SPEC = 'https://hl7.org/fhir/uv/bulkdata/STU2/export.html'
export const KICKOFF = { accept: 'application/fhir+json', prefer: 'respond-async' }
/** How long a check waits for an export to finish, ms (`SHORELINE_EXPORT_BUDGET_S` overrides). */
const BUDGET_MS = Number(process.env.SHORELINE_EXPORT_BUDGET_S ?? 120) * 1000

export interface Manifest {
  transactionTime?: string
  request?: string
  requiresAccessToken?: boolean
  output?: Array<{ type?: string; url?: string; count?: number }>
  error?: unknown[]
}

/** Polls a status URL until it stops answering 202; records the last answer under `name`. */
export async function poll(ctx: CheckContext, name: string, url: string): Promise<RecordedExchange & { json: () => ParsedJson }> {
  const deadline = Date.now() + BUDGET_MS
  for (let i = 0; ; i++) {
    const ex = await ctx.exchange(`${name}#${i}`, 'GET', url, { accept: 'application/json' })
    if (ex.response?.status !== 202) return ex
    if (Date.now() > deadline) skip(`the export did not finish within ${BUDGET_MS / 1000} s`)
    const after = Number(ex.response.headers['retry-after'])
    await new Promise((r) => setTimeout(r, Math.min(Math.max(Number.isFinite(after) ? after * 1000 : 1000, 50), 30_000)))
  }
}

const JSON_HEADERS = { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' }

/** POSTs `resource` with the run's tag and registers it for clean-up: its id (from Location, none when refused) and the exchange. */
export async function writeTagged(ctx: CheckContext, name: string, resource: Record<string, unknown>): Promise<{ id?: string; ex: RecordedExchange }> {
  const type = String(resource.resourceType)
  const ex = await ctx.exchange(name, 'POST', type, JSON_HEADERS, { body: JSON.stringify(ctx.tagged(resource)) })
  const id = new RegExp(`${type}/([A-Za-z0-9\\-.]{1,64})`).exec(ex.response?.headers.location ?? '')?.[1]
  if (id) ctx.created.add(`${type}/${id}`)
  return { id, ex }
}

const seeded = new WeakMap<CheckContext, Promise<void>>()

/**
 * An export of an empty target proves nothing: if it holds no Patient, write one (and an
 * Observation about it) with the run's tag, deleted after the run — unless --read-only.
 */
function ensureData(ctx: CheckContext): Promise<void> {
  let p = seeded.get(ctx)
  if (!p) {
    p = (async () => {
      const probe = await ctx.exchange('export-data-probe', 'GET', 'Patient?_count=1&_elements=id')
      const some = probe.response?.status === 200 && /"entry"\s*:\s*\[\s*\{/.test(probe.response.body)
      if (some || ctx.readOnly) return
      const { id } = await writeTagged(ctx, 'export-data-patient', { resourceType: 'Patient', name: [{ family: 'Export' }], gender: 'unknown' })
      if (id) await writeTagged(ctx, 'export-data-observation', { resourceType: 'Observation', status: 'final', code: { text: 'export' }, subject: { reference: `Patient/${id}` } })
    })()
    seeded.set(ctx, p)
  }
  return p
}

/** A system export kick-off (made once per query), its status URL, and the finished manifest. */
export async function kickOff(ctx: CheckContext, query = '') {
  await ensureData(ctx)
  return ctx.exchange(`export-kickoff${query}`, 'GET', `$export${query}`, KICKOFF)
}

export async function finished(ctx: CheckContext, query = ''): Promise<{ ex: RecordedExchange; manifest: Manifest }> {
  const kick = await kickOff(ctx, query)
  const location = kick.response?.headers['content-location']
  if (kick.response?.status !== 202 || !location) skip(`the export kick-off${query} was not accepted with a Content-Location (BE-01)`)
  const ex = await poll(ctx, `export-status${query}`, location)
  if (ex.response?.status !== 200) skip(`the export ended with HTTP ${ex.response?.status ?? ex.error}`)
  let manifest: Manifest
  try {
    manifest = parseBody(ex.response.body) as Manifest
  } catch {
    skip('the complete status is not JSON (BE-14)')
  }
  return { ex, manifest }
}

/**
 * An export with a parameter servers need not support (`_typeFilter`, `_elements`): 'refused' when
 * the kick-off is refused for it (4xx, while the same export without it, `?_type=Patient`, is
 * accepted), else the finished manifest. A server refusing both is BE-01's concern: a skip.
 */
export async function withOptionalParameter(ctx: CheckContext, query: string, what: string): Promise<Manifest | 'refused'> {
  const kick = await kickOff(ctx, query)
  const status = kick.response?.status ?? 0
  if (status >= 400 && status < 500) {
    const plain = await kickOff(ctx, '?_type=Patient')
    if (plain.response?.status !== 202) skip(`the export kick-off is refused with or without ${what} (HTTP ${plain.response?.status ?? plain.error}; BE-01)`)
    return 'refused'
  }
  if (status !== 202) skip(`the kick-off with ${what} answered ${status || kick.error}`)
  return (await finished(ctx, query)).manifest
}

/** Every resource in a finished export's files, each file downloaded once (`name-i`); a file that does not download is a skip. */
export async function exportedResources<T = Record<string, unknown>>(ctx: CheckContext, manifest: Manifest, name: string): Promise<T[]> {
  const out: T[] = []
  for (const [i, o] of (manifest.output ?? []).entries()) {
    if (!o.url) continue
    const file = await ctx.exchange(`${name}-${i}`, 'GET', o.url, { accept: 'application/fhir+ndjson' })
    if (file.response?.status !== 200) skip(`the ${o.type} file answered ${file.response?.status ?? file.error}`)
    for (const line of file.response.body.split('\n').filter((l) => l.trim())) out.push(parseBody<T>(line, `a line of the ${o.type} file`))
  }
  return out
}
