import { expect, type Check } from '../check.js'
import { FHIR_JSON, HTTP, patientBody } from './shared.js'

export const check: Check = {
  id: 'TX-03',
  title: 'create answers 201 with a Location naming the new resource',
  description: `\`POST [base]/Patient\` answers 201 Created with \`Location: [base]/Patient/[id]/_history/[vid]\` ([R4 http, create](${HTTP}#create)).`,
  verifies: ['FHIR-HTTP-1'],
  level: 'SHALL',
  needs: [{ interaction: 'create', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    const ex = await ctx.exchange('tx-create', 'POST', 'Patient', FHIR_JSON, { body: JSON.stringify(patientBody(ctx)) })
    expect(ex.response?.status === 201, `expected HTTP 201, got ${ex.response ? `${ex.response.status} ${ex.response.body.slice(0, 160)}` : ex.error}`)
    const location = ex.response.headers.location
    const id = /\/Patient\/([A-Za-z0-9\-.]{1,64})(\/_history\/[^/]+)?$/.exec(location ?? '')?.[1]
    if (id) ctx.created.add(`Patient/${id}`)
    expect(id, `expected \`Location\` to name Patient/[id], got \`${location ?? 'nothing'}\``)
  },
}
