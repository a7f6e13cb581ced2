import { expect, type Check } from '../check.js'

export const check: Check = {
  id: 'SD-15',
  title: 'CORS on /metadata: Access-Control-Allow-Origin echoes the Origin or is *',
  description:
    'Browser apps read the CapabilityStatement too: `GET metadata` with an `Origin` answers `Access-Control-Allow-Origin` equal to it or `*` ([SMART App Launch 2.2, CORS](https://hl7.org/fhir/smart-app-launch/conformance.html#using-well-known)).',
  verifies: ['SMART-WK-9'],
  level: 'SHOULD',
  async run(ctx) {
    const origin = 'https://app.shoreline.invalid'
    const ex = await ctx.exchange('metadata-cors', 'GET', 'metadata', { accept: 'application/fhir+json', origin }, { noAuth: true })
    const allow = ex.response?.headers['access-control-allow-origin']
    expect(allow === '*' || allow === origin, `expected \`Access-Control-Allow-Origin\` ${origin} or *, got ${allow === undefined ? 'nothing' : `\`${allow}\``}`)
  },
}
