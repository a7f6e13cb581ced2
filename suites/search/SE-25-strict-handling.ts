import { expect, type Check } from '../check.js'
import { SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-25',
  title: 'With Prefer: handling=strict an unknown parameter is an error',
  description: `Under \`Prefer: handling=strict\` the server should answer an error for a parameter it does not know, instead of ignoring it (servers are asked to honour the preference but need not) ([R4 search, Handling errors](${SPEC}#errors)).`,
  verifies: ['FHIR-SEARCH-9'],
  level: 'SHOULD',
  needs: [{ interaction: 'search-type', type: 'Patient' }],
  async run(ctx) {
    const ex = await ctx.exchange('se-strict', 'GET', 'Patient?shoreline-unknown-parameter=1', { prefer: 'handling=strict' })
    expect(
      ex.response && ex.response.status >= 400 && ex.response.status < 500,
      `expected a 4xx for an unknown parameter under handling=strict, got ${ex.response?.status ?? ex.error}`,
    )
  },
}
