import type { Check } from '../check.js'
import { expect, shown } from '../check.js'
import { expectStatus } from '../fhir.js'
import { parseBody } from '../expect.js'
import { fixture, refsOf } from './shared.js'

const OP = 'https://hl7.org/fhir/R4/patient-operation-everything.html'

export const check: Check = {
  id: 'SE-31',
  title: 'Patient/$everything returns the Patient and its compartment',
  description: `Where the CapabilityStatement declares Patient \`everything\`, \`GET Patient/[id]/$everything\` answers a searchset with that Patient and the Observation in its compartment, and not the Observation about another Patient ([R4 Patient $everything](${OP}#everything)).`,
  verifies: ['FHIR-OP-EVERYTHING-1'],
  level: 'SHOULD',
  needs: [{ operation: 'everything', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    const f = await fixture(ctx)
    const ex = await ctx.exchange('se-everything', 'GET', `Patient/${f.get('smith')}/$everything`, { accept: 'application/fhir+json' })
    expectStatus(ex, 200)
    const b = parseBody<{ resourceType?: string; type?: string; entry?: Array<{ resource?: { resourceType?: string; id?: string } }> }>(
      ex.response.body,
      'the $everything response',
    )
    expect(b.resourceType === 'Bundle' && b.type === 'searchset', `expected a searchset Bundle, got ${shown({ resourceType: b.resourceType, type: b.type })}`)
    const got = new Set((b.entry ?? []).map((e) => `${e.resource?.resourceType}/${e.resource?.id}`))
    const [patient, own, other] = [refsOf(f, ['smith'])[0]!, refsOf(f, ['obs-hr'])[0]!, refsOf(f, ['obs-rr'])[0]!]
    expect(got.has(patient), `expected ${patient} itself in its $everything, got ${shown([...got])}`)
    expect(got.has(own), `expected ${own} from its compartment in ${patient}/$everything, got ${shown([...got])}`)
    expect(!got.has(other), `expected no resource of another patient, but ${other} (about another Patient) came back`)
  },
}
