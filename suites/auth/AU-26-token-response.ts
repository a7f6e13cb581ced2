import { expect, shown, skip, type Check } from '../check.js'
import { BS_SPEC, validToken } from './shared.js'

export const check: Check = {
  id: 'AU-26',
  title: 'The token response has access_token, token_type Bearer, expires_in and scope',
  description: `The response carries \`access_token\`, \`token_type\` \`bearer\` (any case), a positive numeric \`expires_in\` and the granted \`scope\` ([SMART Backend Services, Response](${BS_SPEC}#response-1); RFC 6749 §5.1).`,
  verifies: ['SMART-BS-4'],
  level: 'SHALL',
  async run(ctx) {
    const ex = await validToken(ctx)
    if (ex.response?.status !== 200) skip('no token was granted (AU-25)')
    const body = ex.json() as Record<string, unknown>
    expect(typeof body.access_token === 'string' && body.access_token !== '', 'expected a non-empty `access_token`')
    expect(typeof body.token_type === 'string' && body.token_type.toLowerCase() === 'bearer', `expected \`token_type\` to be \`Bearer\`, got ${shown(body.token_type)}`)
    expect(typeof body.expires_in === 'number' && body.expires_in > 0, `expected a positive numeric \`expires_in\`, got ${shown(body.expires_in)}`)
    expect(typeof body.scope === 'string' && body.scope.trim() !== '', `expected the granted \`scope\`, got ${shown(body.scope)}`)
  },
}
