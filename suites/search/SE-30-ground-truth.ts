import { expect, type Check } from '../check.js'
import { pageOf, SPEC } from './shared.js'
import { PROFILES } from '../../profiles/index.js'
import { chainsOrHas, loaded, toTargetIds } from './ground-truth.js'

export const check: Check = {
  id: 'SE-30',
  title: "Every ground-truth query of the dataset finds all its expected resources and none of the dataset's others",
  description: `For each query in the generated dataset's \`groundTruth\` — every parameter type, prefixes, modifiers, chains, \`_has\`, \`_include\`/\`_revinclude\` — following every \`next\` link returns each expected id (completeness), no other resource of the dataset (correctness; resources not from the dataset are ignored), and every expected include ([R4 search](${SPEC})).`,
  verifies: ['FHIR-SEARCH-17'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const { truths, ids, idMap } = await loaded(ctx)
    // With ids the target assigned: queries are sent with its ids, and what it answers is read back as the dataset's.
    const flat = new Map([...(idMap ?? [])].map(([key, id]) => [key.slice(key.indexOf('/') + 1), id]))
    const generatedOf = new Map([...(idMap ?? [])].map(([key, id]) => [`${key.split('/')[0]}/${id}`, key]))
    const back = (ref: string) => (idMap ? (generatedOf.get(ref) ?? `${ref.split('/')[0]}/?${ref.slice(ref.indexOf('/') + 1)}`) : ref)
    const problems: string[] = []
    // Large pages (the target may hold far more than the dataset), within what its profile documents.
    const pageSize = Math.min(200, PROFILES[ctx.target.profile].limits?.maxPageSize?.value ?? 200)
    // A profile that documents a limit on chained and _has searches (HealthLake: more than 100
    // results at any level fails the search) may refuse such a query on a large dataset: that is
    // its documented behaviour, not a wrong answer.
    const chainLimit = PROFILES[ctx.target.profile].limits?.maxChainResults?.value
    for (const t of truths) {
      const matches = new Set<string>()
      const included = new Set<string>()
      const query = toTargetIds(t.query, idMap, flat)
      const first = /[?&]_count=/.test(query) ? query : `${query}&_count=${pageSize}`
      let page = pageOf(await ctx.exchange(`gt-${t.name}-0`, 'GET', first, { accept: 'application/fhir+json' }))
      // A server may refuse a page larger than its own maximum: the query is asked again at its default page size.
      if (page.status === 400 && first !== query) page = pageOf(await ctx.exchange(`gt-${t.name}-0-default-page`, 'GET', query, { accept: 'application/fhir+json' }))
      if (page.status !== 200) {
        if (!(page.status === 400 && chainLimit !== undefined && chainsOrHas(t.query))) problems.push(`\`${t.query}\` answered HTTP ${page.status}`)
        continue
      }
      for (let i = 1; ; i++) {
        page.ids.map(back).forEach((r) => matches.add(r.slice(r.indexOf('/') + 1)))
        page.included.map(back).forEach((r) => included.add(r))
        if (!page.next || i > 500) break
        page = pageOf(await ctx.exchange(`gt-${t.name}-${i}`, 'GET', page.next, { accept: 'application/fhir+json' }))
      }
      const type = t.query.split('?')[0]
      const missing = t.match.filter((id) => !matches.has(id))
      const extra = [...matches].filter((id) => !t.match.includes(id) && ids.has(`${type}/${id}`))
      const missingIncludes = t.include.filter((ref) => !included.has(ref))
      if (missing.length) problems.push(`\`${t.query}\` missed ${missing.length} of ${t.match.length} (e.g. ${type}/${missing[0]})`)
      if (extra.length) problems.push(`\`${t.query}\` also answered ${extra.length} that do not match (e.g. ${type}/${extra[0]})`)
      if (missingIncludes.length) problems.push(`\`${t.query}\` lacked ${missingIncludes.length} included (e.g. ${missingIncludes[0]})`)
    }
    expect(problems.length === 0, `${problems.length} of ${truths.length} ground-truth queries wrong: ${problems.slice(0, 3).join('; ')}`)
  },
}
