import { expect, shown, skip, type Check } from '../check.js'
import { discoveryJson, SPEC } from './shared.js'

export const check: Check = {
  id: 'SD-06',
  title: 'grant_types_supported includes authorization_code',
  description: `A server supporting app launch lists \`authorization_code\` in \`grant_types_supported\` ([SMART App Launch, Metadata](${SPEC}#metadata)).`,
  verifies: ['SMART-WK-5'],
  level: 'SHALL',
  async run(ctx) {
    const grants = (await discoveryJson(ctx)).grant_types_supported
    if (!Array.isArray(grants)) skip('`grant_types_supported` is missing (SD-05)')
    expect(grants.includes('authorization_code'), `expected \`grant_types_supported\` to include \`authorization_code\`, got ${shown(grants)}`)
  },
}
