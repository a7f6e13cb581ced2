import { expect, shown, type Check } from '../check.js'
import { finished, SPEC } from './shared.js'

export const check: Check = {
  id: 'BE-08',
  title: '_since leaves out resources not changed since then',
  description: `With \`_since\` a moment ago, resources last changed before it are not exported ([Bulk Data IG, Query parameters](${SPEC}#query-parameters)). Assumes nothing writes to the target during the check.`,
  verifies: ['BULK-6'],
  level: 'SHALL',
  async run(ctx) {
    const since = new Date(Date.now() - 1).toISOString()
    await new Promise((r) => setTimeout(r, 20))
    const { manifest } = await finished(ctx, `?_since=${encodeURIComponent(since)}`)
    const counted = (manifest.output ?? []).map((o) => `${o.type}×${o.count ?? '?'}`)
    expect(counted.length === 0, `expected no files for _since=${since} (nothing changed since), got ${shown(counted)}`)
  },
}
