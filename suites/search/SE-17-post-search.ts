import { expect, shown, type Check } from '../check.js'
import { fixture, pageOf, refs, searchTag, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-17',
  title: 'POST _search with a form body finds what GET finds',
  description: `\`POST [base]/Patient/_search\` with \`application/x-www-form-urlencoded\` parameters is the same search as GET ([R4 search, Search via POST](${SPEC}#Introduction)).`,
  verifies: ['FHIR-SEARCH-8'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const f = await fixture(ctx)
    const tag = searchTag(ctx)
    const body = new URLSearchParams({ family: 'smith', _tag: `${tag.system}|${tag.code}` }).toString()
    const page = pageOf(
      await ctx.exchange('se-post-search', 'POST', 'Patient/_search', { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/fhir+json' }, { body }),
    )
    const want = refs('Patient', [f.get('smith'), f.get('smithson')])
    expect(JSON.stringify(page.ids.sort()) === JSON.stringify(want), `expected exactly ${shown(want)} for POST family=smith, got ${shown(page.ids.sort())}`)
  },
}
