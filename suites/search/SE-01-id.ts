import { expect, shown, type Check } from '../check.js'
import { expectMatches, fixture, pageOf, searchTag, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-01',
  title: '`_id` search finds exactly the named resources, by GET and by POST',
  description: `\`Patient?_id=<a>,<b>\` answers those two and nothing else, and \`POST Patient/_search\` with \`_id=<a>\` answers that one ([R4 search, _id](${SPEC}#id); [POST _search](${SPEC}#Introduction)).`,
  verifies: ['FHIR-SEARCH-10', 'FHIR-SEARCH-8'],
  level: 'SHALL',
  needs: [{ interaction: 'search-type', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    const f = await fixture(ctx)
    await expectMatches(ctx, 'se-id-get', `Patient?_id=${f.get('jones')},${f.get('green')}`, ['jones', 'green'])
    const tag = searchTag(ctx)
    const body = new URLSearchParams({ _id: f.get('brown')!, _tag: `${tag.system}|${tag.code}` }).toString()
    const post = pageOf(
      await ctx.exchange('se-id-post', 'POST', 'Patient/_search', { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/fhir+json' }, { body }),
    )
    expect(JSON.stringify(post.ids) === JSON.stringify([`Patient/${f.get('brown')}`]), `expected only Patient/${f.get('brown')} for POST _id, got ${shown(post.ids)}`)
  },
}
