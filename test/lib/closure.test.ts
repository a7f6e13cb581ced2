// Reference closure (lib/validation/closure.ts): every literal reference found with its path, and
// judged against the dataset's Type/id keys; `generate --validate` asks only for the ones that do
// not resolve, and gets the same paths.
import t from 'tap'
import { collectReferences, resolveReference } from '../../lib/validation/closure.js'

const eob = {
  resourceType: 'ExplanationOfBenefit',
  id: 'e1',
  patient: { reference: 'Patient/p1' },
  claim: { reference: 'Claim/c-missing' },
  careTeam: [
    { sequence: 1, provider: { reference: 'Practitioner/dr1' } },
    { sequence: 2, provider: { reference: 'Practitioner/dr-gone' } },
  ],
  item: [{ sequence: 1, encounter: [{ reference: 'Encounter/x' }, { reference: 'urn:uuid:abc' }] }],
  text: { div: 'no reference here', reference: 42 },
}
const known = new Set(['Patient/p1', 'Practitioner/dr1', 'Encounter/x'])

t.test('CLOSURE-01: every reference, with its path', async (t) => {
  t.same(collectReferences(eob, 'ExplanationOfBenefit'), [
    { path: 'ExplanationOfBenefit.patient.reference', reference: 'Patient/p1' },
    { path: 'ExplanationOfBenefit.claim.reference', reference: 'Claim/c-missing' },
    { path: 'ExplanationOfBenefit.careTeam[0].provider.reference', reference: 'Practitioner/dr1' },
    { path: 'ExplanationOfBenefit.careTeam[1].provider.reference', reference: 'Practitioner/dr-gone' },
    { path: 'ExplanationOfBenefit.item[0].encounter[0].reference', reference: 'Encounter/x' },
    { path: 'ExplanationOfBenefit.item[0].encounter[1].reference', reference: 'urn:uuid:abc' },
  ])
})

t.test('CLOSURE-02: only the references kept, with the same paths', async (t) => {
  const unresolved = (ref: string) => resolveReference(ref, known) === 'unresolved'
  t.same(collectReferences(eob, 'ExplanationOfBenefit', [], unresolved), [
    { path: 'ExplanationOfBenefit.claim.reference', reference: 'Claim/c-missing' },
    { path: 'ExplanationOfBenefit.careTeam[1].provider.reference', reference: 'Practitioner/dr-gone' },
    { path: 'ExplanationOfBenefit.item[0].encounter[1].reference', reference: 'urn:uuid:abc' },
  ])
})

t.test('CLOSURE-03: what is judged and what is not', async (t) => {
  t.equal(resolveReference('Patient/p1', known), 'resolved')
  t.equal(resolveReference('Patient/p1/_history/2', known), 'resolved', 'a versioned reference names its resource')
  t.equal(resolveReference('Patient/p2', known), 'unresolved')
  t.equal(resolveReference('patient p1', known), 'unresolved', 'not a literal reference')
  t.equal(resolveReference('urn:uuid:abc', known, new Set(['urn:uuid:abc'])), 'resolved', 'a fullUrl in the Bundle')
  t.equal(resolveReference('urn:uuid:abc', known), 'unresolved', 'a urn:uuid outside a Bundle')
  t.equal(resolveReference('#med1', known), 'not-judged', 'contained')
  t.equal(resolveReference('https://example.org/fhir/Patient/9', known), 'not-judged', 'absolute: outside the dataset')
  t.equal(resolveReference('Patient?identifier=x|1', known), 'not-judged', 'conditional: the server resolves it')
})
