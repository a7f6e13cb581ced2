import { expect, skip, type Check } from '../check.js'
import { parseBody } from '../expect.js'
import { dataStore, GUIDE } from './shared.js'

const HEADER = 'x-amz-fhir-history-consistency-level'
const SPEC = `${GUIDE}/searching-fhir-consistency-levels.html`
const SYSTEM = 'https://shoreline.invalid/hl22'

export const check: Check = {
  id: 'HL-22',
  title: 'A search sent with strong consistency finds a resource updated a moment before',
  description: `HealthLake's search index is eventually consistent: a resource whose index update is pending is left out of results by default. A search sent with \`${HEADER}: strong\` returns every match, including resources with pending index updates ([HealthLake, FHIR Search Consistency Levels](${SPEC})). A Patient is created, then updated with \`${HEADER}: eventual\`, and at once searched for by its identifier (unchanged) with \`strong\`: it must be found. Shoreline relies on this header to search right after it writes (the healthlake target profile sends it).`,
  verifies: ['HL-CONSISTENCY-1'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'update', type: 'Patient' },
    { searchParam: 'identifier', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    dataStore(ctx)
    const json = { 'content-type': 'application/fhir+json' }
    const value = `${ctx.runTag.code}-hl22`
    const body = (extra: Record<string, unknown> = {}) =>
      ctx.tagged({ resourceType: 'Patient', identifier: [{ system: SYSTEM, value }], name: [{ family: 'Consistency' }], ...extra })
    const created = await ctx.exchange('hl22-create', 'POST', 'Patient', { ...json, [HEADER]: 'strong' }, { body: JSON.stringify(body()) })
    const id = /Patient\/([A-Za-z0-9\-.]{1,64})/.exec(created.response?.headers.location ?? '')?.[1]
    if (created.response?.status !== 201 || !id) skip(`the create answered ${created.response?.status ?? created.error}${id ? '' : ' with no Location'}`)
    ctx.created.add(`Patient/${id}`)
    const updated = await ctx.exchange('hl22-update', 'PUT', `Patient/${id}`, { ...json, [HEADER]: 'eventual' }, { body: JSON.stringify(body({ id, gender: 'unknown' })) })
    if (updated.response?.status !== 200) skip(`the update answered ${updated.response?.status ?? updated.error}`)
    const search = await ctx.exchange('hl22-search', 'GET', `Patient?identifier=${encodeURIComponent(`${SYSTEM}|${value}`)}`, {
      accept: 'application/fhir+json',
      [HEADER]: 'strong',
    })
    if (search.response?.status !== 200) skip(`the search answered ${search.response?.status ?? search.error}`)
    const bundle = parseBody<{ entry?: Array<{ resource?: { resourceType?: string; id?: string } }> }>(search.response.body, 'the search response')
    const found = (bundle.entry ?? []).map((e) => `${e.resource?.resourceType}/${e.resource?.id}`)
    expect(
      found.includes(`Patient/${id}`),
      `expected the search sent with \`${HEADER}: strong\` right after the update to find Patient/${id}, got ${found.length ? found.join(', ') : 'no match'}`,
    )
  },
}
