import { parseBody } from '../expect.js'
import { expect, shown, type Check } from '../check.js'
import { metadata } from './shared.js'

export const check: Check = {
  id: 'CS-01',
  title: 'GET metadata returns a CapabilityStatement',
  description: 'The capabilities interaction (`GET [base]/metadata`) answers 200 with a CapabilityStatement ([R4 http §3.1.0.13](https://hl7.org/fhir/R4/http.html#capabilities)).',
  verifies: ['FHIR-HTTP-CAP-1'],
  level: 'SHALL',
  async run(ctx) {
    const ex = await metadata(ctx)
    expect(ex.response?.status === 200, `expected HTTP 200 from \`metadata\`, got ${ex.response?.status ?? ex.error}`)
    let body: { resourceType?: unknown; status?: unknown; kind?: unknown } | undefined
    try {
      body = parseBody(ex.response.body)
    } catch {
      expect(false, 'expected the `metadata` body to be JSON')
    }
    expect(body?.resourceType === 'CapabilityStatement', `expected \`resourceType\` to be \`CapabilityStatement\`, got ${shown(body?.resourceType)}`)
    expect(typeof body.status === 'string' && typeof body.kind === 'string', `expected \`status\` and \`kind\` (required), got ${shown({ status: body.status, kind: body.kind })}`)
  },
}
