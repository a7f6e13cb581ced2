import { expect, shown, type Check } from '../check.js'
import { discoveryJson, SPEC } from './shared.js'

export const check: Check = {
  id: 'SD-11',
  title: 'token_endpoint is an absolute http(s) URL (backend services)',
  description: `Backend services discover the token endpoint here: \`token_endpoint\` is required and an absolute URL ([SMART Backend Services, Discovery](https://hl7.org/fhir/smart-app-launch/STU2.1/backend-services.html#retrieve-well-knownsmart-configuration); ${SPEC}#metadata).`,
  verifies: ['SMART-BS-1'],
  level: 'SHALL',
  async run(ctx) {
    const url = (await discoveryJson(ctx)).token_endpoint
    let ok = false
    try {
      ok = typeof url === 'string' && /^https?:$/.test(new URL(url).protocol)
    } catch {
      ok = false
    }
    expect(ok, `expected \`token_endpoint\` to be an absolute http(s) URL, got ${shown(url)}`)
  },
}
