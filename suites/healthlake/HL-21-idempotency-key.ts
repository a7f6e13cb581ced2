import { parseBody } from '../expect.js'
import { expect, shown, skip, type Check } from '../check.js'
import { dataStore, GUIDE } from './shared.js'

const HEADER = 'x-amz-fhir-idempotency-key'
const SPEC = `${GUIDE}/managing-fhir-resources-idempotency.html`

export const check: Check = {
  id: 'HL-21',
  title: 'A create repeated with the same idempotency key creates nothing: 409 naming the original; a key that is no UUID is 400',
  description: `A POST carrying \`${HEADER}: <UUID>\` creates the resource (201); the same request with the same key answers 409 Conflict, creates nothing and returns the original; a key that is not a UUID is refused with 400 ([HealthLake, Idempotency and Concurrency](${SPEC})).`,
  verifies: ['HL-IDEM-1'],
  level: 'SHALL',
  needs: [{ interaction: 'create', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    dataStore(ctx)
    const key = crypto.randomUUID()
    const body = JSON.stringify(ctx.tagged({ resourceType: 'Patient', name: [{ family: 'Idempotent' }] }))
    const post = (name: string, k: string) => ctx.exchange(name, 'POST', 'Patient', { 'content-type': 'application/fhir+json', [HEADER]: k }, { body })
    const idOf = (ex: Awaited<ReturnType<typeof post>>) => /Patient\/([A-Za-z0-9\-.]{1,64})/.exec(ex.response?.headers.location ?? '')?.[1]
    const first = await post('hl-idempotent-1', key)
    if (first.response?.status !== 201) skip(`the keyed create answered ${first.response?.status ?? first.error}`)
    const original = idOf(first)
    if (original) ctx.created.add(`Patient/${original}`)
    const again = await post('hl-idempotent-2', key)
    const repeat = idOf(again)
    if (repeat && again.response?.status === 201) ctx.created.add(`Patient/${repeat}`)
    expect(
      again.response?.status === 409,
      `expected 409 for a create repeating ${HEADER} ${key}, got ${again.response?.status ?? again.error}${again.response?.status === 201 ? ` (a second Patient${repeat ? `/${repeat}` : ''} was created)` : ''}`,
    )
    if (original) {
      let named = (again.response.headers.location ?? '').includes(original)
      try {
        named ||= JSON.stringify(parseBody(again.response.body)).includes(original)
      } catch {
        // not JSON: only the Location header can name it
      }
      expect(named, `expected the 409 to return the original Patient/${original} (its body or Location), got ${shown(again.response.body.slice(0, 200))}`)
    }
    const malformed = await post('hl-idempotent-bad', 'not-a-uuid')
    const bad = idOf(malformed)
    if (bad && malformed.response?.status === 201) ctx.created.add(`Patient/${bad}`)
    expect(malformed.response?.status === 400, `expected 400 for ${HEADER}: not-a-uuid, got ${malformed.response?.status ?? malformed.error}`)
  },
}
