import { expect, shown, type Check } from '../check.js'
import { discoveryJson, SPEC } from './shared.js'

export const check: Check = {
  id: 'SD-04',
  title: 'authorization_endpoint, token_endpoint and capabilities are present',
  description: `Required since STU1: \`authorization_endpoint\` and \`token_endpoint\` (strings) and \`capabilities\` (array), each non-blank ([SMART App Launch, Metadata](${SPEC}#metadata)).`,
  verifies: ['SMART-WK-3'],
  level: 'SHALL',
  async run(ctx) {
    const conf = await discoveryJson(ctx)
    for (const k of ['authorization_endpoint', 'token_endpoint'])
      expect(typeof conf[k] === 'string' && (conf[k] as string).trim() !== '', `expected \`${k}\` to be a non-blank string, got ${shown(conf[k])}`)
    expect(Array.isArray(conf.capabilities) && conf.capabilities.length > 0, `expected \`capabilities\` to be a non-empty array, got ${shown(conf.capabilities)}`)
  },
}
