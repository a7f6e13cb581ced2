import { expect, type Check } from '../check.js'
import { FHIR_JSON, HTTP } from './shared.js'

export const check: Check = {
  id: 'TX-29',
  title: 'POST to the base with anything but a Bundle is refused',
  description: `The base accepts batch and transaction Bundles only ([R4 http, batch/transaction](${HTTP}#transaction)); a Patient posted there answers 4xx, never 200.`,
  verifies: ['FHIR-HTTP-9'],
  level: 'SHALL',
  async run(ctx) {
    const ex = await ctx.exchange('tx-base-non-bundle', 'POST', '', FHIR_JSON, { body: JSON.stringify({ resourceType: 'Patient', gender: 'unknown' }) })
    expect(ex.response && ex.response.status >= 400 && ex.response.status < 500, `expected a 4xx for a Patient posted to the base, got ${ex.response?.status ?? ex.error}`)
  },
}
