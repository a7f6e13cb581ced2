import { expect, type Check } from '../check.js'
import { discovery, SPEC } from './shared.js'

export const check: Check = {
  id: 'SD-01',
  title: 'The SMART configuration is served at .well-known/smart-configuration',
  description: `\`GET [base]/.well-known/smart-configuration\` with \`Accept: application/json\` answers 200 ([SMART App Launch, Using .well-known](${SPEC}#using-well-known)).`,
  verifies: ['SMART-WK-1'],
  level: 'SHALL',
  async run(ctx) {
    const ex = await discovery(ctx)
    expect(ex.response, `expected a response from \`${ex.request.url}\`, got ${ex.error}`)
    expect(ex.response.status === 200, `expected HTTP 200 from \`.well-known/smart-configuration\`, got ${ex.response.status}`)
  },
}
