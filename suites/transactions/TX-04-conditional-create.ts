import { expect, type Check } from '../check.js'
import { created, FHIR_JSON, HTTP, patientBody } from './shared.js'

export const check: Check = {
  id: 'TX-04',
  title: 'Conditional create with one match creates nothing (200)',
  description: `\`POST\` with \`If-None-Exist\` that matches one resource answers 200 (or 304) and creates no new resource ([R4 http, conditional create](${HTTP}#ccreate)).`,
  verifies: ['FHIR-HTTP-7'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { flag: 'conditionalCreate', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const { id } = await created(ctx)
    const ex = await ctx.exchange(
      'tx-conditional-create',
      'POST',
      'Patient',
      { ...FHIR_JSON, 'if-none-exist': `identifier=https://shoreline.invalid/tx|${ctx.runTag.code}` },
      { body: JSON.stringify(patientBody(ctx)) },
    )
    const made = /Patient\/([A-Za-z0-9\-.]{1,64})/.exec(ex.response?.headers.location ?? '')?.[1]
    if (made && made !== id) ctx.created.add(`Patient/${made}`)
    expect(
      ex.response?.status === 200 || ex.response?.status === 304,
      `expected 200 (one match, nothing created), got ${ex.response?.status ?? ex.error}${made && made !== id ? ` and a new Patient/${made}` : ''}`,
    )
  },
}
