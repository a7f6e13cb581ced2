import { parseBody } from '../expect.js'
import { expect, shown, skip, type Check } from '../check.js'
import { created, HTTP, updated } from './shared.js'

export const check: Check = {
  id: 'TX-13',
  title: 'Instance history lists every version, newest first',
  description: `\`GET [base]/Patient/[id]/_history\` is a Bundle of type \`history\` with one entry per version, newest first ([R4 http, history](${HTTP}#history)).`,
  verifies: ['FHIR-HTTP-5'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const { id } = await created(ctx)
    if ((await updated(ctx)).response?.status !== 200) skip('the update did not succeed (TX-05)')
    const ex = await ctx.exchange('tx-history', 'GET', `Patient/${id}/_history`)
    expect(ex.response?.status === 200, `expected HTTP 200, got ${ex.response?.status ?? ex.error}`)
    const b = parseBody(ex.response.body)
    expect(b.resourceType === 'Bundle' && b.type === 'history', `expected a history Bundle, got ${shown({ resourceType: b.resourceType, type: b.type })}`)
    const versions = (b.entry ?? []).map((e: { resource?: { meta?: { versionId?: string } } }) => e.resource?.meta?.versionId)
    expect(versions.length >= 2, `expected at least 2 versions (create, update), got ${shown(versions)}`)
    expect(Number(versions[0]) > Number(versions[1]), `expected newest first, got ${shown(versions)}`)
  },
}
