import t from 'tap'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { cli, readDataset, type Json } from '../helpers.js'
import { validatePath } from '../../lib/validation/dataset.js'

t.test('GEN-VAL-01: a generated dataset validates 100 % clean (schema, gap checks, closure)', async (t) => {
  const dir = t.testdir({})
  const r = cli(['generate', '--patients', '40', '--seed', '5', '--out', join(dir, 'd'), '--workers', '1', '--validate'])
  t.equal(r.code, 0, r.stderr)
  t.match(r.stdout, /validation: all [\d,]+ resources valid/)
  const report = await validatePath(join(dir, 'd'))
  t.equal(report.invalid, 0, JSON.stringify(report.issues.slice(0, 5)))
  t.ok(report.resources > 40 * 50, `validated ${report.resources} resources (bundles and NDJSON)`)
})

for (const type of ['batch', 'collection'] as const) {
  t.test(`GEN-VAL-02: ${type} bundles validate too`, async (t) => {
    const dir = t.testdir({})
    const r = cli(['generate', '--patients', '6', '--out', join(dir, 'd'), '--workers', '1', '--bundle-type', type, '--no-ndjson'])
    t.equal(r.code, 0, r.stderr)
    const report = await validatePath(join(dir, 'd'))
    t.equal(report.invalid, 0, JSON.stringify(report.issues.slice(0, 5)))
    const bundle = JSON.parse(readFileSync(join(dir, 'd/bundles/patient-000001.json'), 'utf8'))
    t.equal(bundle.type, type)
    if (type === 'batch') t.ok(bundle.entry.every((e: Json) => e.request.method === 'PUT' && e.request.url === `${e.resource.resourceType}/${e.resource.id}`))
    else t.ok(bundle.entry.every((e: Json) => e.request === undefined && e.fullUrl === `urn:uuid:${e.resource.id}`))
  })
}

t.test('GEN-VAL-03: references close over the dataset and ids follow the import rule', async (t) => {
  const dir = t.testdir({})
  t.equal(cli(['generate', '--patients', '25', '--seed', '8', '--out', join(dir, 'd'), '--workers', '1']).code, 0)
  const all = readDataset(join(dir, 'd'))
  const keys = new Set<string>()
  for (const [type, rs] of all) for (const r of rs) keys.add(`${type}/${r.id}`)
  let refs = 0
  const dangling: string[] = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'reference' && typeof x === 'string') {
          refs++
          if (!keys.has(x)) dangling.push(x)
        } else walk(x)
      }
    }
  }
  for (const rs of all.values()) rs.forEach(walk)
  t.ok(refs > 1000, `${refs} references checked`)
  t.same(dangling, [], 'every Type/id reference resolves')
  const badIds = [...keys].filter((k) => !/^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(k))
  t.same(badIds, [], 'every id matches [A-Za-z0-9-.]{1,64}')
  t.equal(
    keys.size,
    [...all.values()].reduce((s, rs) => s + rs.length, 0),
    'no id is used twice',
  )
})

t.test('GEN-VAL-04: transaction bundles: urn:uuid fullUrls, POST entries, shared pool by PUT', async (t) => {
  const dir = t.testdir({})
  t.equal(cli(['generate', '--patients', '3', '--out', join(dir, 'd'), '--workers', '1']).code, 0)
  const b = JSON.parse(readFileSync(join(dir, 'd/bundles/patient-000002.json'), 'utf8'))
  t.equal(b.type, 'transaction')
  const fullUrls = new Set(b.entry.map((e: Json) => e.fullUrl))
  t.ok(
    b.entry.every(
      (e: Json) => /^urn:uuid:[0-9a-f-]{36}$/.test(e.fullUrl) && e.request.method === 'POST' && e.request.url === e.resource.resourceType && e.resource.id === undefined,
    ),
  )
  const text = JSON.stringify(b)
  const local = [...text.matchAll(/"reference":"(urn:uuid:[^"]+)"/g)].map((m) => m[1])
  t.ok(local.length > 10 && local.every((u) => fullUrls.has(u)), 'in-bundle references point at fullUrls')
  const shared = JSON.parse(readFileSync(join(dir, 'd/bundles/shared.json'), 'utf8'))
  t.ok(
    shared.entry.every((e: Json) => e.request.method === 'PUT' && e.request.url === `${e.resource.resourceType}/${e.resource.id}`),
    'shared pool by PUT with stable ids',
  )
  const sharedKeys = new Set(shared.entry.map((e: Json) => e.request.url))
  const outside = [...text.matchAll(/"reference":"([A-Za-z]+\/[^"]+)"/g)].map((m) => m[1])
  t.ok(outside.length > 0 && outside.every((k) => sharedKeys.has(k)), 'other references point into the shared pool')
})

