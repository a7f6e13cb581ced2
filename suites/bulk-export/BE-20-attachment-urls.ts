import { expect, shown, skip, type Check } from '../check.js'
import type { CheckContext } from '../context.js'
import { parseBody } from '../expect.js'
import { exportedResources, finished, SPEC, writeTagged, type Manifest } from './shared.js'

const TEXT = 'Shoreline BE-20: the content of an exported attachment'
const DATA = Buffer.from(TEXT).toString('base64')

interface Attachment {
  contentType?: string
  url?: string
  data?: string
}

/** Writes a tagged resource: its id and the lastUpdated its create answered, or undefined when refused. */
async function create(ctx: CheckContext, name: string, resource: Record<string, unknown>): Promise<{ id: string; lastUpdated?: string } | undefined> {
  const { id, ex } = await writeTagged(ctx, name, resource)
  if (!id) return undefined
  try {
    return { id, lastUpdated: (parseBody(ex.response?.body ?? '') as { meta?: { lastUpdated?: string } }).meta?.lastUpdated }
  } catch {
    return { id } // a create may answer without a body (Prefer: return=minimal is the server's choice)
  }
}

/** What an attachment URL answers: the content, or why not. With requiresAccessToken false the URL is tried without a token first. */
async function dereference(ctx: CheckContext, url: string, a: Attachment, manifest: Manifest, i: number): Promise<string | undefined> {
  const headers = { accept: `${a.contentType ?? 'application/octet-stream'}, */*;q=0.1` }
  let ex = await ctx.exchange(`export-attachment-${i}`, 'GET', url, headers, { noAuth: manifest.requiresAccessToken !== true })
  if (manifest.requiresAccessToken !== true && ex.response?.status !== 200) ex = await ctx.exchange(`export-attachment-${i}-token`, 'GET', url, headers)
  if (ex.response?.status !== 200) return `answered ${ex.response?.status ?? ex.error}${manifest.requiresAccessToken === true ? ' with the access token' : ''}`
  if (ex.response.body === TEXT) return undefined
  // A FHIR server may answer the Binary resource itself rather than its content.
  try {
    const binary = parseBody(ex.response.body) as { resourceType?: string; data?: string }
    if (binary.resourceType === 'Binary' && Buffer.from(binary.data ?? '', 'base64').toString() === TEXT) return undefined
  } catch {
    // Neither the content nor JSON: said below.
  }
  return `answered 200 with ${shown(ex.response.body.slice(0, 60))}, not the attachment's content`
}

export const check: Check = {
  id: 'BE-20',
  title: 'Attachment URLs in exported resources are absolute and give the content',
  description: `When an exported resource's Attachment has a \`url\`, it SHALL be an absolute URL that can be de-referenced to the attachment's content; with \`requiresAccessToken: true\` the access token is all it may need ([Bulk Data IG, Attachments](${SPEC}#attachments)). A Binary is written, then a DocumentReference whose attachments hold the same text inline (\`data\`) and by the Binary's absolute URL; the export \`?_type=DocumentReference\` (with \`_since\` just before the write) is read, and every \`url\` among the written DocumentReference's attachments must be absolute and answer that text (as content, or as a Binary holding it), without a token when \`requiresAccessToken\` is false.`,
  verifies: ['BULK-17'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const binary = await create(ctx, 'export-attachment-binary', { resourceType: 'Binary', contentType: 'text/plain', data: DATA })
    const content: Array<{ attachment: Attachment }> = [{ attachment: { contentType: 'text/plain', data: DATA } }]
    if (binary) content.push({ attachment: { contentType: 'text/plain', url: new URL(`Binary/${binary.id}`, ctx.client.base).toString() } })
    const doc = await create(ctx, 'export-attachment-document', { resourceType: 'DocumentReference', status: 'current', type: { text: 'BE-20' }, content })
    if (!doc) skip('the DocumentReference with attachments was not created (TX-03)')
    const since = Date.parse(doc.lastUpdated ?? '')
    const query = `?_type=DocumentReference${Number.isFinite(since) ? `&_since=${encodeURIComponent(new Date(since - 1000).toISOString())}` : ''}`
    const { manifest } = await finished(ctx, query)
    const exported = (await exportedResources<{ resourceType?: string; id?: string; content?: Array<{ attachment?: Attachment }> }>(ctx, manifest, 'export-attachment-file')).find(
      (r) => r.resourceType === 'DocumentReference' && r.id === doc.id,
    )
    if (!exported) skip(`the export ${query} does not hold DocumentReference/${doc.id} written for the check (BE-08, BE-09)`)
    const withUrl = (exported.content ?? []).map((c) => c.attachment ?? {}).filter((a) => a.url !== undefined)
    if (!withUrl.length) skip(`DocumentReference/${doc.id} is exported with its attachments inline, no url to judge`)
    const wrong: string[] = []
    for (const [i, a] of withUrl.entries()) {
      const url = String(a.url)
      if (!/^https?:\/\//i.test(url)) {
        wrong.push(`${shown(url)} is not an absolute URL`)
        continue
      }
      const why = await dereference(ctx, url, a, manifest, i)
      if (why) wrong.push(`${url} ${why}`)
    }
    expect(wrong.length === 0, `expected each exported attachment url of DocumentReference/${doc.id} absolute and giving its content, got ${wrong.join('; ')}`)
  },
}
