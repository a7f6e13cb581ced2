// serve --nlp (server/nlp/): HealthLake's integrated NLP, emulated. A DocumentReference written by
// any route is enriched a little later in the documented shape — the aws-cm results on the
// document, Condition/Observation/MedicationStatement for asserted mentions tied to it by a
// Linkage, each tagged SYSTEM_GENERATED — and what it generates can be read but never found by a
// search. The stand-in extractor is also measured against the generator's note ground truth.
import t from 'tap'
import { createServer } from 'node:http'
import { startServer, type RunningServer } from '../../server/http/server.js'
import { AWS_CM, SYSTEM_GENERATED_RESOURCES } from '../../server/nlp/enrich.js'
import { Extractor } from '../../server/nlp/extract.js'
import { generatorLexicon } from '../../cli/nlp-lexicon.js'
import { canonicalHash } from '../../lib/seed/reconcile.js'
import { Rng } from '../../generators/random.js'
import { makeFaker } from '../../generators/faker-source.js'
import { buildPool } from '../../generators/population/pool.js'
import { generatePatient } from '../../generators/clinical/record.js'

const fhirJson = { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' }
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
type Ext = { url: string; extension?: Ext[]; valueString?: string; valueReference?: { reference: string } }

const NOTE = [
  'Progress note',
  'HPI: 58-year-old man with HTN and T2DM here for follow-up. Denies chest pain or shortness of breath.',
  'FH: mother with breast cancer.',
  'Meds: lisinopril 10 mg daily, metformin 500 mg ER.',
  'A/P: 1. Hypertension: continue lisinopril. Return if fever develops. Cough for 3 days.',
].join('\n')

const doc = (id: string, text: string) => ({
  resourceType: 'DocumentReference',
  id,
  status: 'current',
  subject: { reference: 'Patient/p1' },
  content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(text, 'utf8').toString('base64') } }],
})

