import { expect, shown, skip, type Check } from '../check.js'
import { nth, settled } from '../settle.js'
import { call, failed, KIT, LIB } from './shared.js'
import { transactionWritten } from './transaction.js'

type Found = { entry?: Array<{ fullUrl?: string; resource?: { resourceType?: string; id?: string; subject?: { reference?: string } } }> }
const BUNDLE = 'https://hl7.org/fhir/R4/bundle-definitions.html#Bundle.entry.fullUrl'

export const check: Check = {
  id: 'IO-12',
  title: 'fhir-kit-client resolves a reference inside a search Bundle to the included resource, without another request',
  description: `An app searches \`Observation?_id=…&_include=Observation:subject\` for the Observation IO-11 wrote and calls [${LIB}](${KIT})'s \`resolve()\` on its \`subject\` with the Bundle as context: the library finds the Patient in the Bundle by its \`fullUrl\`, which is the resource's absolute URL ending in \`Type/id\`, and makes no request ([R4 Bundle.entry.fullUrl](${BUNDLE}); [R4 search, _include](https://hl7.org/fhir/R4/search.html#include)).`,
  verifies: ['FHIR-BUNDLE-1', 'FHIR-SEARCH-6'],
  level: 'SHALL',
  needs: [{ system: 'transaction' }, { interaction: 'search-type', type: 'Observation' }, { searchParam: '_id', type: 'Observation' }],
  writes: true,
  async run(ctx) {
    const t = await transactionWritten(ctx)
    if (!t.observation || !t.patient) skip(`the app's transaction wrote no Observation to search (IO-11): ${t.called.error ?? shown(t.locations)}`)
    const id = t.observation.id
    const searched = await settled(
      ctx,
      (n) => call(ctx, nth('io-include', n), (c) => c.search({ resourceType: 'Observation', searchParams: { _id: id, _include: 'Observation:subject' } })),
      (r) => Boolean(!r.error && (r.value as Found).entry?.some((e) => e.resource?.id === id)),
    )
    expect(!searched.error && searched.value, `expected ${LIB}'s search() with _include to succeed; ${failed(searched)}`)
    const bundle = searched.value as Found
    const obs = (bundle.entry ?? []).find((e) => e.resource?.resourceType === 'Observation' && e.resource.id === id)?.resource
    expect(obs, `expected Observation/${id} in the search Bundle, got ${shown((bundle.entry ?? []).map((e) => e.fullUrl))}`)
    const reference = obs.subject?.reference ?? ''
    const resolved = await call(ctx, 'io-resolve-in-bundle', (c) => c.resolve({ reference, context: bundle as never }))
    const got = resolved.value as { resourceType?: string; id?: string } | undefined
    expect(
      !resolved.error && got?.id === t.patient.id,
      `expected ${LIB}'s resolve() of ${shown(reference)} in the Bundle to give Patient/${t.patient.id}; ${resolved.error ? failed(resolved) : `got ${shown(got?.id)}`}`,
    )
    expect(
      resolved.exchanges.length === 0,
      `expected ${LIB} to find ${reference} among the Bundle's entries (fullUrls ${shown((bundle.entry ?? []).map((e) => e.fullUrl))}), but it fetched it`,
    )
  },
}
