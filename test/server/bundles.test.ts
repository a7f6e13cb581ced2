// Batch and transaction Bundles on the live target (R4 http §3.1.0.11).
import type { Json } from '../helpers.js'
import t from 'tap'
import { startServer, type RunningServer } from '../../server/http/server.js'

let target: RunningServer
t.before(async () => {
  target = await startServer({ maxBundleEntries: 50 })
})
t.teardown(() => target.close())

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(target.url + path, {
    method,
    headers: { 'Content-Type': 'application/fhir+json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}
const count = async (q: string) => (await call('GET', `${q}${q.includes('?') ? '&' : '?'}_summary=count`)).body.total as number

t.test('TGT-TX-01: urn:uuid references are rewritten anywhere, forward references included', async (t) => {
  const tx = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      // The Observation comes first and points forward at the Patient and the Encounter.
      {
        fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000003',
        resource: {
          resourceType: 'Observation',
          status: 'final',
          code: { text: 'x' },
          subject: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000001' },
          encounter: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000002' },
          extension: [{ url: 'urn:test', valueReference: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000001' } }],
        },
        request: { method: 'POST', url: 'Observation' },
      },
      {
        fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000001',
        resource: { resourceType: 'Patient', name: [{ family: 'Transact' }] },
        request: { method: 'POST', url: 'Patient' },
      },
      {
        fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000002',
        resource: { resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000001' } },
        request: { method: 'POST', url: 'Encounter' },
      },
    ],
  }
  const r = await call('POST', '', tx)
  t.equal(r.status, 200)
  t.equal(r.body.type, 'transaction-response')
  t.same(
    r.body.entry.map((e: Json) => e.response.status),
    ['201', '201', '201'],
  )
  const [obs, pat, enc] = r.body.entry.map((e: Json) => e.resource)
  t.equal(obs.subject.reference, `Patient/${pat.id}`)
  t.equal(obs.encounter.reference, `Encounter/${enc.id}`)
  t.equal(obs.extension[0].valueReference.reference, `Patient/${pat.id}`, 'a reference inside an extension is rewritten too')
  t.equal(enc.subject.reference, `Patient/${pat.id}`)
  t.equal(await count(`Observation?patient=${pat.id}`), 1, 'the rewritten reference is searchable')
})

t.test('TGT-TX-02: a failing entry rolls back everything, deletes included', async (t) => {
  await call('PUT', 'Patient/keep-me', { resourceType: 'Patient', id: 'keep-me' })
  const before = await count('Patient')
  const tx = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { request: { method: 'DELETE', url: 'Patient/keep-me' } },
      {
        fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000011',
        resource: { resourceType: 'Patient', name: [{ family: 'Rollback' }] },
        request: { method: 'POST', url: 'Patient' },
      },
      { resource: { resourceType: 'Patient', id: 'x1' }, request: { method: 'PUT', url: 'Patient/x1' } },
      { resource: { resourceType: 'Patient', id: 'other' }, request: { method: 'PUT', url: 'Patient/not-the-same' } },
    ],
  }
  const r = await call('POST', '', tx)
  t.equal(r.status, 400)
  t.equal(r.body.resourceType, 'OperationOutcome')
  t.match(r.body.issue[0].diagnostics, /entry\[3\]/)
  t.equal(await count('Patient'), before, 'nothing was created')
  t.equal((await call('GET', 'Patient/keep-me')).status, 200, 'the delete was rolled back')
  t.equal((await call('GET', 'Patient/x1')).status, 404)
  t.equal(await count('Patient?family=Rollback'), 0)
})

t.test('TGT-TX-03: conditional entries and conditional references', async (t) => {
  await call('PUT', 'Organization/org-1', { resourceType: 'Organization', id: 'org-1', identifier: [{ system: 'urn:org', value: 'A' }] })
  const tx = (family: string) => ({
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000021',
        resource: {
          resourceType: 'Patient',
          identifier: [{ system: 'urn:mrn', value: 'M1' }],
          name: [{ family }],
          managingOrganization: { reference: 'Organization?identifier=urn:org|A' },
        },
        request: { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=urn:mrn|M1' },
      },
      {
        resource: { resourceType: 'Observation', status: 'final', code: { text: 'y' }, subject: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000021' } },
        request: { method: 'POST', url: 'Observation' },
      },
    ],
  })
  const first = await call('POST', '', tx('First'))
  t.equal(first.status, 200)
  t.equal(first.body.entry[0].response.status, '201')
  t.equal(first.body.entry[0].resource.managingOrganization.reference, 'Organization/org-1', 'the conditional reference resolved')
  const second = await call('POST', '', tx('Second'))
  t.equal(second.body.entry[0].response.status, '200', 'ifNoneExist found the existing patient')
  const pid = first.body.entry[0].resource.id
  t.equal(second.body.entry[1].resource.subject.reference, `Patient/${pid}`, 'the urn:uuid points at the existing patient')
  t.equal(await count('Patient?identifier=urn:mrn|M1'), 1, 'no duplicate patient')
  const bad = await call('POST', '', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [{ resource: { resourceType: 'Patient', managingOrganization: { reference: 'Organization?identifier=urn:org|none' } }, request: { method: 'POST', url: 'Patient' } }],
  })
  t.equal(bad.status, 412, 'a conditional reference with no match fails the transaction')
  const dangling = await call('POST', '', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        resource: { resourceType: 'Observation', status: 'final', code: { text: 'z' }, subject: { reference: 'urn:uuid:00000000-0000-4000-8000-0000000000ff' } },
        request: { method: 'POST', url: 'Observation' },
      },
    ],
  })
  t.equal(dangling.status, 400, 'a urn:uuid that names no entry fails the transaction')
})