async function get(s: RunningServer, path: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${s.url}${path}`, { headers: fhirJson })
  return { status: res.status, body: res.status === 204 ? {} : ((await res.json()) as Json) }
}

async function put(s: RunningServer, resource: Json) {
  const res = await fetch(`${s.url}${resource.resourceType}/${resource.id}`, { method: 'PUT', headers: fhirJson, body: JSON.stringify(resource) })
  await res.arrayBuffer()
  return res.status
}

/** The document once enriched at or after `version` (bounded: 10 s). */
async function enriched(s: RunningServer, id: string, after = 0): Promise<Json> {
  for (let i = 0; i < 200; i++) {
    const { body } = await get(s, `DocumentReference/${id}`)
    if (Number(body.meta?.versionId) > after && (body.extension as Ext[] | undefined)?.some((e) => e.url === AWS_CM)) return body
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`DocumentReference/${id} was not enriched within 10 s`)
}

const group = (d: Json, url: string) => (d.extension as Ext[]).find((e) => e.url === url)?.extension ?? []
const sub = (exts: Ext[], url: string) => exts.find((e) => e.url === url)

t.test("NLP-EMU-01: a written note is enriched in HealthLake's shape; what it generates is readable, tagged and linked", async (t) => {
  const s = await startServer({ auth: 'none', nlp: { lexicon: generatorLexicon(), delayMs: 20 } })
  t.teardown(() => s.close())
  t.equal(await put(s, { resourceType: 'Patient', id: 'p1' }), 201)
  t.equal(await put(s, doc('d1', NOTE)), 201)
  const d = await enriched(s, 'd1')
  const cm = group(d, AWS_CM)
  t.equal(sub(cm, `${AWS_CM}status/`)?.valueString, 'SUCCESS')
  const raw = JSON.parse(sub(sub(cm, `${AWS_CM}detect-entities/`)!.extension!, `${AWS_CM}detect-entities/raw-response`)!.valueString!) as { Entities: Json[] }
  const chars = Array.from(NOTE)
  t.ok(raw.Entities.length >= 10, `${raw.Entities.length} entities detected`)
  t.same(
    raw.Entities.filter((e) => chars.slice(e.BeginOffset, e.EndOffset).join('') !== e.Text).map((e) => e.Text),
    [],
    'every entity is the text at its offsets',
  )
  const byText = (text: string) => raw.Entities.find((e) => e.Text === text)
  const traits = (text: string) => (byText(text)?.Traits as Array<{ Name: string }> | undefined)?.map((x) => x.Name) ?? []
  t.same(traits('chest pain'), ['SYMPTOM', 'NEGATION'], 'a denied symptom is negated')
  t.same(traits('breast cancer'), ['DIAGNOSIS', 'PERTAINS_TO_FAMILY'], "the mother's diagnosis pertains to family")
  t.same(traits('fever'), ['SYMPTOM', 'HYPOTHETICAL'], 'a return precaution is hypothetical')
  t.same(traits('HTN'), ['DIAGNOSIS'])
  const icd = sub(cm, `${AWS_CM}infer-icd10/`)!.extension!.filter((e) => e.url === `${AWS_CM}infer-icd10/aws-cm-icd10-entity`)
  const code = (e: Ext) => e.extension!.find((x) => x.url.endsWith('-ConceptList'))!.extension![0]!.extension!.find((x) => x.url.endsWith('-Concept-Code'))!.valueString
  t.ok(
    icd.some((e) => code(e) === 'I10'),
    'InferICD10CM codes HTN as I10',
  )

  const generated = group(d, SYSTEM_GENERATED_RESOURCES)
  const linkage = generated.find((e) => e.url === 'http://healthlake.amazonaws.com/linkage')?.valueReference?.reference
  const entities = generated.filter((e) => e.url === 'http://healthlake.amazonaws.com/nlp-entity').map((e) => e.valueReference!.reference)
  t.ok(linkage, 'a Linkage is listed')
  const l = await get(s, linkage!)
  t.equal(l.status, 200)
  t.same(l.body.meta.tag, [{ display: 'SYSTEM_GENERATED' }])
  t.same(
    (l.body.item as Json[]).filter((i) => i.type === 'alternate').map((i) => i.resource.reference),
    entities,
    'the Linkage ties every listed resource…',
  )
  t.same(
    (l.body.item as Json[]).filter((i) => i.type === 'source').map((i) => i.resource.reference),
    ['DocumentReference/d1'],
    '…to the document',
  )
  const resources = await Promise.all(entities.map((r) => get(s, r)))
  t.ok(
    resources.every((r) => r.status === 200 && r.body.meta.tag[0].display === 'SYSTEM_GENERATED' && r.body.subject.reference === 'Patient/p1'),
    'each is readable, tagged and about the patient',
  )
  const codes = resources.map((r) => `${r.body.resourceType} ${(r.body.code ?? r.body.medicationCodeableConcept).coding[0].code}`)
  t.ok(codes.includes('Condition I10') && codes.includes('Condition E11.9'), `asserted diagnoses become Conditions: ${codes.join(', ')}`)
  t.ok(codes.includes('Observation R05.9'), 'an asserted symptom becomes an Observation')
  t.ok(codes.includes('MedicationStatement 314076'), 'a drug becomes a MedicationStatement')
  for (const absent of ['R07.9', 'R06.02', 'C50.919', 'R50.9'])
    t.notOk(
      codes.some((c) => c.endsWith(` ${absent}`)),
      `nothing generated for ${absent} (negated, family or hypothetical)`,
    )

  // Not searchable: not by id, not in a plain listing; the user's own resources still are.
  t.equal(
    await put(s, { resourceType: 'Condition', id: 'own', subject: { reference: 'Patient/p1' }, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I10' }] } }),
    201,
  )
  const listed = await get(s, 'Condition?_count=100')
  t.same(
    (listed.body.entry as Json[]).map((e) => e.resource.id),
    ['own'],
    'a listing of Conditions shows only the one written',
  )
  for (const r of [...entities, linkage!]) {
    const [type, id] = r.split('/')
    const found = await get(s, `${type}?_id=${id}`)
    t.equal(found.body.entry?.length ?? 0, 0, `${r} is not found by _id`)
  }
  t.equal((await get(s, 'Condition?patient=Patient/p1')).body.entry.length, 1, 'nor by patient')
  const rev = await get(s, 'Patient?_id=p1&_revinclude=Condition:subject&_revinclude=Observation:subject')
  t.same((rev.body.entry as Json[]).map((e) => `${e.resource.resourceType}/${e.resource.id}`).sort(), ['Condition/own', 'Patient/p1'], 'nor through a reference (_revinclude)')
  const everything = await get(s, 'Patient/p1/$everything')
  t.notOk(
    (everything.body.entry as Json[]).some((e) => e.resource.meta?.tag?.[0]?.display === 'SYSTEM_GENERATED'),
    'nor in $everything',
  )
})

t.test('NLP-EMU-02: a changed note is enriched again, replacing what the last enrichment made; transactions are enriched too', async (t) => {
  const s = await startServer({ auth: 'none', nlp: { lexicon: generatorLexicon(), delayMs: 20 } })
  t.teardown(() => s.close())
  await put(s, { resourceType: 'Patient', id: 'p1' })
  await put(s, doc('d2', 'Assessment: asthma. Continue albuterol.'))
  const first = await enriched(s, 'd2')
  const before = group(first, SYSTEM_GENERATED_RESOURCES).map((e) => e.valueReference!.reference)
  await put(s, doc('d2', 'Assessment: GERD. Start omeprazole.'))
  const again = await enriched(s, 'd2', Number(first.meta.versionId) + 1)
  for (const r of before) t.equal((await get(s, r)).status, 404, `${r}, made from the old text, is gone`)
  const after = group(again, SYSTEM_GENERATED_RESOURCES).map((e) => e.valueReference!.reference)
  t.ok(after.length >= 2 && after.every((r) => !before.includes(r)), 'new resources for the new text')
  await new Promise((r) => setTimeout(r, 300))
  t.equal((await get(s, 'DocumentReference/d2')).body.meta.versionId, again.meta.versionId, 'enrichment does not enrich its own write again')

  const tx = await fetch(s.url, {
    method: 'POST',
    headers: fhirJson,
    body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: doc('d3', 'Dx: COPD.'), request: { method: 'PUT', url: 'DocumentReference/d3' } }] }),
  })
  t.equal(tx.status, 200)
  await tx.arrayBuffer()
  const d3 = await enriched(s, 'd3')
  t.ok(group(d3, SYSTEM_GENERATED_RESOURCES).length > 0, 'a document written in a transaction is enriched')
  t.equal(s.nlp?.backlog, 0, 'nothing left queued')
})

t.test("NLP-EMU-03: the stand-in extractor, measured against the generated notes' ground truth", async (t) => {
  const seed = 31
  const rng = new Rng(seed)
  const { faker, randomizer } = makeFaker(rng)
  const ctx = { seed, referenceMs: Date.parse('2025-01-01T00:00:00Z'), years: 5, pool: buildPool(seed, 60), rng, faker, randomizer }
  const x = new Extractor(generatorLexicon())
  const tally = { truth: 0, found: 0, hit: 0, negTruth: 0, negHit: 0 }
  for (let i = 0; i < 60; i++) {
    for (const note of generatePatient(ctx, i).notes) {
      const truth = note.entities.filter((e) => e.category === 'MEDICAL_CONDITION')
      const found = x.detect(note.text).filter((e) => e.Category === 'MEDICAL_CONDITION')
      tally.truth += truth.length
      tally.found += found.length
      for (const e of truth) {
        const f = found.find((g) => g.BeginOffset === e.begin && g.EndOffset === e.end)
        if (!f) continue
        tally.hit++
        if (e.traits.includes('NEGATION')) {
          tally.negTruth++
          if (f.Traits.some((tr) => tr.Name === 'NEGATION')) tally.negHit++
        }
      }
    }
  }
  const precision = tally.hit / tally.found
  const recall = tally.hit / tally.truth
  t.ok(precision > 0.9, `medical conditions: precision ${(precision * 100).toFixed(1)} %`)
  t.ok(recall > 0.9 && recall < 1, `recall ${(recall * 100).toFixed(1)} % (misspellings are missed, as a dictionary misses them)`)
  t.ok(tally.negHit / tally.negTruth > 0.9, `negation found on ${tally.negHit} of ${tally.negTruth} negated mentions`)
})

t.test('NLP-EMU-04: reconciliation does not count what integrated NLP appends to a note as a difference', async (t) => {
  const s = await startServer({ auth: 'none', nlp: { lexicon: generatorLexicon(), delayMs: 10 } })
  t.teardown(() => s.close())
  const written = { ...doc('d5', NOTE), extension: [{ url: 'https://example.org/own', valueString: 'kept' }] }
  await put(s, written)
  const stored = await enriched(s, 'd5')
  t.ok((stored.extension as Ext[]).length > 1, 'the stored note carries the enrichment')
  t.equal(canonicalHash(stored), canonicalHash(written), 'the enriched note reconciles with the note written')
  t.not(canonicalHash({ ...stored, extension: [] }), canonicalHash(written), "losing the writer's own extension is still a difference")
})

t.test('NLP-EMU-05: a note brought in by $import is enriched like one written through the API', async (t) => {
  const s = await startServer({ auth: 'none', nlp: { lexicon: generatorLexicon(), delayMs: 10 } })
  t.teardown(() => s.close())
  const files: Record<string, string> = { 'notes.ndjson': JSON.stringify(doc('imp-1', 'Assessment: asthma. Continue albuterol.')) + '\n' }
  files['manifest.json'] = JSON.stringify({
    transactionTime: new Date().toISOString(),
    request: 'static',
    requiresAccessToken: false,
    output: [{ type: 'DocumentReference', url: 'notes.ndjson' }],
    error: [],
  })
  const source = createServer((req, res) => {
    const body = files[(req.url ?? '/').slice(1)]
    if (body === undefined) res.writeHead(404).end()
    else res.writeHead(200, { 'Content-Type': 'application/fhir+ndjson' }).end(body)
  })
  await new Promise<void>((r) => source.listen(0, '127.0.0.1', r))
  t.teardown(() => source.close())
  const kick = await fetch(`${s.url}$import`, {
    method: 'POST',
    headers: { ...fhirJson, Prefer: 'respond-async' },
    body: JSON.stringify({
      resourceType: 'Parameters',
      parameter: [{ name: 'manifestUrl', valueUrl: `http://127.0.0.1:${(source.address() as { port: number }).port}/manifest.json` }],
    }),
  })
  t.equal(kick.status, 202)
  await kick.arrayBuffer()
  const d = await enriched(s, 'imp-1')
  const codes = group(d, SYSTEM_GENERATED_RESOURCES).length
  t.ok(codes >= 2, 'the imported note has its generated resources and Linkage')
})
