// Bulk import checks drive FHIR `$import` (ping and pull): NDJSON served from a short-lived file
// server on this machine's loopback — so they apply to targets on the same machine (the embedded
// target, a local container) and skip where the target cannot reach back. One job per named
// payload, polled to completion, its outcome files read back.
import { parseBody, readInputJson } from '../expect.js'
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { skip } from '../check.js'
import type { CheckContext } from '../context.js'

export const SPEC = 'https://github.com/smart-on-fhir/bulk-import/blob/master/import-pnp.md'
export const HL_SPEC = 'https://docs.aws.amazon.com/healthlake/latest/APIReference/API_StartFHIRImportJob.html'

export interface ImportResult {
  status: number
  body: { jobStatus?: string; counters?: { scanned: number; imported: number; customerErrors: number; serverErrors: number }; error?: Array<{ url: string; inputUrl?: string }> }
  failures: Array<{ lineId: number; status: number; resourceType?: string }>
  /** The polling location the kick-off named. */
  statusUrl: string
}

const jobs = new WeakMap<CheckContext, Map<string, Promise<ImportResult>>>()

/** Imports `ndjson` as one file at `level`, once per `name` in a run. */
export function importJob(ctx: CheckContext, name: string, ndjson: string, level = 'strict'): Promise<ImportResult> {
  let byName = jobs.get(ctx)
  if (!byName) jobs.set(ctx, (byName = new Map()))
  let p = byName.get(name)
  if (!p) {
    p = run(ctx, name, ndjson, level)
    byName.set(name, p)
  }
  // A later check reading the same job still lists its kick-off among its exchanges.
  return p.then(async (r) => {
    await ctx.exchange(`import-${name}`, 'POST', '$import')
    return r
  })
}

async function run(ctx: CheckContext, name: string, ndjson: string, level: string): Promise<ImportResult> {
  const server = createServer((req, res) => {
    const port = (server.address() as { port: number }).port
    if (req.url === '/manifest.json')
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          transactionTime: new Date().toISOString(),
          request: 'static',
          requiresAccessToken: false,
          output: [{ type: 'Mixed', url: `http://127.0.0.1:${port}/${name}.ndjson` }],
          error: [],
        }),
      )
    else if (req.url === `/${name}.ndjson`) res.writeHead(200, { 'content-type': 'application/fhir+ndjson' }).end(ndjson)
    else res.writeHead(404).end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  try {
    const manifestUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/manifest.json`
    const kick = await ctx.exchange(
      `import-${name}`,
      'POST',
      '$import',
      { 'content-type': 'application/fhir+json', prefer: 'respond-async' },
      {
        body: JSON.stringify({
          resourceType: 'Parameters',
          parameter: [
            { name: 'manifestUrl', valueUrl: manifestUrl },
            { name: 'validationLevel', valueCode: level },
          ],
        }),
      },
    )
    if (kick.response?.status !== 202)
      skip(
        `the $import kick-off answered ${kick.response ? `${kick.response.status} ${kick.response.body.slice(0, 120)}` : kick.error} (the target may not support $import, or cannot reach this machine)`,
      )
    const status = kick.response.headers['content-location']
    if (!status) skip('the $import kick-off gave no Content-Location')
    const deadline = Date.now() + 300_000
    for (let i = 0; ; i++) {
      const ex = await ctx.exchange(`import-${name}-status#${i}`, 'GET', status, { accept: 'application/json' })
      if (ex.response?.status === 202 && Date.now() < deadline) {
        const after = Number(ex.response.headers['retry-after'])
        await new Promise((r) => setTimeout(r, Math.min(Math.max(Number.isFinite(after) ? after * 1000 : 500, 50), 5000)))
        continue
      }
      if (ex.response?.status !== 200) skip(`the import job ended with ${ex.response?.status ?? ex.error}`)
      const body = parseBody(ex.response.body) as ImportResult['body']
      const failures: ImportResult['failures'] = []
      for (const [j, e] of (body.error ?? []).entries()) {
        const file = await ctx.exchange(`import-${name}-failures-${j}`, 'GET', e.url)
        for (const line of (file.response?.body ?? '').split('\n').filter(Boolean)) {
          const row = parseBody(line) as { lineId: number; UpdateResourceResponse?: { statusCode?: number; jsonBlob?: { resourceType?: string } } }
          failures.push({ lineId: row.lineId, status: row.UpdateResourceResponse?.statusCode ?? 0, resourceType: row.UpdateResourceResponse?.jsonBlob?.resourceType })
        }
      }
      return { status: 200, body, failures, statusUrl: status }
    }
  } finally {
    server.close()
  }
}

/** The dataset's labelled invalid corpus (`--data`, generated with --invalid), or skip. */
export function corpus(ctx: CheckContext): { ndjson: string; items: Array<{ lineId: number; label: string; id: string; expected: Record<string, 'accepted' | 'rejected'> }> } {
  if (!ctx.dataset) skip('needs a dataset with its invalid corpus (--data DIR, generated with --invalid)')
  try {
    const labels = readInputJson<{ items: ReturnType<typeof corpus>['items'] }>(readFileSync(join(ctx.dataset, 'invalid', 'labels.json'), 'utf8'), 'invalid/labels.json')
    return { ndjson: readFileSync(join(ctx.dataset, 'invalid', 'corpus.ndjson'), 'utf8'), items: labels.items }
  } catch {
    skip(`no invalid corpus in ${ctx.dataset} (generate with --invalid)`)
  }
}

/** Imports the corpus at `level`; the labels whose outcome differed (empty: all as labelled). */
export async function corpusAtLevel(ctx: CheckContext, level: 'strict' | 'structure-only' | 'minimal'): Promise<string[]> {
  const c = corpus(ctx)
  const lines = c.ndjson.split('\n')
  const r = await importJob(ctx, `corpus-${level}`, c.ndjson, level)
  for (const item of c.items)
    if (item.expected[level] === 'accepted')
      ctx.created.add(`${readInputJson<{ resourceType?: string }>(lines[item.lineId - 1] ?? '{}', 'invalid/corpus.ndjson').resourceType}/${item.id}`)
  const rejected = new Set(r.failures.map((f) => f.lineId))
  return c.items
    .filter((i) => (i.expected[level] === 'rejected') !== rejected.has(i.lineId))
    .map((i) => `${i.label} (expected ${i.expected[level]}, got ${rejected.has(i.lineId) ? 'rejected' : 'accepted'})`)
}

/** 1,100 minimal Patients: enough to cross the 1,000-resource boundaries where importers lose lines. */
export function bulkPatients(code: string, system: string, n = 1100): string {
  return (
    Array.from({ length: n }, (_, i) => JSON.stringify({ resourceType: 'Patient', id: `shoreline-im-${code}-${i}`, meta: { tag: [{ system, code }] }, gender: 'unknown' })).join(
      '\n',
    ) + '\n'
  )
}

/** The 1,100-Patient import IM-01 and HL-11 share, under its own tag (other writing checks share the run tag). */
export async function bulkImport(ctx: CheckContext) {
  const { system } = ctx.runTag
  const code = `${ctx.runTag.code}-import`
  for (let i = 0; i < 1100; i++) ctx.created.add(`Patient/shoreline-im-${code}-${i}`)
  return { system, code, result: await importJob(ctx, 'im01', bulkPatients(code, system)) }
}
