// Batch and transaction Bundles whose entries a preparing thread validated and prepared
// (server/rest/bundle-examine.ts) answer and store exactly what the main thread alone gives.
import t from 'tap'
import { startServer, type RunningServer } from '../../server/http/server.js'
import { buildCorpus } from '../../generators/invalid/corpus.js'
import { examineBundleText } from '../../server/rest/bundle-examine.js'
import { validateResource } from '../../lib/validation/validator.js'
import { prepareResource } from '../../server/store/prepared.js'
import { sampleResources } from './write-sample.js'

type Resource = Record<string, unknown> & { resourceType: string; id?: string }

const put = (r: Resource) => ({ resource: r, request: { method: 'PUT', url: `${r.resourceType}/${r.id}` } })

/** Bundles of 30 entries or more: valid PUTs, the invalid corpus, a POST, a batch entry with a urn:uuid reference, a transaction. */
function bundles(): Array<{ type: string; entry: unknown[] }> {
  const corpus = buildCorpus()
    .ndjson.trim()
    .split('\n')
    .flatMap((l): Resource[] => {
      try {
        return [JSON.parse(l) as Resource]
      } catch {
        return [] // the corpus's lines that are not JSON have no place in a Bundle
      }
    })
    .filter((r) => typeof r?.resourceType === 'string' && typeof r.id === 'string')
  const out: Array<{ type: string; entry: unknown[] }> = []
  for (let b = 0; b < 8; b++) out.push({ type: 'batch', entry: sampleResources(`b${b}`, 40).map(put) })
  out.push({
    type: 'batch',
    entry: [
      ...sampleResources('mix', 25).map(put),
      ...corpus.map(put),
      { resource: { resourceType: 'Patient', name: [{ family: 'Posted' }] }, request: { method: 'POST', url: 'Patient' } },
      put({ resourceType: 'Observation', id: 'urn-ref', status: 'final', code: { text: 'x' }, subject: { reference: 'urn:uuid:0f0f0f0f-0000-4000-8000-000000000000' } }),
      put({ ...sampleResources('b0', 1)[0]!, name: [{ family: 'Second version' }] }),
    ],
  })
  out.push({ type: 'transaction', entry: sampleResources('tx', 30).map(put) })
  return out
}

/** Every Bundle posted in turn at `level`, once the threads the first Bundles start are up; the answers, stored JSON and index rows. */
async function postAll(server: RunningServer, level: string) {
  const answers: unknown[] = []
  for (const [i, b] of bundles().entries()) {
    if (i === 2) await server.bundlePreparers.started()
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json', 'x-amzn-healthlake-fhir-validation-level': level },
      body: JSON.stringify({ resourceType: 'Bundle', ...b }),
    })
    answers.push({ status: res.status, issues: res.headers.get('x-amzn-healthlake-fhir-validation-issues'), body: withoutServerChoices(await res.text()) })
  }
  const db = server.store.db
  const stored = (db.prepare('SELECT h.json FROM resources r JOIN history h ON h.seq = r.hseq ORDER BY r.type, r.id').pluck().all() as string[]).filter(
    (j) => !j.includes('Posted'),
  )
  const indexRows = db
    .prepare(
      `SELECT r.type || '/' || r.id AS k, p.code, s.value_ci FROM resources r JOIN sp_token s ON s.rid = r.rid JOIN params p ON p.pid = s.pid
       UNION ALL SELECT r.type || '/' || r.id, p.code, s.target_id FROM resources r JOIN sp_reference s ON s.rid = r.rid JOIN params p ON p.pid = s.pid ORDER BY 1, 2, 3`,
    )
    .all()
  return { answers, stored: stored.map(withoutServerChoices), indexRows }
}

/** What two servers choose differently: their port, times, and the id a POST is given. */
function withoutServerChoices(text: string): string {
  return text
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'BASE')
    .replace(/"lastUpdated":"[^"]+"/g, '"lastUpdated":"T"')
    .replace(/"lastModified":"[^"]+"/g, '"lastModified":"T"')
    .replace(/Patient\/[0-9a-f-]{36}/g, 'Patient/NEW')
    .replace(/"id":"[0-9a-f-]{36}"/g, '"id":"NEW"')
}

t.test('BUNDLE-THREADS-01: Bundles examined on a preparing thread answer and store what the main thread gives', async (t) => {
  for (const level of ['strict', 'minimal']) {
    const here = await startServer({ prepareThreads: 0 })
    const threads = await startServer({ prepareThreads: 1 })
    t.teardown(() => Promise.all([here.close(), threads.close()]))
    const a = await postAll(here, level)
    const b = await postAll(threads, level)
    const mixed = JSON.parse((a.answers[8] as { body: string }).body) as { entry: Array<{ response: { status: string } }> }
    const statuses = new Set(mixed.entry.map((e) => e.response.status))
    t.ok(statuses.has('400') && (statuses.has('201') || statuses.has('200')), `${level}: entries stored and entries refused (${[...statuses].join(', ')})`)
    t.same(b.answers, a.answers, `${level}: the same answers, entry by entry`)
    t.same(b.stored, a.stored, `${level}: the same resources stored`)
    t.same(b.indexRows, a.indexRows, `${level}: the same index rows`)
    t.equal(here.bundlePreparers.onThreads, 0, `${level}: none on threads where none were allowed`)
    t.equal(threads.bundlePreparers.onThreads, 8, `${level}: the Bundles after the threads were up were examined there`)
  }
})

t.test('BUNDLE-THREADS-02: an entry examination is what validation and preparation give on the main thread', async (t) => {
  const bad = { resourceType: 'Patient', id: 'x', gender: 'nope' }
  const text = JSON.stringify({
    resourceType: 'Bundle',
    type: 'batch',
    entry: [
      put(bad),
      { resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } },
      { request: { method: 'GET', url: 'Patient/x' } },
      put({ resourceType: 'Observation', id: 'u', status: 'final', code: { text: 'x' }, subject: { reference: 'urn:uuid:1' } }),
    ],
  })
  const [a, b, c, d] = examineBundleText(text)
  t.same(a, { issues: validateResource(bad, { requireId: true }), urnReferences: false, prepared: prepareResource(bad) })
  t.ok(a!.issues.length > 0, 'the bad code is an issue')
  t.same(b, { issues: validateResource({ resourceType: 'Patient' }, { requireId: true }), urnReferences: false }, 'no id: validated, not prepared')
  t.equal(c, null, 'a read is not examined')
  t.equal(d?.urnReferences, true)
  t.same(examineBundleText('{"resourceType":"Patient"}'), [], 'not a Bundle: nothing')
})