t.test('TGT-TX-04: batch entries succeed or fail on their own', async (t) => {
  const r = await call('POST', '', {
    resourceType: 'Bundle',
    type: 'batch',
    entry: [
      { resource: { resourceType: 'Patient', name: [{ family: 'Batch' }] }, request: { method: 'POST', url: 'Patient' } },
      { request: { method: 'GET', url: 'Patient/does-not-exist' } },
      { resource: { resourceType: 'Patient', id: 'b2' }, request: { method: 'PUT', url: 'Patient/b2' } },
      { resource: { resourceType: 'Observation', subject: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000031' } }, request: { method: 'POST', url: 'Observation' } },
    ],
  })
  t.equal(r.status, 200)
  t.equal(r.body.type, 'batch-response')
  t.same(
    r.body.entry.map((e: Json) => e.response.status),
    ['201', '404', '201', '400'],
  )
  t.equal(r.body.entry[1].response.outcome.resourceType, 'OperationOutcome')
  t.equal(await count('Patient?family=Batch'), 1)
})

t.test('TGT-TX-05: entry limit answers 413 with an OperationOutcome; bad Bundles 400', async (t) => {
  const many = { resourceType: 'Bundle', type: 'batch', entry: Array.from({ length: 51 }, () => ({ request: { method: 'GET', url: 'metadata' } })) }
  const r = await call('POST', '', many)
  t.equal(r.status, 413)
  t.match(r.body.issue[0].diagnostics, /at most 50/)
  t.equal((await call('POST', '', { resourceType: 'Bundle', type: 'collection', entry: [] })).status, 400)
  t.equal((await call('POST', '', { resourceType: 'Patient' })).status, 400)
  t.equal((await call('POST', '', { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: {} }] })).status, 400)
})

t.test('TGT-CU-01: conditional update and delete: 0, 1 and many matches', async (t) => {
  const p = (v: string) => ({ resourceType: 'Patient', identifier: [{ system: 'urn:cu', value: v }], name: [{ family: 'Cond' }] })
  const c0 = await call('PUT', 'Patient?identifier=urn:cu|1', p('1'))
  t.equal(c0.status, 201, '0 matches → create')
  const c1 = await call('PUT', 'Patient?identifier=urn:cu|1', { ...p('1'), gender: 'other' })
  t.equal(c1.status, 200, '1 match → update')
  t.equal(c1.body.id, c0.body.id)
  t.equal(c1.body.meta.versionId, '2')
  await call('POST', 'Patient', p('2'))
  const many = await call('PUT', 'Patient?family=Cond', p('3'))
  t.equal(many.status, 412, 'many matches → 412')
  t.equal((await call('DELETE', 'Patient?identifier=urn:cu|1')).status, 204)
  t.equal((await call('GET', `Patient/${c0.body.id}`)).status, 410)
  t.equal((await call('DELETE', 'Patient?identifier=urn:cu|nobody')).status, 204, 'deleting nothing is fine')
})

t.test('TGT-PATCH-01: JSON Patch updates a copy; a failed op changes nothing', async (t) => {
  await call('PUT', 'Patient/pp', { resourceType: 'Patient', id: 'pp', name: [{ family: 'Before' }], active: true })
  const ok = await call(
    'PATCH',
    'Patient/pp',
    [
      { op: 'test', path: '/active', value: true },
      { op: 'replace', path: '/name/0/family', value: 'After' },
      { op: 'add', path: '/gender', value: 'female' },
    ],
    { 'Content-Type': 'application/json-patch+json' },
  )
  t.equal(ok.status, 200)
  t.equal(ok.body.name[0].family, 'After')
  t.equal(ok.body.meta.versionId, '2')
  const bad = await call(
    'PATCH',
    'Patient/pp',
    [
      { op: 'replace', path: '/name/0/family', value: 'Never' },
      { op: 'test', path: '/active', value: false },
    ],
    { 'Content-Type': 'application/json-patch+json' },
  )
  t.equal(bad.status, 422)
  t.equal((await call('GET', 'Patient/pp')).body.name[0].family, 'After')
  t.equal((await call('PATCH', 'Patient/pp', [{ op: 'replace', path: '/id', value: 'other' }], { 'Content-Type': 'application/json-patch+json' })).status, 422)
})

t.test('TGT-PREFER-01: Prefer: return=minimal answers writes without the resource', async (t) => {
  const res = await fetch(`${target.url}Patient`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json', Prefer: 'return=minimal' },
    body: JSON.stringify({ resourceType: 'Patient' }),
  })
  t.equal(res.status, 201)
  t.equal(await res.text(), '')
  t.match(res.headers.get('location'), /Patient\/[^/]+\/_history\/1$/)
  const tx = await fetch(target.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json', Prefer: 'return=minimal' },
    body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } }] }),
  })
  const b = (await tx.json()) as Json
  t.equal(b.entry[0].response.status, '201')
  t.match(b.entry[0].response.location, /Patient\//)
  t.notOk(b.entry[0].resource)
})
