// HealthLake's idempotent create on the stand-in, and the key Shoreline's loaders send: a repeated
// x-amz-fhir-idempotency-key creates nothing and names the original; a key is a UUID.
import t from 'tap'
import { startServer } from '../../server/http/server.js'
import { keyFor } from '../../lib/seed/server-ids.js'
import { TargetClient } from '../../lib/target/client.js'
import { withProfileHeaders } from '../../profiles/index.js'

t.test('IDEM-01: the same key twice creates one resource: 201, then 409 naming the original; a malformed key is 400', async (t) => {
  const s = await startServer({ auth: 'none' })
  t.teardown(() => s.close())
  const post = (key: string) =>
    fetch(`${s.url}Patient`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', 'x-amz-fhir-idempotency-key': key },
      body: JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Once' }] }),
    })
  const key = '123e4567-e89b-42d3-a456-426614174000'
  const first = await post(key)
  t.equal(first.status, 201)
  const again = await post(key)
  t.equal(again.status, 409)
  t.equal(again.headers.get('location')?.replace(/\/_history.*$/, ''), first.headers.get('location')?.replace(/\/_history.*$/, ''), 'the 409 names the original')
  t.equal(((await again.json()) as { issue: Array<{ code: string }> }).issue[0]?.code, 'duplicate')
  const found = (await (await fetch(`${s.url}Patient?family=Once&_total=accurate`)).json()) as { total: number }
  t.equal(found.total, 1, 'one Patient, not two')
  t.equal((await post('not-a-uuid')).status, 400)
  t.equal((await post('223e4567-e89b-42d3-a456-426614174000')).status, 201, 'another key creates another')
})

t.test('IDEM-02: loaders key a create by its generated id: a UUID, the same on every run; the healthlake profile names the header', async (t) => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
  t.equal(keyFor('5F1C2E3A-0000-4000-8000-000000000001'), '5f1c2e3a-0000-4000-8000-000000000001', 'a UUID id is its own key')
  t.match(keyFor('practitioner-1'), uuid)
  t.equal(keyFor('practitioner-1'), keyFor('practitioner-1'), 'deterministic')
  t.not(keyFor('practitioner-1'), keyFor('practitioner-2'))
  const hl = withProfileHeaders({ url: 'http://127.0.0.1:1/r4/', profile: 'healthlake', auth: { kind: 'none' }, timeoutMs: 1000 })
  t.equal(hl.idempotencyHeader, 'x-amz-fhir-idempotency-key')
  const client = new TargetClient(hl)
  t.equal(client.config.idempotencyHeader, 'x-amz-fhir-idempotency-key')
  await client.close()
  t.equal(withProfileHeaders({ ...hl, profile: 'generic' }).idempotencyHeader, undefined, 'generic targets get no vendor header')
})
