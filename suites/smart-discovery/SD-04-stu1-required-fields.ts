import { expect, shown, type Check } from '../check.js'
import { claimsAppLaunch, discoveryJson, SPEC } from './shared.js'

export const check: Check = {
  id: 'SD-04',
  title: 'token_endpoint and capabilities are present, and authorization_endpoint where app launch is claimed',
  description: `\`token_endpoint\` (a string) and \`capabilities\` (a non-empty array) are required of every SMART server; \`authorization_endpoint\` only of one that claims \`launch-ehr\` or \`launch-standalone\` — a backend-services-only server legally has none ([SMART App Launch, Metadata](${SPEC}#metadata)).`,
  verifies: ['SMART-WK-3'],
  level: 'SHALL',
  async run(ctx) {
    const conf = await discoveryJson(ctx)
    expect(typeof conf.token_endpoint === 'string' && conf.token_endpoint.trim() !== '', `expected \`token_endpoint\` to be a non-blank string, got ${shown(conf.token_endpoint)}`)
    expect(Array.isArray(conf.capabilities) && conf.capabilities.length > 0, `expected \`capabilities\` to be a non-empty array, got ${shown(conf.capabilities)}`)
    if (claimsAppLaunch(conf))
      expect(
        typeof conf.authorization_endpoint === 'string' && conf.authorization_endpoint.trim() !== '',
        `expected \`authorization_endpoint\` (the server claims app launch), got ${shown(conf.authorization_endpoint)}`,
      )
  },
}
