import { expect, shown, skip, type Check } from '../check.js'
import type { CheckContext } from '../context.js'
import { parseBody } from '../expect.js'
import { nth, settled } from '../settle.js'
import { HTTP, locatedRefs, marked, sendBundle } from './shared.js'

const BUNDLE = 'https://hl7.org/fhir/R4/bundle.html'
const TYPES = ['Patient', 'Encounter', 'Observation'] as const
type Entry = { fullUrl?: string; resource?: { resourceType?: string; id?: string; meta?: unknown; [k: string]: unknown } }
const REF = /([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})$/

/** A Patient, an Encounter and an Observation referring to both, written by one transaction: their Type/ids in that order. */
async function record(ctx: CheckContext): Promise<string[]> {
  const urn = () => `urn:uuid:${crypto.randomUUID()}`
  const [p, e] = [urn(), urn()]
  const resources = [
    { fullUrl: p, resource: marked(ctx, 'tx25') },
    {
      fullUrl: e,
      resource: ctx.tagged({
        resourceType: 'Encounter',
        status: 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
        subject: { reference: p },
      }),
    },
    { fullUrl: urn(), resource: ctx.tagged({ resourceType: 'Observation', status: 'final', code: { text: 'TX-25' }, subject: { reference: p }, encounter: { reference: e } }) },
  ]
  const tx = await sendBundle(ctx, 'tx25-record', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((r) => ({ ...r, request: { method: 'POST', url: r.resource.resourceType } })),
  })
  const refs = locatedRefs(tx.body)
  if (tx.status !== 200 || refs.length !== 3 || refs.some((r) => !r)) skip(`the transaction writing a patient record answered ${tx.status ?? tx.ex.error} (TX-17)`)
  return refs as string[]
}

/** Whether a reference (relative or absolute) names `ref` (Type/id). */
const names = (reference: unknown, ref: string) => typeof reference === 'string' && (reference === ref || reference.endsWith(`/${ref}`))

export const check: Check = {
  id: 'TX-25',
  title: "A patient's $everything replayed as a transaction of creates makes a copy whose references point at the copy",
  description: `A client moving a record between servers takes \`Patient/[id]/$everything\` and posts its entries back as creates, keeping each entry's \`fullUrl\`. Inside an entry whose \`fullUrl\` is a RESTful URL, a relative reference such as \`Patient/123\` resolves against that URL's base ([R4 Bundle, resolving references](${BUNDLE}#references)), so it names another entry of the transaction; when the server gives that entry a new id it SHALL replace every matching link ([R4 http, transaction processing rules](${HTTP}#trules)). The check writes a Patient, an Encounter and an Observation referring to both, replays them from their \`$everything\`, and reads the copies: the copied Observation and Encounter must point at the copied Patient (and Encounter), not at the originals.`,
  verifies: ['FHIR-BUNDLE-2'],
  level: 'SHALL',
  needs: [{ system: 'transaction' }, { operation: 'everything', type: 'Patient' }, ...TYPES.map((type) => ({ interaction: 'create' as const, type }))],
  writes: true,
  async run(ctx) {
    const originals = await record(ctx)
    const [patient] = originals as [string]
    // $everything may lag behind the write on an eventually consistent index: asked again until it holds the record.
    const everything = await settled(
      ctx,
      (n) => ctx.exchange(nth('tx25-everything', n), 'GET', `${patient}/$everything`, { accept: 'application/fhir+json' }),
      (ex) => ex.response?.status === 200 && originals.every((r) => ex.response?.body.includes(`"${r.slice(r.indexOf('/') + 1)}"`)),
    )
    if (everything.response?.status !== 200) skip(`${patient}/$everything answered ${everything.response?.status ?? everything.error} (SE-31)`)
    const entries = (parseBody<{ entry?: Entry[] }>(everything.response.body, 'the $everything response').entry ?? []).filter((e) =>
      originals.includes(`${e.resource?.resourceType}/${e.resource?.id}`),
    )
    if (entries.length !== originals.length) skip(`${patient}/$everything holds ${entries.length} of the record's ${originals.length} resources (SE-31)`)
    // The replay: each entry a create, keeping its fullUrl (or the URL it would have) and dropping id and meta but the run's tag.
    const replay = entries.map((e) => {
      const { id, meta: _meta, ...rest } = e.resource!
      const fullUrl = typeof e.fullUrl === 'string' && /^https?:\/\//.test(e.fullUrl) ? e.fullUrl : new URL(`${rest.resourceType}/${id}`, ctx.client.base).toString()
      return { fullUrl, resource: ctx.tagged(rest), request: { method: 'POST', url: rest.resourceType } }
    })
    const tx = await sendBundle(ctx, 'tx25-replay', { resourceType: 'Bundle', type: 'transaction', entry: replay })
    expect(
      tx.status === 200,
      `expected the replayed $everything to be accepted as a transaction (200), got ${tx.status ?? tx.ex.error}${tx.ex.response ? `: ${tx.ex.response.body.slice(0, 200)}` : ''}`,
    )
    const copyOf = new Map<string, string>()
    locatedRefs(tx.body).forEach((ref, i) => {
      const from = replay[i]?.fullUrl.match(REF)?.[1]
      if (ref && from) copyOf.set(from, ref)
    })
    const [p, e, o] = originals as [string, string, string]
    const copies = [copyOf.get(p), copyOf.get(e), copyOf.get(o)]
    expect(
      copies.every((c, i) => c && c !== originals[i]),
      `expected a new Location for each replayed entry, got ${shown(copies)} for ${shown(originals)}`,
    )
    const [p2, e2, o2] = copies as [string, string, string]
    const read = async (ref: string) => {
      const ex = await ctx.exchange(`tx25-read-${ref}`, 'GET', ref, { accept: 'application/fhir+json' })
      expect(ex.response?.status === 200, `expected the copy ${ref} to be read (200), got ${ex.response?.status ?? ex.error}`)
      return parseBody<{ subject?: { reference?: unknown }; encounter?: { reference?: unknown } }>(ex.response.body, ref)
    }
    const [enc, obs] = [await read(e2), await read(o2)]
    const wrong = [
      ['Observation.subject', obs.subject?.reference, p2, p],
      ['Observation.encounter', obs.encounter?.reference, e2, e],
      ['Encounter.subject', enc.subject?.reference, p2, p],
    ].filter(([, got, want]) => !names(got, want as string))
    expect(
      wrong.length === 0,
      `expected the copy's references rewritten to the copies, but ${wrong.map(([path, got, want, was]) => `${path} is ${shown(got)}${names(got, was as string) ? ' (the original)' : ''}, not ${want}`).join('; ')}: a relative reference naming another entry's fullUrl was not replaced`,
    )
  },
}
