// 1,200 malformed or random requests against the live target, loopback only and bounded in
// count: no 5xx, no crash, and the server still answers afterwards.
import t from 'tap'
import { Rng } from '../../generators/random.js'
import { startServer } from '../../server/http/server.js'

t.test('TGT-FUZZ-01: malformed and random requests never produce a 5xx or a crash', async (t) => {
  const target = await startServer({ maxBodyBytes: 64 * 1024 })
  t.teardown(() => target.close())
  const rng = new Rng(20261126)
  const types = ['Patient', 'Observation', 'Encounter', 'Banana', 'patient', '', '_history', 'metadata', '$export']
  const ids = ['1', 'abc', 'a'.repeat(65), '../etc', '%00', '_history', 'x y', 'é', '-', '.']
  const params = [
    'name',
    'family:exact',
    'birthdate',
    'date',
    'code',
    'patient',
    '_count',
    '_offset',
    'value-quantity',
    '_lastUpdated',
    'gender:not',
    'identifier',
    '_total',
    '_summary',
    'zzz',
    'subject:Patient',
    'name:missing',
    'address',
  ]
  const values = [
    '',
    'x',
    'ge2020',
    'lt',
    'eq2020-13-45',
    'http://loinc.org|',
    '|x',
    'gt6.5|http://unitsofmeasure.org|%',
    '-1',
    '1e309',
    'a,b,,c',
    '\\,',
    '%',
    "'; DROP TABLE resources;--",
    'Patient/1',
    '9'.repeat(30),
    'ap2020-01-01',
    'true',
  ]
  const bodies = [
    '',
    '{',
    'null',
    '[]',
    '{"resourceType":"Patient"}',
    '{"resourceType":"Patient","id":"x"}',
    '{"resourceType":"Patient","name":"x"}',
    '{"resourceType":5}',
    '"str"',
    '{"resourceType":"Patient","meta":{"versionId":7}}',
    'x'.repeat(70 * 1024),
  ]
  const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']
  let fives = 0
  const statuses = new Map<number, number>()
  for (let i = 0; i < 1200; i++) {
    const method = rng.pick(methods)
    const shape = rng.int(0, 4)
    let path = rng.pick(types)
    if (shape >= 1) path += '/' + rng.pick(ids)
    if (shape >= 3) path += '/_history/' + rng.pick(['1', '0', 'x', '-2'])
    if (rng.chance(0.5)) {
      const n = rng.int(1, 3)
      path += '?' + Array.from({ length: n }, () => `${encodeURIComponent(rng.pick(params))}=${encodeURIComponent(rng.pick(values))}`).join('&')
    }
    const headers: Record<string, string> = { 'Content-Type': rng.pick(['application/fhir+json', 'application/x-www-form-urlencoded', 'text/plain']) }
    if (rng.chance(0.2)) headers['If-Match'] = rng.pick(['W/"1"', 'nope', '""', 'W/"999"'])
    if (rng.chance(0.1)) headers['If-None-Exist'] = rng.pick(['identifier=a|b', 'zzz=1', '', 'name=x'])
    if (rng.chance(0.1)) headers.Accept = rng.pick(['application/xml', '*/*', 'text/html'])
    const body = method === 'GET' || method === 'HEAD' ? undefined : rng.pick(bodies)
    const res = await fetch(target.url + path, { method, headers, body, signal: AbortSignal.timeout(10_000) })
    await res.arrayBuffer()
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
    if (res.status >= 500) {
      fives++
      if (fives <= 5) t.fail(`${method} ${path} → ${res.status}`)
    }
  }
  t.equal(
    fives,
    0,
    `no 5xx in 1,200 requests (statuses: ${[...statuses]
      .sort()
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')})`,
  )
  const alive = await fetch(target.url + 'metadata')
  t.equal(alive.status, 200, 'the server still answers')
})
