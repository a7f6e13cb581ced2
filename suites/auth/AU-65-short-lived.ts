import { expect, shown, skip, type Check } from '../check.js'
import { BS_SPEC, validToken } from './shared.js'

export const check: Check = {
  id: 'AU-65',
  title: 'Backend access tokens live five minutes or less (expires_in ≤ 300)',
  description: `Access tokens issued to backend services are short-lived; \`expires_in\` should not exceed 300 seconds ([SMART Backend Services, Issue access token](${BS_SPEC}#issue-access-token)).`,
  verifies: ['SMART-BS-8'],
  level: 'SHOULD',
  async run(ctx) {
    const ex = await validToken(ctx)
    if (ex.response?.status !== 200) skip('no token was granted (AU-25)')
    const expiresIn = (ex.json() as { expires_in?: unknown }).expires_in
    if (typeof expiresIn !== 'number') skip('the token response has no numeric expires_in (AU-26)')
    expect(expiresIn <= 300, `expected \`expires_in\` of at most 300 seconds, got ${shown(expiresIn)}`)
  },
}