t.test('GEN-VAL-05: gzip and max-file-mb splitting', async (t) => {
  const dir = t.testdir({})
  t.equal(cli(['generate', '--patients', '20', '--out', join(dir, 'plain'), '--workers', '1', '--no-bundles']).code, 0)
  const r = cli(['generate', '--patients', '20', '--out', join(dir, 'gz'), '--workers', '1', '--no-bundles', '--gzip', '--max-file-mb', '0.5'])
  t.equal(r.code, 0, r.stderr)
  const files = readdirSync(join(dir, 'gz/ndjson'))
  t.ok(
    files.some((f) => /^Observation-002\.ndjson\.gz$/.test(f)),
    `Observation split into parts: ${files.join(' ')}`,
  )
  const { gunzipSync } = await import('node:zlib')
  const parts = files.filter((f) => f.startsWith('Observation-')).sort()
  const joined = parts.map((f) => gunzipSync(readFileSync(join(dir, 'gz/ndjson', f))).toString()).join('')
  t.equal(joined, readFileSync(join(dir, 'plain/ndjson/Observation.ndjson'), 'utf8'), 'parts concatenate to the unsplit file')
  for (const f of parts) t.ok(gunzipSync(readFileSync(join(dir, 'gz/ndjson', f))).length <= 0.5 * 1024 * 1024, `${f} within the limit`)
  const manifest = JSON.parse(readFileSync(join(dir, 'gz/manifest.json'), 'utf8'))
  const listed = manifest.files.filter((f: Json) => f.resourceType === 'Observation')
  t.equal(
    listed.reduce((s: number, f: Json) => s + f.resources, 0),
    manifest.counts.Observation,
    'manifest counts add up across parts',
  )
  const report = await validatePath(join(dir, 'gz'))
  t.equal(report.invalid, 0, 'gzipped NDJSON validates')
})

