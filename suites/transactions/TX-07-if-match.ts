import { expect, skip, type Check } from '../check.js'
import { created, FHIR_JSON, HTTP, patientBody, updated } from './shared.js'

export const check: Check = {
  id: 'TX-07',
  title: 'An update with a stale If-Match is refused (409/412)',
  description: `With \`If-Match: W/"1"\` after the resource moved to version 2, the update is refused with 412 Precondition Failed (or 409) ([R4 http, Managing resource contention](${HTTP}#concurrency)).`,
  verifies: ['FHIR-HTTP-4'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'update', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const { id, body } = await created(ctx)
    if ((await updated(ctx)).response?.status !== 200) skip('the update did not succeed (TX-05)')
    const stale = body?.meta?.versionId ?? '1'
    const ex = await ctx.exchange(
      'tx-stale-update',
      'PUT',
      `Patient/${id}`,
      { ...FHIR_JSON, 'if-match': `W/"${stale}"` },
      { body: JSON.stringify(patientBody(ctx, { id, gender: 'male' })) },
    )
    expect(ex.response?.status === 412 || ex.response?.status === 409, `expected 412 (or 409) for If-Match W/"${stale}", got ${ex.response?.status ?? ex.error}`)
  },
}
