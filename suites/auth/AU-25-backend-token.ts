import { expect, type Check } from '../check.js'
import { BS_SPEC, validToken } from './shared.js'

export const check: Check = {
  id: 'AU-25',
  title: 'A valid backend-services token request is granted',
  description: `\`grant_type=client_credentials\` with a private_key_jwt assertion and a scope gets HTTP 200 ([SMART Backend Services, Request access token](${BS_SPEC}#request-access-token)).`,
  verifies: ['SMART-BS-2'],
  level: 'SHALL',
  async run(ctx) {
    const ex = await validToken(ctx)
    expect(ex.response?.status === 200, `expected HTTP 200, got ${ex.response ? `${ex.response.status} ${ex.response.body.slice(0, 160)}` : ex.error}`)
  },
}
