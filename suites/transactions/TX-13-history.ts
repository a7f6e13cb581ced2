import { parseBody } from '../expect.js'
import { expect, shown, skip, type Check } from '../check.js'
import { created, HTTP, updated, writtenVersion } from './shared.js'

export const check: Check = {
  id: 'TX-13',
  title: 'Instance history lists every version, newest first',
  description: `\`GET [base]/Patient/[id]/_history\` is a Bundle of type \`history\` with one entry per version, newest first: after a create and an update, the update's version comes before the create's. Version ids are opaque, so they are matched to what each write answered, never compared as numbers ([R4 http, history](${HTTP}#history)).`,
  verifies: ['FHIR-HTTP-5'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'update', type: 'Patient' },
    { interaction: 'history-instance', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const made = await created(ctx)
    const id = made.id
    const up = await updated(ctx)
    if (up.response?.status !== 200) skip('the update did not succeed (TX-05)')
    const first = made.body?.meta?.versionId as string | undefined
    const second = writtenVersion(up)
    if (!first || !second) skip('the create or the update named no versionId (TX-03, TX-05)')
    const ex = await ctx.exchange('tx-history', 'GET', `Patient/${id}/_history`)
    expect(ex.response?.status === 200, `expected HTTP 200, got ${ex.response?.status ?? ex.error}`)
    const b = parseBody(ex.response.body)
    expect(b.resourceType === 'Bundle' && b.type === 'history', `expected a history Bundle, got ${shown({ resourceType: b.resourceType, type: b.type })}`)
    const versions = (b.entry ?? []).map((e: { resource?: { meta?: { versionId?: string } } }) => e.resource?.meta?.versionId)
    expect(versions.length >= 2, `expected at least 2 versions (create, update), got ${shown(versions)}`)
    expect(
      versions[0] === second && versions.includes(first) && versions.indexOf(first) > 0,
      `expected newest first: the update's \`${second}\` before the create's \`${first}\`, got ${shown(versions)}`,
    )
  },
}
