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
    // The name as written: what is tested is the POST form, not case folding (SE-05 and SE-28 test that).
    const body = new URLSearchParams({ family: 'Smith', _tag: `${tag.system}|${tag.code}` }).toString()
    const page = pageOf(
      await ctx.exchange('se-post-search', 'POST', 'Patient/_search', { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/fhir+json' }, { body }),
    )
    const want = refs('Patient', [f.get('smith'), f.get('smithson')])
    expect(JSON.stringify(page.ids.sort()) === JSON.stringify(want), `expected exactly ${shown(want)} for POST family=Smith, got ${shown(page.ids.sort())}`)
  },
}
