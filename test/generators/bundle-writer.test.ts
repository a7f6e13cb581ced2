// Per-patient Bundles (generators/writers/bundle.ts). A Bundle is written to its file as it grows
// past 1 MB; whether written in one piece or several, the file must be the same Bundle: valid
// JSON, every entry in order, ids dropped on create, the patient's own references made urn:uuid
// references and the shared pool's left as they were.
import t from 'tap'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BundleEncoder, type BundleType } from '../../generators/writers/bundle.js'
import type { Resource } from '../../generators/fhir.js'
import type { Json } from '../helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'shoreline-bundle-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

/** `n` Observations of about 1.2 KB each, referring to their patient, an encounter and a practitioner (shared pool). */
function observations(n: number): Resource[] {
  return Array.from({ length: n }, (_, i) => ({
    resourceType: 'Observation',
    id: `obs-${i}`,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
    subject: { reference: 'Patient/p-1' },
    encounter: { reference: `Encounter/enc-${i % 7}` },
    performer: [{ reference: 'Practitioner/dr-2' }],
    note: [{ text: `Reading ${i}: ${'x'.repeat(900)} — ünïcode too` }],
    valueQuantity: { value: 60 + (i % 40), unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  }))
}

function encode(type: BundleType, resources: Resource[], name: string) {
  const path = join(dir, name)
  const enc = new BundleEncoder(type)
  enc.begin(path)
  for (const r of resources) enc.add(r, JSON.stringify(r))
  const size = enc.end()
  return { size, path, bundle: JSON.parse(readFileSync(path, 'utf8')) as { type: string; entry: Json[] } }
}

for (const [label, n] of [
  ['one write', 3],
  ['written as it grows', 2500],
] as const) {
  t.test(`GEN-BUNDLE-01: a transaction Bundle, ${label}`, async (t) => {
    const resources = observations(n)
    const { size, path, bundle } = encode('transaction', resources, `tx-${n}.json`)
    if (n > 100) t.ok(size > 3 * 1024 * 1024, `the Bundle is several megabytes (${size} bytes)`)
    t.equal(size, statSync(path).size, 'the size returned is the file size')
    t.equal(bundle.type, 'transaction')
    t.equal(bundle.entry.length, n, 'every entry, none lost between writes')
    bundle.entry.forEach((e, i) => {
      if (i % 97 !== 0 && i !== n - 1) return
      const r = resources[i] as Json
      t.equal(e.fullUrl, `urn:uuid:${r.id}`, `entry ${i}: fullUrl`)
      t.same(e.request, { method: 'POST', url: 'Observation' }, `entry ${i}: POST`)
      t.notOk('id' in e.resource, `entry ${i}: no id on create`)
      t.equal(e.resource.subject.reference, 'urn:uuid:p-1', `entry ${i}: the patient is a bundle reference`)
      t.equal(e.resource.encounter.reference, `urn:uuid:enc-${i % 7}`, `entry ${i}: so is the encounter`)
      t.same(e.resource.performer, [{ reference: 'Practitioner/dr-2' }], `entry ${i}: the shared pool's practitioner stays Type/id`)
      t.equal(e.resource.note[0].text, r.note[0].text, `entry ${i}: text intact, non-ASCII too`)
    })
  })
}

t.test('GEN-BUNDLE-02: batch and collection Bundles written as they grow', async (t) => {
  const resources = observations(2000)
  const batch = encode('batch', resources, 'batch.json').bundle
  t.equal(batch.entry.length, 2000)
  t.same(batch.entry[1999], { resource: resources[1999], request: { method: 'PUT', url: 'Observation/obs-1999' } }, 'batch: the resource as is, PUT by id')
  const collection = encode('collection', resources, 'collection.json').bundle
  t.equal(collection.entry.length, 2000)
  const last = collection.entry[1999]!
  t.equal(last.fullUrl, 'urn:uuid:obs-1999')
  t.equal(last.resource.id, 'obs-1999', 'collection: the id stays')
  t.equal(last.resource.subject.reference, 'urn:uuid:p-1')
  t.notOk('request' in last, 'collection: no request')
})

t.test('GEN-BUNDLE-03: an encoder reused for the next patient starts a fresh file', async (t) => {
  const enc = new BundleEncoder('transaction')
  const big = observations(1500)
  enc.begin(join(dir, 'first.json'))
  for (const r of big) enc.add(r, JSON.stringify(r))
  enc.end()
  enc.begin(join(dir, 'second.json'))
  const small = observations(2)
  for (const r of small) enc.add(r, JSON.stringify(r))
  const size = enc.end()
  const second = JSON.parse(readFileSync(join(dir, 'second.json'), 'utf8'))
  t.equal(second.entry.length, 2, 'nothing of the first Bundle in the second')
  t.equal(size, statSync(join(dir, 'second.json')).size)
  t.equal(JSON.parse(readFileSync(join(dir, 'first.json'), 'utf8')).entry.length, 1500, 'the first is whole')
})

t.test('GEN-BUNDLE-04: a line that does not start with resourceType then id keeps its id', async (t) => {
  const odd = { id: 'odd-1', resourceType: 'Observation', status: 'final', subject: { reference: 'Patient/p-1' } } as unknown as Resource
  const plain = observations(1)[0]!
  const { bundle } = encode('transaction', [odd, plain], 'odd.json')
  t.same(bundle.entry[0].resource, { id: 'odd-1', resourceType: 'Observation', status: 'final', subject: { reference: 'urn:uuid:p-1' } }, 'nothing cut from a line it cannot read')
  t.notOk('id' in bundle.entry[1].resource, 'the next entry still loses its id')
  t.equal(bundle.entry[1].resource.status, 'final')
})
