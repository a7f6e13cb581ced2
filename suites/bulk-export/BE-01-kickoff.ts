import { expect, type Check } from '../check.js'
import { kickOff, SPEC } from './shared.js'

export const check: Check = {
  id: 'BE-01',
  title: 'A system $export kick-off is accepted: 202 with Content-Location',
  description: `\`GET [base]/$export\` with \`Accept: application/fhir+json\` and \`Prefer: respond-async\` answers 202 Accepted with a \`Content-Location\` status URL ([Bulk Data IG, Kick-off request](${SPEC}#response---success)).`,
  verifies: ['BULK-1'],
  level: 'SHALL',
  async run(ctx) {
    const ex = await kickOff(ctx)
    expect(ex.response?.status === 202, `expected HTTP 202, got ${ex.response ? `${ex.response.status} ${ex.response.body.slice(0, 160)}` : ex.error}`)
    expect(ex.response.headers['content-location'], 'expected a `Content-Location` header naming the status URL, got none')
  },
}
