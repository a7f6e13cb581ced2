// A ground-truth query's comma lists asked one value at a time (suites/search/ground-truth.ts
// orAlternatives), and what US Core expects of a list per parameter (lib/us-core multipleOr).
import t from 'tap'
import { orAlternatives } from '../../suites/search/ground-truth.js'
import { multipleOrExpectation } from '../../lib/us-core/index.js'

t.test('OR-01: each comma list is multiplied out; shaping parameters, kept parameters and escaped commas are not', async (t) => {
  const cases: Array<[string, string[], ((p: string) => boolean)?]> = [
    ['Patient?family=Smith', ['Patient?family=Smith']],
    ['metadata', ['metadata']],
    [
      'Condition?patient=Patient/a,Patient/b&category=http://x|problem',
      ['Condition?patient=Patient/a&category=http://x|problem', 'Condition?patient=Patient/b&category=http://x|problem'],
    ],
    ['Patient?given:exact=Ann,Bo', ['Patient?given:exact=Ann', 'Patient?given:exact=Bo']],
    ['Patient?_id=a%2Cb', ['Patient?_id=a', 'Patient?_id=b']],
    ['Organization?name=Smith\\, Jones and Co,Acme', ['Organization?name=Smith\\, Jones and Co', 'Organization?name=Acme']],
    [
      'Observation?patient=Patient/a&_sort=-date,code&_elements=code,subject&_revinclude=Provenance:target',
      ['Observation?patient=Patient/a&_sort=-date,code&_elements=code,subject&_revinclude=Provenance:target'],
    ],
    ['Observation?patient=a,b&code=c,d', ['Observation?patient=a&code=c', 'Observation?patient=a&code=d', 'Observation?patient=b&code=c', 'Observation?patient=b&code=d']],
    ['Observation?patient=a,b&status=final,amended', ['Observation?patient=a&status=final,amended', 'Observation?patient=b&status=final,amended'], (p) => p === 'status'],
    ['Patient?_summary=count&active', ['Patient?_summary=count&active']],
  ]
  for (const [query, want, keep] of cases) t.same(orAlternatives(query, keep), want, query)
  const huge = `Observation?patient=${Array.from({ length: 30 }, (_, i) => `p${i}`).join(',')}&code=${Array.from({ length: 30 }, (_, i) => `c${i}`).join(',')}`
  t.same(orAlternatives(huge), [huge], 'past 400 alternatives the query is asked as written')
})

t.test('OR-02: US Core makes a list SHALL for status-like parameters only; patient and _id are MAY', async (t) => {
  t.equal(multipleOrExpectation('Observation', 'status'), 'SHALL')
  t.equal(multipleOrExpectation('MedicationRequest', 'intent'), 'SHALL')
  t.equal(multipleOrExpectation('Observation', 'code'), 'SHOULD')
  t.equal(multipleOrExpectation('Condition', 'patient'), 'MAY')
  t.equal(multipleOrExpectation('Device', 'patient:Patient'), 'MAY', 'a modifier is dropped')
  t.equal(multipleOrExpectation('Patient', '_id'), 'MAY')
  t.equal(multipleOrExpectation('Patient', 'nosuch'), undefined)
  t.equal(multipleOrExpectation('Basic', 'patient'), undefined, 'a type US Core does not name')
})
