import { expect, skip, type Check } from '../check.js'
import { scopedToken } from '../auth/shared.js'
import { FHIR_JSON, HTTP, isOutcome, marked } from './shared.js'

export const check: Check = {
  id: 'TX-24',
  title: 'A transaction that writes, sent with a read-only token, is refused (403)',
  description: `With a \`system/Patient.rs\` token, a transaction creating a Patient fails with 403 (or 401) and an OperationOutcome; nothing is created ([R4 http, transaction](${HTTP}#transaction); [SMART App Launch, Scopes](https://hl7.org/fhir/smart-app-launch/STU2.1/scopes-and-launch-context.html)).`,
  verifies: ['SMART-SC-1', 'FHIR-HTTP-9'],
  level: 'SHALL',
  needs: [{ system: 'transaction' }],
  writes: true,
  async run(ctx) {
    if (ctx.target.auth.kind !== 'backend') skip('needs a SMART Backend Services client to get a read-only token')
    const { token } = await scopedToken(ctx, 'system/Patient.rs')
    const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: marked(ctx, 'tx24'), request: { method: 'POST', url: 'Patient' } }] }
    const ex = await ctx.exchange('tx24-transaction', 'POST', '', { ...FHIR_JSON, authorization: `Bearer ${token}` }, { body: JSON.stringify(bundle), noAuth: true })
    const m = /Patient\/([A-Za-z0-9\-.]{1,64})/.exec(ex.response?.body ?? '')
    if (ex.response && ex.response.status < 300 && m) ctx.created.add(`Patient/${m[1]}`)
    expect(ex.response?.status === 403 || ex.response?.status === 401, `expected 403 for a write with a read-only token, got ${ex.response?.status ?? ex.error}`)
    expect(isOutcome(ex.response.body), `expected an OperationOutcome body, got ${ex.response.body.slice(0, 120)}`)
  },
}
