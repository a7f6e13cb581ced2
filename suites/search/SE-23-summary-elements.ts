import { parseBody } from '../expect.js'
import { expect, shown, type Check } from '../check.js'
import { fixture, search, searchTag, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-23',
  title: '`_summary=count` answers only the total; `_elements` keeps the listed elements and marks SUBSETTED',
  description: `\`_summary=count\` answers \`total\` and no entries; \`_elements=name\` answers resources with \`name\` but not \`gender\`, tagged SUBSETTED ([R4 search, _summary](${SPEC}#summary); [_elements](${SPEC}#elements)).`,
  verifies: ['FHIR-SEARCH-16'],
  level: 'SHALL',
  needs: [
    { interaction: 'search-type', type: 'Patient' },
    { searchParam: 'gender', type: 'Patient' },
    { searchParam: 'family', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    await fixture(ctx)
    const count = await search(ctx, 'se-summary-count', 'Patient?gender=female&_summary=count')
    expect(count.status === 200 && count.total === 4, `expected \`total\` 4 for \`_summary=count\`, got ${shown(count.total)}`)
    expect(count.ids.length === 0, `expected no entries with \`_summary=count\`, got ${count.ids.length}`)
    const tag = searchTag(ctx)
    const ex = await ctx.exchange('se-elements', 'GET', `Patient?family=Jones&_elements=name&_tag=${encodeURIComponent(`${tag.system}|${tag.code}`)}`, {
      accept: 'application/fhir+json',
    })
    const r = (
      parseBody(ex.response?.body ?? '{}') as {
        entry?: Array<{ resource?: { name?: unknown; gender?: unknown; meta?: { tag?: Array<{ code?: string }> } } & Record<string, unknown> }>
      }
    ).entry?.[0]?.resource
    expect(r?.name && r.gender === undefined, `expected \`name\` and no \`gender\` with \`_elements=name\`, got keys ${shown(r && Object.keys(r))}`)
    expect(
      (r?.meta?.tag ?? []).some((t: { code?: string }) => t.code === 'SUBSETTED'),
      `expected the SUBSETTED tag, got ${shown(r?.meta?.tag)}`,
    )
  },
}
