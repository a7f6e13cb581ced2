import { parseBody } from '../expect.js'
import { expect, skip, type Check } from '../check.js'
import { KICKOFF, SPEC } from './shared.js'

/** Kick-offs a server commonly refuses; each refusal must say why in an OperationOutcome. */
const REFUSABLE = ['_type=ShorelineNoSuchType', '_outputFormat=text%2Fhtml', '_since=not-an-instant']

export const check: Check = {
  id: 'BE-23',
  title: 'A refused kick-off says why in an OperationOutcome',
  description: `Kick-offs naming an unknown type, an unproduced \`_outputFormat\` or a malformed \`_since\` are sent; each one the server refuses (4xx or 5xx) has an OperationOutcome body in JSON ([Bulk Data IG, Response - error](${SPEC}#response---error-eg-unsupported-search-parameter)). Whether to refuse them is BE-07 and BE-12; a server that accepts all three skips.`,
  verifies: ['BULK-9'],
  level: 'SHALL',
  async run(ctx) {
    let refused = 0
    for (const q of REFUSABLE) {
      const kick = await ctx.exchange(`export-refusable-${q}`, 'GET', `$export?${q}`, KICKOFF)
      const location = kick.response?.headers['content-location']
      if (location) await ctx.exchange(`export-refusable-cancel-${q}`, 'DELETE', location)
      const res = kick.response
      if (!res || res.status < 400) continue
      refused++
      const body = parseBody<{ resourceType?: unknown }>(res.body, `the refusal of \`${q}\``)
      expect(body.resourceType === 'OperationOutcome', `expected an OperationOutcome for the refused \`${q}\` (HTTP ${res.status}), got ${res.body.slice(0, 120)}`)
    }
    if (refused === 0) skip('the server accepted every one of these kick-offs')
  },
}
