// History at every level, _sort, _summary and _elements, _include:iterate on the live target.
import type { Json } from '../helpers.js'
import t from 'tap'
import { startServer, type RunningServer } from '../../server/http/server.js'

let target: RunningServer
let clock = Date.parse('2024-01-01T00:00:00Z')
t.before(async () => {
  target = await startServer()
  target.store.now = () => (clock += 1000)
})
t.teardown(() => target.close())

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(target.url + path, { method, headers: { 'Content-Type': 'application/fhir+json' }, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

t.test('TGT-HIST-01: type and system history, newest first, _since and paging', async (t) => {
  for (const [i, fam] of ['Ames', 'Bell', 'Cole'].entries()) await call('PUT', `Practitioner/h${i}`, { resourceType: 'Practitioner', id: `h${i}`, name: [{ family: fam }] })
  const mid = new Date(clock + 500).toISOString() // after the third write, before the next
  await call('PUT', 'Practitioner/h0', { resourceType: 'Practitioner', id: 'h0', name: [{ family: 'Ames-2' }] })
  await call('DELETE', 'Practitioner/h1')
  const all = await call('GET', 'Practitioner/_history')
  t.equal(all.body.total, 5)
  t.same(
    all.body.entry.map((e: Json) => `${e.request.method} ${e.fullUrl.split('/').slice(-2).join('/')}`),
    ['DELETE Practitioner/h1', 'PUT Practitioner/h0', 'PUT Practitioner/h2', 'PUT Practitioner/h1', 'PUT Practitioner/h0'],
  )
  const since = await call('GET', `Practitioner/_history?_since=${encodeURIComponent(mid)}`)
  t.equal(since.body.total, 2, '_since keeps only later versions')
  const page1 = await call('GET', 'Practitioner/_history?_count=2')
  t.equal(page1.body.entry.length, 2)
  const next = page1.body.link.find((l: Json) => l.relation === 'next').url
  const page2 = (await (await fetch(next)).json()) as Json
  t.equal(page2.entry.length, 2)
  t.notSame(
    page2.entry.map((e: Json) => e.response.etag + e.fullUrl),
    page1.body.entry.map((e: Json) => e.response.etag + e.fullUrl),
  )
  const system = await call('GET', '_history?_count=100')
  t.ok(system.body.total >= 5)
  t.equal((await call('GET', 'Practitioner/_history?_since=yesterday')).status, 400)
})

t.test('TGT-SORT-01: _sort on several keys, ascending and descending, stable across pages', async (t) => {
  const people = [
    ['s1', 'Zed', '1990-01-01'],
    ['s2', 'Amy', '1990-01-01'],
    ['s3', 'Bob', '1980-05-05'],
    ['s4', 'Amy', '2000-02-02'],
    ['s5', 'Cat', '1970-07-07'],
  ]
  for (const [id, given, birthDate] of people) await call('PUT', `Patient/${id}`, { resourceType: 'Patient', id, name: [{ family: 'Sortable', given: [given] }], birthDate })
  const ids = async (q: string) => {
    const out: string[] = []
    let url: string | undefined = `${target.url}Patient?family=Sortable&${q}&_count=2`
    while (url) {
      const b = (await (await fetch(url)).json()) as Json
      out.push(...b.entry.map((e: Json) => e.resource.id))
      url = b.link.find((l: Json) => l.relation === 'next')?.url
    }
    return out
  }
  t.same(await ids('_sort=birthdate'), ['s5', 's3', 's1', 's2', 's4'])
  t.same(await ids('_sort=-birthdate'), ['s4', 's1', 's2', 's3', 's5'], 'ties keep a stable order')
  t.same(await ids('_sort=given,-birthdate'), ['s4', 's2', 's3', 's5', 's1'])
  t.same(await ids('_sort=-_id'), ['s5', 's4', 's3', 's2', 's1'])
  const strict = await fetch(`${target.url}Patient?_sort=nonsense`, { headers: { Prefer: 'handling=strict' } })
  t.equal(strict.status, 400)
})

t.test('TGT-SUM-01: _summary=true|data|text|count and _elements mark the result SUBSETTED', async (t) => {
  await call('PUT', 'Patient/sum', {
    resourceType: 'Patient',
    id: 'sum',
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' },
    name: [{ family: 'Summ' }],
    gender: 'male',
    maritalStatus: { text: 'M' },
    photo: [{ contentType: 'image/png' }],
  })
  const summ = (await call('GET', 'Patient?_id=sum&_summary=true')).body.entry[0].resource
  t.ok(summ.name && summ.gender, 'summary elements stay')
  t.notOk(summ.maritalStatus || summ.photo || summ.text, 'non-summary elements go')
  t.ok(summ.meta.tag.some((g: Json) => g.code === 'SUBSETTED'))
  const data = (await call('GET', 'Patient/sum?_summary=data')).body
  t.notOk(data.text)
  t.ok(data.photo)
  const elements = (await call('GET', 'Patient?_id=sum&_elements=gender')).body.entry[0].resource
  t.same(Object.keys(elements).sort(), ['gender', 'id', 'meta', 'resourceType'])
  const count = (await call('GET', 'Patient?_summary=count')).body
  t.ok(count.total >= 1)
  t.same(count.entry, [])
})

t.test('TGT-INC-01: _include:iterate follows references from included resources', async (t) => {
  await call('PUT', 'Organization/o1', { resourceType: 'Organization', id: 'o1', name: 'Org' })
  await call('PUT', 'Practitioner/pr1', { resourceType: 'Practitioner', id: 'pr1' })
  await call('PUT', 'PractitionerRole/r1', {
    resourceType: 'PractitionerRole',
    id: 'r1',
    practitioner: { reference: 'Practitioner/pr1' },
    organization: { reference: 'Organization/o1' },
  })
  await call('PUT', 'MedicationRequest/m1', {
    resourceType: 'MedicationRequest',
    id: 'm1',
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/sum' },
    requester: { reference: 'PractitionerRole/r1' },
    medicationCodeableConcept: { text: 'x' },
  })
  const inc = async (q: string) =>
    ((await call('GET', `MedicationRequest?_id=m1&${q}`)).body.entry as Json[])
      .filter((e) => e.search.mode === 'include')
      .map((e) => `${e.resource.resourceType}/${e.resource.id}`)
      .sort()
  t.same(await inc('_include=MedicationRequest:requester'), ['PractitionerRole/r1'])
  t.same(await inc('_include=MedicationRequest:requester&_include:iterate=PractitionerRole:organization'), ['Organization/o1', 'PractitionerRole/r1'])
  t.same(await inc('_include=MedicationRequest:requester:Practitioner'), [], 'a target type restricts the include')
  t.same(await inc('_include=*'), ['Patient/sum', 'PractitionerRole/r1'])
  const rev = ((await call('GET', 'Patient?_id=sum&_revinclude=MedicationRequest:subject')).body.entry as Json[]).map(
    (e) => `${e.search.mode} ${e.resource.resourceType}/${e.resource.id}`,
  )
  t.same(rev, ['match Patient/sum', 'include MedicationRequest/m1'])
})
