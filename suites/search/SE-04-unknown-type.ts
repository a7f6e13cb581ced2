import { expect, type Check } from '../check.js'
import { SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-04',
  title: 'A search on a resource type that does not exist is a client error',
  description: `\`GET ShorelineNoSuchType?name=x\` answers 400 or 404 with an OperationOutcome, not a 2xx or 5xx ([R4 search, errors](${SPEC}#errors); [R4 http, read](https://hl7.org/fhir/R4/http.html#read)).`,
  verifies: ['FHIR-HTTP-13'],
  level: 'SHALL',
  async run(ctx) {
    const ex = await ctx.exchange('search-unknown-type', 'GET', 'ShorelineNoSuchType?name=x', { accept: 'application/fhir+json' })
    expect(ex.response?.status === 400 || ex.response?.status === 404, `expected 400 or 404, got ${ex.response?.status ?? ex.error}`)
    expect(/"OperationOutcome"/.test(ex.response.body), `expected an OperationOutcome body, got ${ex.response.body.slice(0, 120)}`)
  },
}
