import { expect, shown, type Check } from '../check.js'
import { call, failed, HTTP, KIT, LIB, refOf } from './shared.js'
import { transactionWritten } from './transaction.js'

export const check: Check = {
  id: 'IO-11',
  title: "fhir-kit-client sends a transaction and resolves the written Observation's subject to the written Patient",
  description: `An app calls [${LIB}](${KIT})'s \`transaction()\` with a Patient and an Observation whose subject is the Patient's \`urn:uuid\` fullUrl, reads the Observation by the \`location\` it is answered with, and calls \`resolve()\` on its \`subject\`: it must get the Patient the transaction wrote ([R4 http, transaction](${HTTP}#trules)).`,
  verifies: ['FHIR-HTTP-8', 'FHIR-HTTP-9'],
  level: 'SHALL',
  needs: [{ system: 'transaction' }, { interaction: 'read', type: 'Observation' }],
  writes: true,
  async run(ctx) {
    const t = await transactionWritten(ctx)
    expect(!t.called.error, `expected ${LIB}'s transaction() to be answered with a transaction-response; ${failed(t.called)}`)
    expect(t.patient && t.observation, `expected each entry's \`response.location\` to name what it wrote, got ${shown(t.locations)}`)
    const obs = await call(ctx, 'io-tx-read', (c) => c.read({ resourceType: 'Observation', id: t.observation?.id ?? '' }))
    expect(!obs.error && obs.value, `expected ${LIB}'s read() of Observation/${t.observation.id} to succeed; ${failed(obs)}`)
    const reference = (obs.value as { subject?: { reference?: string } }).subject?.reference ?? ''
    const subject = await call(ctx, 'io-tx-resolve', (c) => c.resolve({ reference }))
    const got = subject.value as { resourceType?: string; id?: string } | undefined
    expect(
      !subject.error && got?.resourceType === 'Patient' && got.id === t.patient.id,
      `expected ${LIB}'s resolve() of \`subject.reference\` ${shown(reference)} to give Patient/${t.patient.id}; ${subject.error ? failed(subject) : `got ${shown({ resourceType: got?.resourceType, id: got?.id })}`}`,
    )
    expect(refOf(reference)?.id === t.patient.id, `expected \`subject.reference\` to be Patient/${t.patient.id}, got ${shown(reference)}`)
  },
}
