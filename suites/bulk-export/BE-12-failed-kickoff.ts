import { expect, type Check } from '../check.js'
import { KICKOFF, SPEC } from './shared.js'

export const check: Check = {
  id: 'BE-12',
  title: 'A kick-off naming an unknown resource type fails with 4xx and an OperationOutcome',
  description: `Without \`handling=lenient\`, a kick-off asking for a type the server does not export (\`_type=ShorelineNoSuchType\`) should be refused with a 4xx whose body is an OperationOutcome ([Bulk Data IG, Query parameters](${SPEC}#query-parameters), a SHOULD; [Response - error](${SPEC}#response---error-eg-unsupported-search-parameter)).`,
  verifies: ['BULK-11'],
  level: 'SHOULD',
  async run(ctx) {
    const kick = await ctx.exchange('export-unknown-type', 'GET', '$export?_type=ShorelineNoSuchType', KICKOFF)
    const location = kick.response?.headers['content-location']
    if (location) await ctx.exchange('export-unknown-type-cancel', 'DELETE', location)
    const res = kick.response
    expect(res && res.status >= 400 && res.status < 500, `expected a 4xx for an unknown \`_type\`, got ${res?.status ?? kick.error}`)
    expect(/"OperationOutcome"/.test(res.body), `expected an OperationOutcome body, got ${res.body.slice(0, 120)}`)
  },
}
