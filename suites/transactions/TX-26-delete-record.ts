import { expect, skip, type Check } from '../check.js'
import type { CheckContext } from '../context.js'
import { HTTP, marked, sendBundle } from './shared.js'

type Ref = `${string}/${string}`
const TYPES = ['Patient', 'Encounter', 'Observation'] as const

/** A small patient record written in one transaction: a Patient, an Encounter and an Observation referring to both. */
async function record(ctx: CheckContext, key: string): Promise<Ref[]> {
  const urn = (t: string) => `urn:uuid:00000000-0000-4000-8000-${key.padStart(6, '0')}${TYPES.indexOf(t as never)}00000`
  const subject = { reference: urn('Patient') }
  const resources = [
    marked(ctx, key),
    ctx.tagged({ resourceType: 'Encounter', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, subject }),
    ctx.tagged({ resourceType: 'Observation', status: 'final', code: { text: 'TX-26' }, subject, encounter: { reference: urn('Encounter') } }),
  ]
  const tx = await sendBundle(ctx, `tx26-record-${key}`, {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((r) => ({ fullUrl: urn(String(r.resourceType)), resource: r, request: { method: 'POST', url: r.resourceType } })),
  })
  const refs = (tx.body?.entry ?? []).map((e: { response?: { location?: string } }) => /([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})/.exec(e?.response?.location ?? '')?.[1])
  if (tx.status !== 200 || refs.length !== 3 || refs.some((r: string | undefined) => !r))
    skip(`the transaction writing a patient record answered ${tx.status ?? tx.ex.error} (TX-17)`)
  return refs as Ref[]
}

/** A Bundle deleting `refs` in the order given. */
const deleting = (type: 'transaction' | 'batch', refs: Ref[]) => ({ resourceType: 'Bundle', type, entry: refs.map((url) => ({ request: { method: 'DELETE', url } })) })

/** The refs still read (200) after the deletes. */
async function remaining(ctx: CheckContext, name: string, refs: Ref[]): Promise<Ref[]> {
  const reads = await Promise.all(refs.map((r) => ctx.exchange(`${name}-read-${r}`, 'GET', r)))
  return refs.filter((_, i) => reads[i]?.response?.status === 200)
}

export const check: Check = {
  id: 'TX-26',
  title: 'A patient record is deleted by one transaction whatever its entry order, and by a batch as each entry says',
  description: `A transaction is processed as a set, DELETEs first, so the order of its entries does not decide its outcome; a batch answers each entry on its own ([R4 http, transaction processing rules](${HTTP}#trules), [batch/transaction](${HTTP}#transaction)). Three records (a Patient, an Encounter and an Observation referring to both) are written. One is deleted by a transaction listing the Observation first, one by a transaction listing the Patient first: both must answer alike, and when they answer 200 nothing of either record may still be read. The third is deleted by a batch listing the Patient first: every entry answered 2xx must be gone, every entry refused must still be there.`,
  verifies: ['FHIR-HTTP-15', 'FHIR-HTTP-16'],
  level: 'SHALL',
  needs: [
    { system: 'transaction' },
    { system: 'batch' },
    ...TYPES.flatMap((type) => [
      { interaction: 'create' as const, type },
      { interaction: 'delete' as const, type },
    ]),
  ],
  writes: true,
  async run(ctx) {
    const [a, b, c] = [await record(ctx, '1'), await record(ctx, '2'), await record(ctx, '3')]
    const dependantsFirst = await sendBundle(ctx, 'tx26-delete-dependants-first', deleting('transaction', [...a].reverse()))
    const patientFirst = await sendBundle(ctx, 'tx26-delete-patient-first', deleting('transaction', b))
    const [sa, sb] = [dependantsFirst.status, patientFirst.status]
    if (sa !== 200 && sb !== 200) skip(`the target deletes no patient record in a transaction (HTTP ${sa ?? dependantsFirst.ex.error} and ${sb ?? patientFirst.ex.error})`)
    const why = (t: typeof patientFirst) => {
      const issue = (t.body?.issue ?? [])[0] as { diagnostics?: string; details?: { text?: string } } | undefined
      return `HTTP ${t.status ?? t.ex.error}${issue ? ` (${issue.diagnostics ?? issue.details?.text ?? ''})` : ''}`
    }
    expect(
      sa === sb,
      `expected the same answer whatever the entry order of a transaction deleting a patient record, got ${why(dependantsFirst)} with the Observation listed first and ${why(patientFirst)} with the Patient listed first`,
    )
    const left = [...(await remaining(ctx, 'tx26-a', a)), ...(await remaining(ctx, 'tx26-b', b))]
    expect(left.length === 0, `expected nothing of the records a transaction deleted (HTTP 200) left to read, got ${left.join(', ')} still read`)
    const batch = await sendBundle(ctx, 'tx26-delete-batch', deleting('batch', c))
    if (batch.status !== 200) skip(`the batch deleting a patient record answered ${batch.status ?? batch.ex.error}`)
    const statuses = c.map((_, i) => String((batch.body?.entry ?? [])[i]?.response?.status ?? ''))
    const still = new Set(await remaining(ctx, 'tx26-c', c))
    const untrue = c.flatMap((r, i) =>
      /^2/.test(statuses[i] ?? '') === still.has(r) ? [`${r} answered ${JSON.stringify(statuses[i])} yet ${still.has(r) ? 'is still read' : 'is gone'}`] : [],
    )
    expect(untrue.length === 0, `expected each batch entry's status to say whether its resource was deleted, got ${untrue.join('; ')}`)
  },
}
