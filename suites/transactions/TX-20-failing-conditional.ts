import { expect, skip, type Check } from '../check.js'
import { HTTP, isOutcome, marked, markerQuery, sendBundle } from './shared.js'

export const check: Check = {
  id: 'TX-20',
  title: 'A transaction whose conditional create matches twice fails with 4xx and an OperationOutcome',
  description: `\`ifNoneExist\` matching more than one resource fails the entry (412) and with it the transaction, answered with an OperationOutcome ([R4 http, conditional create](${HTTP}#ccreate); [transaction](${HTTP}#transaction)).`,
  verifies: ['FHIR-HTTP-7', 'FHIR-HTTP-9'],
  level: 'SHALL',
  needs: [{ system: 'transaction' }, { flag: 'conditionalCreate', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    const two = await sendBundle(ctx, 'tx20-setup', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [0, 1].map(() => ({ resource: marked(ctx, 'tx20'), request: { method: 'POST', url: 'Patient' } })),
    })
    if (two.status !== 200) skip(`creating the two matches answered ${two.status ?? two.ex.error}`)
    const tx = await sendBundle(ctx, 'tx20-transaction', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: marked(ctx, 'tx20'), request: { method: 'POST', url: 'Patient', ifNoneExist: markerQuery(ctx, 'tx20') } }],
    })
    const s = tx.status ?? 0
    expect(s >= 400 && s < 500, `expected a 4xx (412) for a conditional create matching two resources, got ${tx.status ?? tx.ex.error}`)
    expect(isOutcome(tx.ex.response?.body), `expected an OperationOutcome body, got ${tx.ex.response?.body.slice(0, 120)}`)
  },
}
