import { expect, type Check } from '../check.js'
import { KICKOFF, SPEC } from './shared.js'

export const check: Check = {
  id: 'BE-07',
  title: 'An `_outputFormat` the server does not produce is refused',
  description: `\`_outputFormat\` of \`application/xml\`, \`text/html\` or \`x-custom\` should answer a 4xx, not an export in some other format (the IG requires NDJSON and lets a server offer more; refusing what it does not produce is the recommended answer: [Bulk Data IG, Query parameters](${SPEC}#query-parameters); [Response - error](${SPEC}#response---error-eg-unsupported-search-parameter)).`,
  verifies: ['BULK-12'],
  level: 'SHOULD',
  async run(ctx) {
    for (const format of ['application/xml', 'text/html', 'x-custom']) {
      const kick = await ctx.exchange(`export-bad-format-${format}`, 'GET', `$export?_type=Patient&_outputFormat=${encodeURIComponent(format)}`, KICKOFF)
      const location = kick.response?.headers['content-location']
      if (location) await ctx.exchange(`export-bad-format-cancel-${format}`, 'DELETE', location)
      const s = kick.response?.status ?? 0
      expect(s >= 400 && s < 500, `expected a 4xx for \`_outputFormat=${format}\`, got ${kick.response?.status ?? kick.error}`)
    }
  },
}
