import { expect, type Check } from '../check.js'
import { HTTP } from './shared.js'

export const check: Check = {
  id: 'TX-30',
  title: 'Content negotiation: `_format=json` answers JSON; an XML Accept is honoured or refused',
  description: `\`_format=json\` answers \`application/fhir+json\`; with \`Accept: application/fhir+xml\` a JSON-only server answers 406 (not JSON labelled as success), an XML server answers XML ([R4 http, content types](${HTTP}#mime-type); [_format](${HTTP}#parameters)).`,
  verifies: ['FHIR-HTTP-17'],
  level: 'SHALL',
  async run(ctx) {
    const json = await ctx.exchange('format-json', 'GET', 'Patient?_count=1&_format=json')
    expect(
      json.response?.status === 200 && /json/.test(json.response.headers['content-type'] ?? ''),
      `expected 200 JSON for \`_format=json\`, got ${json.response?.status ?? json.error} ${json.response?.headers['content-type'] ?? ''}`,
    )
    const xml = await ctx.exchange('accept-xml', 'GET', 'Patient?_count=1', { accept: 'application/fhir+xml' })
    const type = xml.response?.headers['content-type'] ?? ''
    const ok = xml.response?.status === 406 || xml.response?.status === 415 || (xml.response?.status === 200 && /xml/.test(type))
    expect(ok, `expected 406 (or XML) for \`Accept: application/fhir+xml\`, got ${xml.response?.status ?? xml.error} ${type}`)
  },
}
