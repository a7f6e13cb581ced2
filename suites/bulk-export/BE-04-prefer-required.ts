import { expect, type Check } from '../check.js'
import { SPEC } from './shared.js'

export const check: Check = {
  id: 'BE-04',
  title: 'A kick-off without Prefer: respond-async is refused',
  description: `\`Prefer: respond-async\` is required on the kick-off ([Bulk Data IG, Headers](${SPEC}#headers)); without it the server answers 4xx.`,
  verifies: ['BULK-2'],
  level: 'SHALL',
  async run(ctx) {
    const ex = await ctx.exchange('export-no-prefer', 'GET', '$export', { accept: 'application/fhir+json' })
    expect(ex.response && ex.response.status >= 400 && ex.response.status < 500, `expected a 4xx without \`Prefer: respond-async\`, got ${ex.response?.status ?? ex.error}`)
  },
}
