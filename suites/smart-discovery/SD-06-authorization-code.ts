import { expect, shown, skip, type Check } from '../check.js'
import { claimsAppLaunch, discoveryJson, SPEC } from './shared.js'

export const check: Check = {
  id: 'SD-06',
  title: 'grant_types_supported includes authorization_code',
  description: `A server that claims app launch (\`launch-ehr\` or \`launch-standalone\`) lists \`authorization_code\` in \`grant_types_supported\`; a backend-services-only server need not ([SMART App Launch, Metadata](${SPEC}#metadata)).`,
  verifies: ['SMART-WK-5'],
  level: 'SHALL',
  async run(ctx) {
    const conf = await discoveryJson(ctx)
    if (!claimsAppLaunch(conf)) skip('the server does not claim launch-ehr or launch-standalone, so authorization_code is not required')
    const grants = conf.grant_types_supported
    if (!Array.isArray(grants)) skip('`grant_types_supported` is missing (SD-05)')
    expect(grants.includes('authorization_code'), `expected \`grant_types_supported\` to include \`authorization_code\`, got ${shown(grants)}`)
  },
}
