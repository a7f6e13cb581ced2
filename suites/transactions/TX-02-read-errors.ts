import { expect, type Check } from '../check.js'
import { HTTP } from './shared.js'

export const check: Check = {
  id: 'TX-02',
  title: 'Reads of an unknown type, an unknown id and a malformed id are client errors',
  description: `\`GET ShorelineNoSuchType/1\` answers 400 or 404, \`GET Patient/<unknown id>\` answers 404, and \`GET Patient/bad$id!\` answers a 4xx — never a 2xx or a 5xx ([R4 http, read](${HTTP}#read); [R4 http, status codes](${HTTP}#2.21.0.4)).`,
  verifies: ['FHIR-HTTP-13'],
  level: 'SHALL',
  async run(ctx) {
    const unknownType = await ctx.exchange('read-unknown-type', 'GET', 'ShorelineNoSuchType/1', { accept: 'application/fhir+json' })
    expect(
      unknownType.response?.status === 400 || unknownType.response?.status === 404,
      `expected 400 or 404 for an unknown resource type, got ${unknownType.response?.status ?? unknownType.error}`,
    )
    const unknownId = await ctx.exchange('read-unknown-id', 'GET', `Patient/${ctx.runTag.code}-never-created`, { accept: 'application/fhir+json' })
    expect(unknownId.response?.status === 404, `expected 404 for an id never created, got ${unknownId.response?.status ?? unknownId.error}`)
    const malformed = await ctx.exchange('read-malformed-id', 'GET', 'Patient/bad$id!', { accept: 'application/fhir+json' })
    const s = malformed.response?.status ?? 0
    expect(s >= 400 && s < 500, `expected a 4xx for a malformed id, got ${malformed.response?.status ?? malformed.error}`)
  },
}
