// Writes are validated like HealthLake: a server level (--validation) and a per-request header.
// Every invalid-corpus item, written at every level, is accepted or rejected as its label says.
import type { Json } from '../helpers.js'
import t from 'tap'
import { startServer, type RunningServer } from '../../server/http/server.js'
import { buildCorpus } from '../../generators/invalid/corpus.js'

let target: RunningServer
t.before(async () => {
  target = await startServer()
})
t.teardown(() => target.close())

const LEVELS = ['strict', 'structure-only', 'minimal'] as const

t.test('TGT-VAL-01: each corpus item is accepted or rejected per its label, at each level', async (t) => {
  const { ndjson, labels } = buildCorpus()
  const lines = ndjson.split('\n').filter(Boolean)
  for (const level of LEVELS) {
    for (const item of labels.items) {
      const line = lines[item.lineId - 1]
      let parsed: Record<string, unknown> | undefined
      try {
        parsed = JSON.parse(line ?? '')
      } catch {
        parsed = undefined
      }
      // Written by id, as an import writes: PUT Type/id with the line as the body.
      const type = typeof parsed?.resourceType === 'string' ? parsed.resourceType : 'Patient'
      const id = typeof parsed?.id === 'string' ? parsed.id : item.id
      const res = await fetch(`${target.url}${type}/${encodeURIComponent(id)}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/fhir+json', 'x-amzn-healthlake-fhir-validation-level': level },
        body: line,
      })
      const body = (await res.json()) as Json
      const accepted = res.status === 200 || res.status === 201
      t.equal(
        accepted ? 'accepted' : 'rejected',
        item.expected[level],
        `${item.label} at ${level} (${res.status}${accepted ? '' : ': ' + body.issue?.[0]?.diagnostics?.slice(0, 100)})`,
      )
      if (!accepted) t.equal(body.resourceType, 'OperationOutcome')
      // minimal stores what fails validation, marked: the response header and the resource's extension.
      const flagged = item.flaggedAt.includes(level)
      if (accepted) {
        t.equal(
          res.headers.get('x-amzn-healthlake-validation-issues') === 'true',
          flagged,
          `${item.label} at ${level}: the validation-issues header ${flagged ? 'says so' : 'is absent'}`,
        )
        const marker = (body.extension ?? []).find((e: Json) => e.url === 'http://healthlake.amazonaws.com/fhir/StructureDefinition/validation-issue')
        t.equal(!!marker, flagged, `${item.label} at ${level}: ${flagged ? 'the validation-issue extension' : 'no validation-issue extension'}`)
        if (marker) t.equal(JSON.parse(marker.valueString).resourceType, 'OperationOutcome', 'the extension carries an OperationOutcome')
      }
    }
  }
})

t.test('TGT-VAL-02: the server level applies without a header; a bad header is 400', async (t) => {
  const strict = await startServer({ validation: 'strict' })
  const minimal = await startServer({ validation: 'minimal' })
  t.teardown(async () => {
    await strict.close()
    await minimal.close()
  })
  const body = JSON.stringify({ resourceType: 'Patient', id: 'g1', gender: 'M' })
  const put = (base: string, headers: Record<string, string> = {}) =>
    fetch(`${base}Patient/g1`, { method: 'PUT', headers: { 'Content-Type': 'application/fhir+json', ...headers }, body })
  t.equal((await put(strict.url)).status, 400, 'strict rejects a code outside the required binding')
  t.equal((await put(minimal.url)).status, 201, 'minimal accepts it')
  t.equal((await put(strict.url, { 'x-amzn-healthlake-fhir-validation-level': 'minimal' })).status, 201, 'the header overrides the server level')
  t.equal((await put(strict.url, { 'x-amzn-healthlake-fhir-validation-level': 'structure-only' })).status, 400, 'structure-only is base R4: required bindings hold')
  t.equal((await put(strict.url, { 'x-amzn-healthlake-fhir-validation-level': 'lenient' })).status, 400)
  const tx = await fetch(strict.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json' },
    body: JSON.stringify({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: { resourceType: 'Patient', favouriteColour: 'teal' }, request: { method: 'POST', url: 'Patient' } }],
    }),
  })
  t.equal(tx.status, 400, 'transaction entries are validated too')
})

t.test('TGT-VAL-03: a minimal Bundle marks the entries stored despite a failure: an outcome in the entry, the header on the response', async (t) => {
  const res = await fetch(target.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json', 'x-amzn-healthlake-fhir-validation-level': 'minimal' },
    body: JSON.stringify({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: { resourceType: 'Patient', id: 'min-ok', gender: 'female' }, request: { method: 'PUT', url: 'Patient/min-ok' } },
        { resource: { resourceType: 'Patient', id: 'min-bad', gender: 'M' }, request: { method: 'PUT', url: 'Patient/min-bad' } },
      ],
    }),
  })
  t.equal(res.status, 200)
  t.equal(res.headers.get('x-amzn-healthlake-validation-issues'), 'true')
  const body = (await res.json()) as Json
  t.equal(body.entry[0].response.status.slice(0, 3), '201')
  t.notOk(body.entry[0].response.outcome, 'a clean entry has no outcome')
  t.equal(body.entry[1].response.status.slice(0, 3), '201', 'stored despite the bad code')
  t.equal(body.entry[1].response.outcome?.resourceType, 'OperationOutcome', 'and its entry says what failed')
  const clean = await fetch(target.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json', 'x-amzn-healthlake-fhir-validation-level': 'minimal' },
    body: JSON.stringify({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [{ resource: { resourceType: 'Patient', id: 'min-ok' }, request: { method: 'PUT', url: 'Patient/min-ok' } }],
    }),
  })
  t.equal(clean.headers.get('x-amzn-healthlake-validation-issues'), null, 'no header when nothing was flagged')
})
