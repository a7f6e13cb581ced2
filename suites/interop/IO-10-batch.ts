import { expect, shown, type Check } from '../check.js'
import { appPatient, call, failed, HTTP, KIT, LIB, refOf } from './shared.js'

type Reply = { resourceType?: string; type?: string; entry?: Array<{ response?: { status?: string; location?: string } }> }

export const check: Check = {
  id: 'IO-10',
  title: "fhir-kit-client sends a batch and reads each entry's own outcome",
  description: `An app calls [${LIB}](${KIT})'s \`batch()\` with a create and a read of a Patient that does not exist: it is handed a \`batch-response\` whose first entry is 201 and whose second is 404, the one not undoing the other ([R4 http, batch](${HTTP}#transaction)).`,
  verifies: ['FHIR-HTTP-16'],
  level: 'SHALL',
  needs: [{ system: 'batch' }, { interaction: 'create', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    const body = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: appPatient(ctx, 'batch'), request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'GET', url: `Patient/shoreline-absent-${ctx.runTag.code}` } },
      ],
    }
    const r = await call(ctx, 'io-batch', (c) => c.batch({ body }))
    const reply = (r.value ?? {}) as Reply
    const [made, absent] = reply.entry ?? []
    const ref = refOf(made?.response?.location)
    if (ref) ctx.created.add(`${ref.type}/${ref.id}`)
    expect(!r.error, `expected ${LIB}'s batch() to be answered with a batch-response; ${failed(r)}`)
    expect(reply.type === 'batch-response', `expected a Bundle of \`type\` batch-response, got ${shown(reply.type)}`)
    expect(/^201/.test(made?.response?.status ?? ''), `expected the create entry's \`response.status\` 201, got ${shown(made?.response?.status)}`)
    expect(/^404/.test(absent?.response?.status ?? ''), `expected the read of an absent Patient to answer \`response.status\` 404, got ${shown(absent?.response?.status)}`)
  },
}
