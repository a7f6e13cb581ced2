// The reference server over HTTP against the live server: CRUD, versioning, If-Match, history,
// 404/410, content negotiation and bad input.
import type { Json } from '../helpers.js'
import t from 'tap'
import { startServer, type RunningServer } from '../../server/http/server.js'

let target: RunningServer
t.before(async () => {
  target = await startServer()
})
t.teardown(() => target.close())

const json = { 'Content-Type': 'application/fhir+json' }
const patient = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'Patient',
  name: [{ family: 'Łukasiewicz', given: ['Zoë'] }],
  gender: 'female',
  birthDate: '1980-03-14',
  ...extra,
})
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(target.url + path, {
    method,
    headers: { ...json, ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined }
}

t.test('TGT-01: create assigns id and version 1, read returns it with ETag and Last-Modified', async (t) => {
  const c = await call('POST', 'Patient', patient({ id: 'client-chosen' }))
  t.equal(c.status, 201)
  t.not(c.body.id, 'client-chosen', 'the server assigns the id')
  t.equal(c.body.meta.versionId, '1')
  t.match(c.headers.get('location'), new RegExp(`Patient/${c.body.id}/_history/1$`))
  t.equal(c.headers.get('etag'), 'W/"1"')
  const r = await call('GET', `Patient/${c.body.id}`)
  t.equal(r.status, 200)
  t.equal(r.headers.get('etag'), 'W/"1"')
  t.ok(r.headers.get('last-modified'))
  t.equal(r.body.name[0].family, 'Łukasiewicz')
  t.match(r.headers.get('content-type'), /^application\/fhir\+json/)
})

t.test('TGT-02: update bumps the version; create-on-update answers 201; vread keeps old versions', async (t) => {
  const u1 = await call('PUT', 'Patient/p-update', patient({ id: 'p-update' }))
  t.equal(u1.status, 201, 'create on update')
  const u2 = await call('PUT', 'Patient/p-update', patient({ id: 'p-update', gender: 'male' }))
  t.equal(u2.status, 200)
  t.equal(u2.body.meta.versionId, '2')
  const v1 = await call('GET', 'Patient/p-update/_history/1')
  t.equal(v1.body.gender, 'female')
  const v2 = await call('GET', 'Patient/p-update/_history/2')
  t.equal(v2.body.gender, 'male')
  t.equal((await call('GET', 'Patient/p-update/_history/3')).status, 404)
  const mismatch = await call('PUT', 'Patient/p-update', patient({ id: 'other' }))
  t.equal(mismatch.status, 400)
  t.equal(mismatch.body.resourceType, 'OperationOutcome')
})

t.test('TGT-03: If-Match: current version passes, stale → 412, malformed → 400', async (t) => {
  await call('PUT', 'Patient/p-match', patient({ id: 'p-match' }))
  t.equal((await call('PUT', 'Patient/p-match', patient({ id: 'p-match' }), { 'If-Match': 'W/"1"' })).status, 200)
  const stale = await call('PUT', 'Patient/p-match', patient({ id: 'p-match' }), { 'If-Match': 'W/"1"' })
  t.equal(stale.status, 412)
  t.equal(stale.body.issue[0].code, 'conflict')
  t.equal((await call('PUT', 'Patient/p-match', patient({ id: 'p-match' }), { 'If-Match': 'version one' })).status, 400)
  t.equal((await call('GET', 'Patient/p-match')).body.meta.versionId, '2', 'the failed updates changed nothing')
})

t.test('TGT-04: delete → read 410, vread of the deleted version 410, older version still readable', async (t) => {
  await call('PUT', 'Patient/p-del', patient({ id: 'p-del' }))
  const d = await call('DELETE', 'Patient/p-del')
  t.equal(d.status, 204)
  t.equal((await call('GET', 'Patient/p-del')).status, 410)
  t.equal((await call('GET', 'Patient/p-del/_history/2')).status, 410)
  t.equal((await call('GET', 'Patient/p-del/_history/1')).status, 200)
  t.equal((await call('DELETE', 'Patient/p-del')).status, 204, 'deleting again is fine')
  const h = await call('GET', 'Patient/p-del/_history')
  t.equal(h.body.type, 'history')
  t.same(
    h.body.entry.map((e: Json) => e.request.method),
    ['DELETE', 'PUT'],
  )
  t.notOk(h.body.entry[0].resource, 'a delete entry has no resource')
  const s = await call('GET', 'Patient?_id=p-del')
  t.equal(s.body.total, 0, 'deleted resources are not found by search')
  const back = await call('PUT', 'Patient/p-del', patient({ id: 'p-del' }))
  t.equal(back.status, 201, 'updating a deleted resource creates it again')
  t.equal(back.body.meta.versionId, '3')
})

t.test('TGT-05: conditional create with If-None-Exist: 0 → 201, 1 → 200 (no duplicate)', async (t) => {
  const body = patient({ identifier: [{ system: 'urn:test', value: 'cc-1' }] })
  const first = await call('POST', 'Patient', body, { 'If-None-Exist': 'identifier=urn:test|cc-1' })
  t.equal(first.status, 201)
  const second = await call('POST', 'Patient', body, { 'If-None-Exist': 'identifier=urn:test|cc-1' })
  t.equal(second.status, 200)
  t.equal(second.body.id, first.body.id)
  t.equal((await call('GET', 'Patient?identifier=urn:test|cc-1')).body.total, 1)
})

t.test('TGT-06: errors are OperationOutcomes with the right status', async (t) => {
  const cases: Array<[string, string, unknown, number, Record<string, string>?]> = [
    ['GET', 'Patient/does-not-exist', undefined, 404],
    ['GET', 'Banana/1', undefined, 404],
    ['GET', 'Patient/bad_id!', undefined, 400],
    ['POST', 'Patient', '{"resourceType": "Patient", ', 400],
    ['POST', 'Patient', { resourceType: 'Observation' }, 400],
    ['POST', 'Patient', '[1,2]', 400],
    ['GET', 'Patient?_count=-3', undefined, 400],
    ['GET', 'Patient?birthdate=yesterday', undefined, 400],
    ['PATCH', 'Patient/x', '{}', 415],
    ['POST', 'Patient/x', '{}', 405],
    ['GET', 'metadata', undefined, 406, { Accept: 'application/fhir+xml' }],
    ['GET', 'metadata?_format=xml', undefined, 406],
  ]
  for (const [method, path, body, status, headers] of cases) {
    const r = await call(method, path, body, headers)
    t.equal(r.status, status, `${method} ${path} → ${status}`)
    t.equal(r.body?.resourceType, 'OperationOutcome', `${method} ${path} answers an OperationOutcome`)
  }
  const big = await call('POST', 'Patient', JSON.stringify(patient({ text: { status: 'generated', div: '<div>' + 'x'.repeat(17 * 1024 * 1024) + '</div>' } })))
  t.equal(big.status, 413)
})

t.test('TGT-07: unknown search parameters are ignored, or 400 under Prefer: handling=strict', async (t) => {
  t.equal((await call('GET', 'Patient?frobnicate=1')).status, 200)
  const strict = await call('GET', 'Patient?frobnicate=1', undefined, { Prefer: 'handling=strict' })
  t.equal(strict.status, 400)
  t.match(strict.body.issue[0].diagnostics, /frobnicate/)
})

t.test('TGT-08: metadata lists the interactions and search parameters that work', async (t) => {
  const m = await call('GET', 'metadata')
  t.equal(m.status, 200)
  t.equal(m.body.resourceType, 'CapabilityStatement')
  t.equal(m.body.fhirVersion, '4.0.1')
  const obs = m.body.rest[0].resource.find((r: Json) => r.type === 'Observation')
  t.ok(obs.searchParam.some((p: Json) => p.name === 'value-quantity' && p.type === 'quantity'))
  t.notOk(
    obs.searchParam.some((p: Json) => p.type === 'composite'),
    'composite parameters are not claimed',
  )
  t.same(obs.interaction.map((i: Json) => i.code).sort(), ['create', 'delete', 'history-instance', 'history-type', 'patch', 'read', 'search-type', 'update', 'vread'])
  t.same(m.body.rest[0].interaction.map((i: Json) => i.code).sort(), ['batch', 'history-system', 'transaction'])
})
