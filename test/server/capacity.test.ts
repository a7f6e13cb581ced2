// HealthLake's capacity model on the stand-in (serve --capacity): writes cost a unit per KB, twice in
// a transaction and twice again with strong consistency; reads, searches and Bundle POSTs have their
// own per-second buckets; over them 429 ThrottlingException with Retry-After. The arithmetic runs on
// a fixed clock; the HTTP test uses rates so low that no refill can happen while it runs.
import t from 'tap'
import { startServer } from '../../server/http/server.js'
import { CapacityMeter, HEALTHLAKE_CAPACITY, parseCapacity } from '../../server/http/capacity.js'
import type { FhirRequest } from '../../server/rest/types.js'

const req = (method: string, parts: string[], headers: Record<string, string> = {}, body?: unknown): FhirRequest => ({ method, parts, query: new URLSearchParams(), headers, body })
const refused = (f: () => void) => {
  try {
    f()
    return false
  } catch (err) {
    return /ThrottlingException/.test((err as Error).message)
  }
}

t.test('CAP-01: units per KB, ×2 with strong consistency, ×2 for a transaction; each class its own bucket (fixed clock)', async (t) => {
  const now = 1_000_000
  const m = new CapacityMeter({ reads: 1, writes: 10, search: 2, bundles: 10 }, () => now)
  t.notOk(
    refused(() => m.charge(req('PUT', ['Patient', 'a']), 4000)),
    '4 KB: 4 of 10',
  )
  t.notOk(
    refused(() => m.charge(req('PUT', ['Patient', 'b'], { 'x-amz-fhir-history-consistency-level': 'strong' }), 2048)),
    '2 KB strong: 4 more (8)',
  )
  t.ok(
    refused(() => m.charge(req('PUT', ['Patient', 'c']), 3000)),
    '3 KB more does not fit',
  )
  t.notOk(
    refused(() => m.charge(req('PUT', ['Patient', 'd']), 1024)),
    '1 KB does (9)',
  )
  t.notOk(
    refused(() => m.charge(req('GET', ['Patient', 'a']), 0)),
    'reads are separate',
  )
  t.ok(
    refused(() => m.charge(req('GET', ['Patient', 'a']), 0)),
    'one read a second',
  )
  t.notOk(refused(() => m.charge(req('GET', ['Patient']), 0)))
  t.notOk(refused(() => m.charge(req('POST', ['Patient', '_search']), 10)))
  t.ok(
    refused(() => m.charge(req('GET', ['Patient']), 0)),
    'two searches a second',
  )
  t.notOk(
    refused(() => m.charge(req('GET', ['metadata']), 0)),
    'metadata is free',
  )
  const b = new CapacityMeter({ reads: 1, writes: 9, search: 1, bundles: 10 }, () => now)
  t.notOk(
    refused(() => b.charge(req('POST', [], {}, { type: 'batch' }), 3000)),
    'a 3 KB batch: 3 units',
  )
  t.notOk(
    refused(() => b.charge(req('POST', [], {}, { type: 'transaction' }), 3000)),
    'as a transaction: 6 (9)',
  )
  t.ok(
    refused(() => b.charge(req('POST', [], {}, { type: 'batch' }), 10)),
    'nothing left',
  )
  let clock = now
  const r = new CapacityMeter({ reads: 1, writes: 2, search: 1, bundles: 1 }, () => clock)
  t.notOk(
    refused(() => r.charge(req('PUT', ['Patient', 'x']), 8 * 1024)),
    'a request larger than a second of units goes through on a full bucket',
  )
  t.ok(
    refused(() => r.charge(req('PUT', ['Patient', 'y']), 10)),
    '…and leaves it in debt',
  )
  clock += 3500
  t.notOk(
    refused(() => r.charge(req('PUT', ['Patient', 'y']), 10)),
    'until it has refilled',
  )
})

t.test('CAP-02: over HTTP: 429 with Retry-After and x-amzn-ErrorType; a store from before 2023-08-21 takes one Bundle POST a second', async (t) => {
  const json = { 'content-type': 'application/fhir+json' }
  const s = await startServer({ auth: 'none', capacity: { ...HEALTHLAKE_CAPACITY, writes: 0.1 } })
  t.teardown(() => s.close())
  const put = (id: string) => fetch(`${s.url}Patient/${id}`, { method: 'PUT', headers: json, body: JSON.stringify({ resourceType: 'Patient', id }) })
  t.equal((await put('a')).status, 201)
  const over = await put('b')
  t.equal(over.status, 429)
  t.equal(over.headers.get('x-amzn-errortype'), 'ThrottlingException')
  t.ok(Number(over.headers.get('retry-after')) >= 1)
  t.equal(((await over.json()) as { resourceType: string }).resourceType, 'OperationOutcome')
  t.equal((await fetch(`${s.url}Patient/a`)).status, 200, 'reads are not write units')
  const old = await startServer({ auth: 'none', capacity: HEALTHLAKE_CAPACITY, createdAt: Date.parse('2023-01-01T00:00:00Z') })
  t.teardown(() => old.close())
  const post = () => fetch(old.url, { method: 'POST', headers: json, body: JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: [] }) })
  t.equal((await post()).status, 200)
  // One a second: a second POST within that second is refused (a busy machine could let a second pass, so a third makes sure).
  const next = [(await post()).status, (await post()).status]
  t.ok(next.includes(429), `then throttled (${next.join(', ')})`)
})

t.test('CAP-03: the --capacity spec', async (t) => {
  t.same(parseCapacity('healthlake'), HEALTHLAKE_CAPACITY)
  t.same(parseCapacity('writes=300,search=20'), { ...HEALTHLAKE_CAPACITY, writes: 300, search: 20 })
  t.throws(() => parseCapacity('writes=0'), /positive number/)
  t.throws(() => parseCapacity('cpu=1'), /unknown capacity "cpu"/)
})
