// Search parameter types and modifiers not covered by the ground truth, on the live target.
import type { Json } from '../helpers.js'
import t from 'tap'
import { startServer, type RunningServer } from '../../server/http/server.js'

let target: RunningServer
t.before(async () => {
  target = await startServer({ maxCount: 5 })
  const put = (r: Record<string, unknown>) =>
    fetch(`${target.url}${r.resourceType}/${r.id}`, { method: 'PUT', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(r) })
  for (const [i, p] of [0.2, 0.55, 0.9].entries())
    await put({ resourceType: 'RiskAssessment', id: `ra${i}`, status: 'final', subject: { reference: 'Patient/x' }, prediction: [{ probabilityDecimal: p }] })
  await put({ resourceType: 'ValueSet', id: 'vs1', status: 'active', url: 'http://example.org/fhir/ValueSet/colours' })
  await put({ resourceType: 'ValueSet', id: 'vs2', status: 'active', url: 'http://example.org/fhir/ValueSet/colours-extended' })
  await put({
    resourceType: 'Patient',
    id: 'tagged',
    meta: { tag: [{ system: 'urn:run', code: 'run-42' }], profile: ['http://example.org/fhir/StructureDefinition/p'] },
    gender: 'female',
  })
  await put({ resourceType: 'Patient', id: 'plain' })
  for (const [i, v] of [
    [0, 1.96],
    [1, 2.04],
    [2, 1.8],
  ] as const)
    await put({
      resourceType: 'Observation',
      id: `q${i}`,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '2345-7' }] },
      valueQuantity: { value: v, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
    })
})
t.teardown(() => target.close())

const ids = async (q: string) =>
  (((await (await fetch(target.url + q)).json()) as Json).entry ?? [])
    .filter((e: Json) => e.search.mode === 'match')
    .map((e: Json) => e.resource.id)
    .sort()

t.test('TGT-ST-01: number with prefixes and implicit precision', async (t) => {
  t.same(await ids('RiskAssessment?probability=gt0.5'), ['ra1', 'ra2'])
  t.same(await ids('RiskAssessment?probability=le0.55'), ['ra0', 'ra1'])
  t.same(await ids('RiskAssessment?probability=0.9'), ['ra2'])
})

t.test('TGT-ST-02: quantity precision (2.0 matches 1.96 and 2.04, not 1.80) and value|system|code', async (t) => {
  t.same(await ids('Observation?value-quantity=2.0'), ['q0', 'q1'])
  t.same(await ids('Observation?value-quantity=2.0|http://unitsofmeasure.org|mmol/L'), ['q0', 'q1'])
  t.same(await ids('Observation?value-quantity=2.0|http://unitsofmeasure.org|mg/dL'), [])
  t.same(await ids('Observation?value-quantity=lt1.9'), ['q2'])
})

t.test('TGT-ST-03: uri exact and :below; _tag, _profile; :missing', async (t) => {
  t.same(await ids('ValueSet?url=http://example.org/fhir/ValueSet/colours'), ['vs1'])
  t.same(await ids('ValueSet?url:below=http://example.org/fhir/ValueSet/colours'), ['vs1', 'vs2'])
  t.same(await ids('Patient?_tag=urn:run|run-42'), ['tagged'])
  t.same(await ids('Patient?_profile=http://example.org/fhir/StructureDefinition/p'), ['tagged'])
  t.same(await ids('Patient?gender:missing=true'), ['plain'])
  t.same(await ids('Patient?gender:missing=false'), ['tagged'])
  t.same(await ids('Patient?_id=plain,tagged'), ['plain', 'tagged'])
  t.same(await ids('Patient?_id:not=plain'), ['tagged'])
})

t.test('TGT-ST-04: _count over the maximum is capped with a warning OperationOutcome', async (t) => {
  const b = (await (await fetch(`${target.url}Observation?_count=50`)).json()) as Json
  t.equal(b.entry.filter((e: Json) => e.search.mode === 'match').length, 3)
  const warning = b.entry.find((e: Json) => e.search.mode === 'outcome')
  t.match(warning.resource.issue[0].diagnostics, /_count=50 is over this server's maximum page of 5/)
})
