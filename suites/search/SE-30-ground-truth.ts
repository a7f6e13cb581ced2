import { expect, type Check } from '../check.js'
import { SPEC } from './shared.js'
import { judgeTruth, loaded } from './ground-truth.js'

export const check: Check = {
  id: 'SE-30',
  title: "Every ground-truth query of the dataset finds all its expected resources and none of the dataset's others",
  description: `For each query in the generated dataset's \`groundTruth\` — every parameter type, prefixes, modifiers, chains, \`_has\`, \`_include\`/\`_revinclude\` — following every \`next\` link returns each expected id (completeness), no other resource of the dataset (correctness; resources not from the dataset are ignored), and every expected include. A comma list of values is asked one value at a time and the answers joined: whether a parameter takes a list is the server's choice (SearchParameter.multipleOr), and SE-15 is the check of lists ([R4 search](${SPEC})).`,
  verifies: ['FHIR-SEARCH-17'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const data = await loaded(ctx)
    const problems: string[] = []
    for (const t of data.truths) problems.push(...(await judgeTruth(ctx, t, data)))
    expect(problems.length === 0, `${problems.length} of ${data.truths.length} ground-truth queries wrong: ${problems.slice(0, 3).join('; ')}`)
  },
}
