import { expect, shown, skip, type Check } from '../check.js'
import type { CheckContext } from '../context.js'
import type { ParsedJson } from '../expect.js'
import { HTTP, marked, markerQuery, sendBundle } from './shared.js'

function bundle(ctx: CheckContext) {
  const fullUrl = `urn:uuid:${crypto.randomUUID()}`
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl, resource: marked(ctx, 'tx18'), request: { method: 'POST', url: 'Patient', ifNoneExist: markerQuery(ctx, 'tx18') } },
      {
        resource: ctx.tagged({ resourceType: 'Observation', status: 'final', code: { text: 'tx18' }, subject: { reference: fullUrl } }),
        request: { method: 'POST', url: 'Observation' },
      },
    ],
  }
}

const patientOf = (body: ParsedJson): string | undefined => /Patient\/([A-Za-z0-9\-.]{1,64})/.exec(body?.entry?.[0]?.response?.location ?? '')?.[1]
const subjectOf = (body: ParsedJson): string | undefined => body?.entry?.[1]?.resource?.subject?.reference

export const check: Check = {
  id: 'TX-18',
  title: 'A transaction with a conditional create and a dependent resource resolves to the same Patient when re-run',
  description: `A transaction POSTs a Patient with \`ifNoneExist\` and an Observation referencing its \`urn:uuid\`. Run again, the Patient entry matches (200) the one created the first time, and the new Observation references it ([R4 http, transaction](${HTTP}#trules); [conditional create](${HTTP}#ccreate)).`,
  verifies: ['FHIR-HTTP-7', 'FHIR-HTTP-8'],
  level: 'SHALL',
  needs: [{ system: 'transaction' }, { flag: 'conditionalCreate', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    const first = await sendBundle(ctx, 'tx18-first', bundle(ctx))
    if (first.status !== 200) skip(`the first transaction answered ${first.status ?? first.ex.error}`)
    const second = await sendBundle(ctx, 'tx18-second', bundle(ctx))
    expect(second.status === 200, `expected 200 for the re-run, got ${second.status ?? second.ex.error}`)
    const a = patientOf(first.body)
    const b = patientOf(second.body)
    expect(a && a === b, `expected the re-run's Patient entry to name the first run's Patient/${a}, got ${shown(second.body?.entry?.[0]?.response)}`)
    expect(
      String(second.body.entry[0].response.status).startsWith('200'),
      `expected the re-run's Patient entry status 200 (matched), got ${shown(second.body.entry[0].response.status)}`,
    )
    expect(
      subjectOf(second.body) === undefined || subjectOf(second.body) === `Patient/${a}`,
      `expected the new Observation's subject Patient/${a}, got ${shown(subjectOf(second.body))}`,
    )
  },
}
