import { parseBody } from '../expect.js'
import { expect, shown, skip, type Check } from '../check.js'
import { FHIR_JSON, HTTP, patientBody } from './shared.js'

export const check: Check = {
  id: 'TX-12',
  title: 'A deleted resource no longer matches searches',
  description: `After \`DELETE\`, searches leave the resource out ([R4 http, delete](${HTTP}#delete): "the resource is no longer found through search interactions").`,
  verifies: ['FHIR-HTTP-10'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'delete', type: 'Patient' },
    { interaction: 'search-type', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const marker = `${ctx.runTag.code}-deleted`
    const made = await ctx.exchange('tx12-create', 'POST', 'Patient', FHIR_JSON, {
      body: JSON.stringify(patientBody(ctx, { identifier: [{ system: 'https://shoreline.invalid/tx', value: marker }] })),
    })
    const id = /Patient\/([A-Za-z0-9\-.]{1,64})/.exec(made.response?.headers.location ?? '')?.[1]
    if (made.response?.status !== 201 || !id) skip('the create did not succeed (TX-03)')
    const del = await ctx.exchange('tx12-delete', 'DELETE', `Patient/${id}`)
    if (!del.response || del.response.status >= 300) {
      ctx.created.add(`Patient/${id}`)
      skip(`the delete answered ${del.response?.status ?? del.error}`)
    }
    const searches: Array<[string, string]> = [
      ['tx12-search-id', `_id=${id}`],
      ['tx12-search-identifier', `identifier=https://shoreline.invalid/tx|${marker}`],
    ]
    for (const [name, query] of searches) {
      const search = await ctx.exchange(name, 'GET', `Patient?${query}`)
      const found = (parseBody(search.response?.body ?? '{}').entry ?? []).filter((e: { search?: { mode?: string } }) => e.search?.mode !== 'outcome')
      expect(
        search.response?.status === 200 && found.length === 0,
        `expected the deleted Patient/${id} to match nothing for ${query}, got ${search.response?.status} with ${shown(found.length)} entries`,
      )
    }
  },
}
