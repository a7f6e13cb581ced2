import { expect, shown, type Check } from '../check.js'
import { finished, SPEC } from './shared.js'

export const check: Check = {
  id: 'BE-15',
  title: 'The manifest names the kick-off request, a transactionTime instant and well-formed output items',
  description: `\`transactionTime\` is a FHIR instant, \`request\` is the kick-off URL (query included), every output item has a \`type\` and an absolute \`url\` (and a \`count\` > 0 if any), and an \`Expires\` header, if sent, is in the future ([Bulk Data IG, Response - complete status](${SPEC}#response---complete-status)).`,
  verifies: ['BULK-3'],
  level: 'SHALL',
  async run(ctx) {
    const { ex, manifest } = await finished(ctx, '?_type=Patient')
    expect(
      typeof manifest.transactionTime === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(manifest.transactionTime),
      `expected \`transactionTime\` a FHIR instant, got ${shown(manifest.transactionTime)}`,
    )
    const kickoff = new URL('$export?_type=Patient', ctx.client.base).toString()
    expect(
      typeof manifest.request === 'string' && decodeURIComponent(manifest.request) === decodeURIComponent(kickoff),
      `expected \`request\` ${shown(kickoff)}, got ${shown(manifest.request)}`,
    )
    for (const o of manifest.output ?? []) {
      expect(typeof o.type === 'string' && typeof o.url === 'string' && /^https?:\/\//.test(o.url), `expected output items with \`type\` and an absolute \`url\`, got ${shown(o)}`)
      expect(o.count === undefined || (Number.isInteger(o.count) && o.count > 0), `expected \`count\` > 0 when present, got ${shown(o.count)}`)
    }
    const expires = ex.response?.headers.expires
    expect(expires === undefined || Date.parse(expires) > Date.now(), `expected \`Expires\` in the future, got \`${expires}\``)
  },
}
