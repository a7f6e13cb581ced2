import { expect, shown, type Check } from '../check.js'
import { discoveryJson, SPEC } from './shared.js'

export const check: Check = {
  id: 'SD-12',
  title: 'Recommended discovery fields for backend services are present',
  description: `\`token_endpoint_auth_methods_supported\`, \`token_endpoint_auth_signing_alg_values_supported\` and \`scopes_supported\` are RECOMMENDED, and arrays when present ([SMART App Launch, Metadata](${SPEC}#metadata)).`,
  verifies: ['SMART-WK-7'],
  level: 'SHOULD',
  async run(ctx) {
    const conf = await discoveryJson(ctx)
    const missing = ['token_endpoint_auth_methods_supported', 'token_endpoint_auth_signing_alg_values_supported', 'scopes_supported'].filter((k) => !Array.isArray(conf[k]))
    expect(missing.length === 0, `expected ${missing.map((k) => `\`${k}\``).join(', ')} to be arrays, got ${shown(missing.map((k) => conf[k]))}`)
  },
}
