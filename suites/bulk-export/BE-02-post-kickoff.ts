import { expect, shown, skip, type Check } from '../check.js'
import { KICKOFF, poll, SPEC, type Manifest } from './shared.js'

export const check: Check = {
  id: 'BE-02',
  title: 'A POST kick-off with a Parameters body is honoured',
  description: `\`POST [base]/$export\` with \`Parameters\` naming \`_type=Patient\` is accepted (202) and exports Patient files only — the body's parameters count like the query's ([Bulk Data IG, Kick-off request](${SPEC}#bulk-data-kick-off-request)).`,
  verifies: ['BULK-1', 'BULK-6'],
  level: 'SHALL',
  async run(ctx) {
    const body = JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: '_type', valueString: 'Patient' }] })
    const kick = await ctx.exchange('export-kickoff-post', 'POST', '$export', { ...KICKOFF, 'content-type': 'application/fhir+json' }, { body })
    const location = kick.response?.headers['content-location']
    expect(kick.response?.status === 202 && location, `expected 202 with Content-Location for a POST kick-off, got ${kick.response?.status ?? kick.error}`)
    const done = await poll(ctx, 'export-status-post', location)
    if (done.response?.status !== 200) skip(`the export ended with HTTP ${done.response?.status ?? done.error}`)
    const manifest = done.json() as Manifest
    const types = [...new Set((manifest.output ?? []).map((o) => o.type))]
    expect(types.length > 0 && types.every((t) => t === 'Patient'), `expected only \`Patient\` files for the POSTed _type=Patient, got ${shown(types)}`)
  },
}