t.test('GEN-VAL-06: the clinical record is plausible: values follow conditions', async (t) => {
  const dir = t.testdir({})
  t.equal(cli(['generate', '--patients', '300', '--seed', '21', '--out', join(dir, 'd'), '--no-bundles']).code, 0)
  const all = readDataset(join(dir, 'd'))
  const diabetic = new Set((all.get('Condition') ?? []).filter((c: Json) => c.code.coding[0].code === '44054006').map((c: Json) => c.subject.reference))
  const a1c = (all.get('Observation') ?? []).filter((o: Json) => o.code.coding[0].code === '4548-4')
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(xs.length, 1)
  const withDm = a1c.filter((o: Json) => diabetic.has(o.subject.reference)).map((o: Json) => o.valueQuantity.value)
  const without = a1c.filter((o: Json) => !diabetic.has(o.subject.reference)).map((o: Json) => o.valueQuantity.value)
  t.ok(diabetic.size > 5 && withDm.length > 5, `some diabetics with HbA1c results (${diabetic.size})`)
  t.ok(mean(withDm) > 6.5 && mean(without) < 6.2, `HbA1c follows diabetes: ${mean(withDm).toFixed(2)} vs ${mean(without).toFixed(2)}`)
  const perPatient = JSON.parse(readFileSync(join(dir, 'd/manifest.json'), 'utf8')).patientIndex.map((p: Json) => p.resources)
  const avg = mean(perPatient)
  t.ok(avg >= 50 && avg <= 300, `about 50–300 resources per patient at 5 years, lab and imaging orders included (mean ${avg.toFixed(0)})`)
  // The manifest's size percentiles agree with the files they describe.
  const sizes = JSON.parse(readFileSync(join(dir, 'd/manifest.json'), 'utf8')).sizes
  const sorted = [...perPatient].sort((a: number, b: number) => a - b)
  const pct = (xs: number[], p: number) => xs[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)]
  t.same(
    [sizes.resourcesPerPatient.p50, sizes.resourcesPerPatient.p99, sizes.resourcesPerPatient.max],
    [pct(sorted, 50), pct(sorted, 99), sorted[sorted.length - 1]],
    'resources per patient: p50, p99 and max as the patient index has them',
  )
  const unordered = Object.entries(sizes.resourceBytes as Record<string, { p50: number; p90: number; p99: number; max: number }>).filter(
    ([, b]) => !(b.p50 <= b.p90 && b.p90 <= b.p99 && b.p99 <= b.max),
  )
  t.same(unordered, [], 'per type, p50 ≤ p90 ≤ p99 ≤ max')
  for (const type of ['Observation', 'DocumentReference', 'Patient']) {
    const lines = readFileSync(join(dir, `d/ndjson/${type}.ndjson`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => Buffer.byteLength(l))
    lines.sort((a, b) => a - b)
    const got = sizes.resourceBytes[type]
    for (const [k, want] of [
      ['p50', pct(lines, 50)],
      ['p99', pct(lines, 99)],
      ['max', lines[lines.length - 1]],
    ] as const)
      t.ok(Math.abs(got[k] - (want ?? 0)) <= Math.max(1, (want ?? 0) * 0.002), `${type} bytes ${k}: ${got[k]} (the file: ${want})`)
  }
  const types = new Set(all.keys())
  for (const type of [
    'Patient',
    'Encounter',
    'Condition',
    'Observation',
    'DiagnosticReport',
    'MedicationRequest',
    'Immunization',
    'AllergyIntolerance',
    'Procedure',
    'DocumentReference',
    'Organization',
    'Location',
    'Practitioner',
    'PractitionerRole',
  ]) {
    t.ok(types.has(type), `${type} is generated`)
  }
  // What notes say of the record, mention by mention: test/generators/notes.test.ts (NOTES-01).
})

t.test('GEN-VAL-07: the precompiled validators are lean, and contained resources are still checked', async (t) => {
  // Every validating thread holds this source: one non-Latin-1 character doubles it, the schema's
  // descriptions were a fifth of it, and contained resources (of any type) four fifths.
  const source = readFileSync(new URL('../../dist/fhir-validators.cjs', import.meta.url), 'utf8')
  t.notOk(/[^\x00-\x7f]/.test(source), 'ASCII only')
  t.notOk(source.includes('"description":"'), 'no description keywords')
  t.ok(source.length < 3e6, `${(source.length / 1e6).toFixed(1)} MB`)
  t.notOk(source.includes('ResearchStudy'), 'no validator of a type nothing we write holds')

  const { validateResource } = await import('../../lib/validation/validator.js')
  const rules = (r: Json) => validateResource(r, { requireId: true }).map((i) => `${i.rule} ${i.path}`)
  const obs = { resourceType: 'Observation', id: 'o1', status: 'final', code: { text: 'x' }, performer: [{ reference: '#p1' }] }
  const practitioner = { resourceType: 'Practitioner', id: 'p1', name: [{ family: 'Osei' }] }
  t.same(rules({ ...obs, contained: [practitioner] }), [], 'a valid contained Practitioner passes')
  t.match(rules({ ...obs, contained: [{ ...practitioner, nmae: [] }] }).join(), /unknown-element .*contained\[0\]\.nmae/, 'an unknown element inside it is found')
  t.match(
    rules({ ...obs, contained: [{ resourceType: 'ResearchStudy', id: 'r1', status: 'closed' }] }).join(),
    /Observation\.contained\[0\]/,
    'a contained type we never write is checked too (its status is not in the value set)',
  )
  t.same(rules({ ...obs, performer: undefined }), [], 'the Observation without contained passes the precompiled validator')
  t.match(rules({ ...obs, performer: undefined, valueQuantity: { value: '7' } }).join(), /json-type Observation\.valueQuantity\.value/, 'which still finds what it should')
})
