import { expect, shown, type Check } from '../check.js'
import { SPEC } from './shared.js'

export const check: Check = {
  id: 'SD-14',
  title: 'The SMART configuration allows cross-origin reads',
  description: `Browser apps read \`.well-known/smart-configuration\` cross-origin: the response SHOULD carry \`Access-Control-Allow-Origin\` with the request's Origin or \`*\` ([SMART App Launch, Using .well-known](${SPEC}#using-well-known); STU2.2 CORS).`,
  verifies: ['SMART-WK-9'],
  level: 'SHOULD',
  async run(ctx) {
    const ex = await ctx.exchange(
      'smart-configuration-cors',
      'GET',
      '.well-known/smart-configuration',
      { accept: 'application/json', origin: 'https://app.shoreline.invalid' },
      { noAuth: true },
    )
    const allow = ex.response?.headers['access-control-allow-origin']
    expect(allow === '*' || allow === 'https://app.shoreline.invalid', `expected \`Access-Control-Allow-Origin\` to be \`*\` or the Origin, got ${shown(allow)}`)
  },
}
