import { parseBody } from '../expect.js'
import { expect, shown, skip, type Check } from '../check.js'
import { discovery, SPEC } from './shared.js'

export const check: Check = {
  id: 'SD-02',
  title: 'The SMART configuration is JSON, served as application/json',
  description: `The discovery document is a JSON object with \`Content-Type: application/json\` ([SMART App Launch, Response](${SPEC}#response)).`,
  verifies: ['SMART-WK-2'],
  level: 'SHALL',
  async run(ctx) {
    const ex = await discovery(ctx)
    if (ex.response?.status !== 200) skip('the discovery document could not be fetched (SD-01)')
    const type = ex.response.headers['content-type']
    expect(/^application\/json/.test(type ?? ''), `expected \`Content-Type\` to start with \`application/json\`, got ${shown(type)}`)
    let body: unknown
    try {
      body = parseBody(ex.response.body)
    } catch {
      expect(false, 'expected the body to be JSON, it does not parse')
    }
    expect(body && typeof body === 'object' && !Array.isArray(body), `expected a JSON object, got ${shown(body)}`)
  },
}
