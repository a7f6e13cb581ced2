import { expect, skip, type Check, type Level } from '../check.js'
import { judgeTruth, loaded, SHAPING, type Truth } from '../search/ground-truth.js'
import { multipleOrExpectation, type UsCoreSearch } from '../../lib/us-core/index.js'
import { noteReturned, pageResources, SERVER_CS } from './shared.js'
import { searchCheckId } from './covered.js'

/** The parameters a query selects by, modifiers dropped (`name:contains` → name), sorted. */
export function selectedBy(query: string): string[] {
  const names = new URLSearchParams(query.split('?')[1] ?? '').keys()
  return [...new Set([...names].map((n) => n.split(':')[0] ?? n).filter((n) => !SHAPING.has(n)))].sort()
}

/** US-02 for one US Core search (a parameter or a combination): the dataset's ground truth for it, complete and correct. */
export function searchCheck(s: UsCoreSearch): Check {
  const wanted = [...s.params].sort().join('&')
  const shown = `${s.type}?${s.params.join('&')}`
  return {
    id: searchCheckId(s.type, s.params),
    title: `US Core search ${shown} (${s.expectation}): every expected resource, nothing else`,
    description: `The US Core Server CapabilityStatement gives \`${shown}\` the expectation ${s.expectation}. Each ground-truth query of the dataset that selects by exactly ${s.params.map((p) => `\`${p}\``).join(' and ')} (with any \`_include\`/\`_revinclude\`) is asked, every page followed: it must return each expected resource and include, and no other resource of the dataset. A comma list of values (\`patient=Patient/a,Patient/b\`) is asked one value at a time, except where US Core makes the list itself SHALL (its SearchParameter's multipleOr). Inferno's US Core kit checks that what comes back matches; this also checks that nothing is missing ([US Core Server CapabilityStatement](${SERVER_CS})).`,
    verifies: [s.expectation === 'SHALL' ? 'USCORE-SEARCH-SHALL' : 'USCORE-SEARCH-SHOULD'],
    level: s.expectation as Level,
    needs: [{ interaction: 'search-type', type: s.type }, ...s.params.map((name) => ({ searchParam: name, type: s.type }))],
    writes: true,
    async run(ctx) {
      const data = await loaded(ctx)
      const truths = data.truths.filter((t: Truth) => t.query.split('?')[0] === s.type && selectedBy(t.query).join('&') === wanted)
      if (truths.length === 0) skip(`the dataset has no ground-truth query selecting ${shown}`)
      const problems: string[] = []
      // A comma list is sent as one only where US Core makes it SHALL (status and the like); the
      // others (patient, _id, name, …: MAY) are asked one value at a time.
      const keepOr = (param: string) => multipleOrExpectation(s.type, param) === 'SHALL'
      for (const t of truths) problems.push(...(await judgeTruth(ctx, t, data, (body) => pageResources(body).forEach((r) => noteReturned(ctx, r)), keepOr)))
      expect(problems.length === 0, `expected every ground-truth answer to ${shown}: ${problems.slice(0, 3).join('; ')}`)
    },
  }
}
