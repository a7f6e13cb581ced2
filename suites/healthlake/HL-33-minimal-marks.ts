import { parseBody } from '../expect.js'
import { expect, shown, skip, type Check } from '../check.js'
import { dataStore, GUIDE } from './shared.js'

const EXTENSION = 'http://healthlake.amazonaws.com/fhir/StructureDefinition/validation-issue'
const HEADER = 'x-amzn-healthlake-validation-issues'

export const check: Check = {
  id: 'HL-33',
  title: 'A resource stored at the minimal validation level despite failing validation is marked',
  description: `Created with \`x-amzn-healthlake-fhir-validation-level: minimal\`, a Patient whose \`birthDate\` is not a date is either refused or stored with the \`validation-issue\` extension (an OperationOutcome in \`valueString\`), and the response says \`${HEADER}: true\` ([Creating a FHIR resource, validation level](${GUIDE}/managing-fhir-resources-create.html)).`,
  verifies: ['HL-VAL-1'],
  level: 'SHALL',
  needs: [{ interaction: 'create', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    dataStore(ctx)
    const body = ctx.tagged({ resourceType: 'Patient', name: [{ family: 'Minimal' }], birthDate: '1980-13-45' })
    const ex = await ctx.exchange(
      'hl-minimal-create',
      'POST',
      'Patient',
      { 'content-type': 'application/fhir+json', 'x-amzn-healthlake-fhir-validation-level': 'minimal' },
      { body: JSON.stringify(body) },
    )
    if (!ex.response) skip(`the create failed: ${ex.error}`)
    if (ex.response.status >= 400) skip(`the data store refused the resource at minimal (HTTP ${ex.response.status}): nothing stored, nothing to mark`)
    const location = ex.response.headers.location ?? ''
    const id = /Patient\/([A-Za-z0-9\-.]{1,64})/.exec(location)?.[1]
    if (id) ctx.created.add(`Patient/${id}`)
    expect(
      ex.response.headers[HEADER] === 'true',
      `expected \`${HEADER}: true\` on the minimal create that stored a birthDate that is no date, got ${shown(ex.response.headers[HEADER] ?? null)}`,
    )
    if (!id) skip('the create answered no Location to read the resource back from')
    const read = await ctx.exchange('hl-minimal-read', 'GET', `Patient/${id}`, { accept: 'application/fhir+json' })
    if (read.response?.status !== 200) skip(`reading Patient/${id} back answered ${read.response?.status ?? read.error}`)
    const stored = parseBody<{ extension?: Array<{ url?: string; valueString?: string }> }>(read.response.body)
    const marker = (stored.extension ?? []).find((e) => e.url === EXTENSION)
    expect(marker, `expected the stored Patient to carry the \`${EXTENSION}\` extension, got extensions ${shown((stored.extension ?? []).map((e) => e.url))}`)
    const outcome = parseBody<{ resourceType?: string }>(marker.valueString ?? '', "the validation-issue extension's valueString")
    expect(outcome?.resourceType === 'OperationOutcome', `expected the validation-issue extension's valueString to be an OperationOutcome, got ${shown(marker.valueString)}`)
  },
}
