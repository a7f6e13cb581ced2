import { expect, shown, skip, type Check } from '../check.js'
import { validToken } from './shared.js'

export const check: Check = {
  id: 'AU-08',
  title: 'Token responses are not cached',
  description: 'A response carrying tokens has `Cache-Control: no-store` and `Pragma: no-cache` ([RFC 6749 §5.1](https://www.rfc-editor.org/rfc/rfc6749#section-5.1)).',
  verifies: ['OAUTH-1'],
  level: 'SHALL',
  async run(ctx) {
    const ex = await validToken(ctx)
    if (ex.response?.status !== 200) skip('no token was granted (AU-25)')
    expect(/no-store/.test(ex.response.headers['cache-control'] ?? ''), `expected \`Cache-Control: no-store\`, got ${shown(ex.response.headers['cache-control'])}`)
    expect(/no-cache/.test(ex.response.headers.pragma ?? ''), `expected \`Pragma: no-cache\`, got ${shown(ex.response.headers.pragma)}`)
  },
}
