import { expect, shown, skip, type Check } from '../check.js'
import { finished, SPEC } from './shared.js'

export const check: Check = {
  id: 'BE-16',
  title: 'Every output item names its type and an absolute URL',
  description: `Each \`output\` entry has \`type\` (a resource type) and an absolute \`url\` ([Bulk Data IG, Complete status](${SPEC}#response---complete-status)).`,
  verifies: ['BULK-3'],
  level: 'SHALL',
  async run(ctx) {
    const { manifest } = await finished(ctx)
    if (!Array.isArray(manifest.output)) skip('the manifest has no output array (BE-14)')
    if (manifest.output.length === 0) skip('the target exported nothing (no data?)')
    for (const o of manifest.output) {
      expect(typeof o.type === 'string' && /^[A-Z][A-Za-z]+$/.test(o.type), `expected \`type\` to be a resource type, got ${shown(o.type)}`)
      expect(typeof o.url === 'string' && /^https?:\/\//.test(o.url), `expected an absolute \`url\`, got ${shown(o.url)}`)
    }
  },
}
