import { expect, type Check } from '../check.js'
import { KICKOFF, SPEC } from './shared.js'

export const check: Check = {
  id: 'BE-06',
  title: 'The three NDJSON spellings of `_outputFormat` are accepted',
  description: `\`_outputFormat\` of \`application/fhir+ndjson\`, \`application/ndjson\` and \`ndjson\` each start an export (202); each is cancelled straight after ([Bulk Data IG, Query parameters](${SPEC}#query-parameters): "servers SHALL support … these abbreviations").`,
  verifies: ['BULK-8'],
  level: 'SHALL',
  async run(ctx) {
    for (const format of ['application/fhir+ndjson', 'application/ndjson', 'ndjson']) {
      const kick = await ctx.exchange(`export-format-${format}`, 'GET', `$export?_type=Patient&_outputFormat=${encodeURIComponent(format)}`, KICKOFF)
      const location = kick.response?.headers['content-location']
      if (location) await ctx.exchange(`export-format-cancel-${format}`, 'DELETE', location)
      expect(
        kick.response?.status === 202,
        `expected 202 for \`_outputFormat=${format}\`, got ${kick.response ? `${kick.response.status} ${kick.response.body.slice(0, 120)}` : kick.error}`,
      )
    }
  },
}
