import { expectStatus } from '../fhir.js'
import { expect, shown, type Check } from '../check.js'
import { HTTP, readCreated } from './shared.js'

export const check: Check = {
  id: 'TX-01',
  title: 'read returns the resource',
  description: `\`GET [base]/Patient/[id]\` answers 200 with the resource as \`application/fhir+json\` ([R4 http, read](${HTTP}#read)). ETag and Last-Modified are recommended, not required: TX-32 checks them.`,
  verifies: ['FHIR-HTTP-2'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'read', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const { id, ex } = await readCreated(ctx)
    expectStatus(ex, 200)
    expect(
      /^application\/fhir\+json/.test(ex.response.headers['content-type'] ?? ''),
      `expected \`Content-Type: application/fhir+json\`, got ${shown(ex.response.headers['content-type'])}`,
    )
    expect(ex.json<{ id?: unknown }>().id === id, `expected the resource with id \`${id}\``)
  },
}
