import { expect, shown, skip, type Check } from '../check.js'
import { discoveryJson, SPEC } from './shared.js'

export const check: Check = {
  id: 'SD-09',
  title: 'Every capabilities entry is a string',
  description: `\`capabilities\` is an array of strings such as \`launch-standalone\` ([SMART App Launch, Capabilities](${SPEC}#capabilities)).`,
  verifies: ['SMART-WK-3'],
  level: 'SHALL',
  async run(ctx) {
    const caps = (await discoveryJson(ctx)).capabilities
    if (!Array.isArray(caps)) skip('`capabilities` is missing (SD-04)')
    const bad = caps.filter((c) => typeof c !== 'string' || c.trim() === '')
    expect(bad.length === 0, `expected every \`capabilities\` entry to be a non-blank string, got ${shown(bad)}`)
  },
}
