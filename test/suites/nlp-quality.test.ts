// The nlp suite's scoring (suites/nlp/comprehend.ts, quality.ts) and how its figures reach every
// report: the raw responses HealthLake appends are read whether JSON or its bracketed notation;
// precision, recall and F1 are counted as the definitions say on a hand-worked example; and the
// measured figures show in results.json's schema, Markdown, JUnit properties and the HTML charts.
import t from 'tap'
import { Ajv } from 'ajv'
import { readFileSync } from 'node:fs'
import { parseEntities } from '../../suites/nlp/comprehend.js'
import { evaluate } from '../../suites/nlp/quality.js'
import { toMarkdown } from '../../reports/markdown.js'
import { toJUnit } from '../../reports/junit.js'
import { toHtml } from '../../reports/html.js'
import type { CheckMetric, Results } from '../../lib/results/model.js'

t.test("NLP-Q-01: raw responses are read as JSON or in HealthLake's notation; anything else is unreadable", async (t) => {
  const json = JSON.stringify({
    Entities: [{ Id: 0, Text: 'HTN', Category: 'MEDICAL_CONDITION', Type: 'DX_NAME', BeginOffset: 4, EndOffset: 7, Traits: [{ Name: 'DIAGNOSIS', Score: 0.9 }] }],
  })
  t.same(parseEntities(json), [{ text: 'HTN', category: 'MEDICAL_CONDITION', type: 'DX_NAME', begin: 4, end: 7, traits: ['DIAGNOSIS'] }])
  // The notation: no quotes, commas inside values (descriptions), nested lists of objects.
  const notation =
    '{Entities: [{Id: 0,Text: sore throat,Category: MEDICAL_CONDITION,Type: DX_NAME,Score: 0.97,BeginOffset: 10,EndOffset: 21,Attributes: [],Traits: [{Name: SYMPTOM,Score: 0.8}, {Name: NEGATION,Score: 0.7}],ICD10CMConcepts: [{Description: Pain in throat, unspecified side,Code: R07.0,Score: 0.6}]}, {Id: 1,Text: amoxicillin,Category: MEDICATION,Type: GENERIC_NAME,Score: 0.99,BeginOffset: 30,EndOffset: 41,Attributes: [],Traits: []}],ModelVersion: 0.1.0}'
  t.same(parseEntities(notation), [
    { text: 'sore throat', category: 'MEDICAL_CONDITION', type: 'DX_NAME', begin: 10, end: 21, traits: ['SYMPTOM', 'NEGATION'] },
    { text: 'amoxicillin', category: 'MEDICATION', type: 'GENERIC_NAME', begin: 30, end: 41, traits: [] },
  ])
  t.equal(parseEntities('{Entities: [{Id: 0,Text: cut'), undefined, 'a cut response is unreadable')
  t.equal(parseEntities('<html>'), undefined)
  t.equal(parseEntities('{"Other": []}'), undefined, 'JSON without Entities is not a response')
})

t.test('NLP-Q-02: precision, recall and F1 per category, traits over the entities found, and code agreement, on a worked example', async (t) => {
  const truth = [
    { begin: 0, end: 3, category: 'MEDICAL_CONDITION', traits: ['DIAGNOSIS'], code: { system: 'icd', code: 'I10' } },
    { begin: 10, end: 20, category: 'MEDICAL_CONDITION', traits: ['SYMPTOM', 'NEGATION'], code: { system: 'icd', code: 'R07.9' } },
    { begin: 30, end: 39, category: 'MEDICATION', traits: [], code: { system: 'rx', code: '314076' } },
    { begin: 50, end: 55, category: 'ANATOMY', traits: [] },
  ]
  const found = [
    { text: 'HTN', category: 'MEDICAL_CONDITION', type: 'DX_NAME', begin: 0, end: 3, traits: ['DIAGNOSIS'] },
    // Found, but its negation missed.
    { text: 'chest pain', category: 'MEDICAL_CONDITION', type: 'DX_NAME', begin: 10, end: 20, traits: ['SYMPTOM'] },
    // A span the truth does not have: a false positive.
    { text: 'pain', category: 'MEDICAL_CONDITION', type: 'DX_NAME', begin: 16, end: 20, traits: ['SYMPTOM'] },
    // The drug's span is off by one: a miss and a false positive.
    { text: 'isinopril', category: 'MEDICATION', type: 'GENERIC_NAME', begin: 31, end: 39, traits: [] },
    // Other categories are not scored.
    { text: 'Tom', category: 'PROTECTED_HEALTH_INFORMATION', type: 'NAME', begin: 60, end: 63, traits: [] },
  ]
  const codes = new Map([
    ['0:3', 'I10'],
    ['10:20', 'R07.89'],
  ])
  const m = evaluate([{ truth, found, codes }])
  const get = (name: string, of: string) => m.find((x: CheckMetric) => x.name === name && x.of === of)?.value
  t.equal(get('precision', 'MEDICAL_CONDITION'), 0.6667, '2 of 3 conditions found are right')
  t.equal(get('recall', 'MEDICAL_CONDITION'), 1, 'both conditions are found')
  t.equal(get('F1', 'MEDICAL_CONDITION'), 0.8)
  t.equal(get('precision', 'MEDICATION'), 0)
  t.equal(get('recall', 'MEDICATION'), 0)
  t.equal(get('recall', 'ANATOMY'), 0, 'the body site is missed')
  t.equal(get('precision', 'all categories'), 0.5, '2 right of 4 scored')
  t.equal(get('recall', 'all categories'), 0.5, '2 found of 4')
  t.equal(get('mentions', 'all categories'), 4)
  t.equal(get('recall', 'trait NEGATION'), 0, 'the negation is missed on the entity found')
  t.equal(get('F1', 'trait DIAGNOSIS'), 1)
  t.equal(get('code agreement', 'conditions and drugs found'), 0.5, 'I10 agrees, R07.89 does not')
})

const results = (metrics: CheckMetric[]): Results => ({
  schemaVersion: '1.0',
  kind: 'conformance',
  tool: { name: 'shoreline', version: '0.1.0' },
  run: { id: 'r', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:01Z', durationMs: 1000, argv: [] },
  target: { url: 'http://127.0.0.1/', profile: 'healthlake' },
  verdict: 'pass',
  summary: { checks: 1 },
  checks: [{ id: 'NLP-06', title: 'quality', suite: 'nlp', level: 'SHALL', outcome: 'pass', requirements: ['HL-NLP-6'], durationMs: 1, metrics, exchanges: [] }],
})

t.test('NLP-Q-03: measured figures reach results.json (schema), Markdown, JUnit and the HTML charts', async (t) => {
  const metrics: CheckMetric[] = [
    { name: 'notes scored', value: 50, unit: 'count' },
    { name: 'precision', of: 'MEDICAL_CONDITION', value: 0.97 },
    { name: 'recall', of: 'MEDICAL_CONDITION', value: 0.9 },
    { name: 'F1', of: 'MEDICAL_CONDITION', value: 0.9336 },
    { name: 'F1', of: 'trait NEGATION', value: 0.8 },
  ]
  const r = results(metrics)
  const ajv = new Ajv({ allErrors: true, strict: false })
  const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../lib/results/schema.json', import.meta.url), 'utf8')))
  t.ok(validate(JSON.parse(JSON.stringify(r))), `results.json with metrics is valid: ${ajv.errorsText(validate.errors)}`)
  const md = toMarkdown([r])
  t.match(md, /### Measured by NLP-06: quality/)
  t.match(md, /\| MEDICAL_CONDITION \| +\| 0\.970 \| 0\.900 \| 0\.934 \|/, 'a row per thing scored, a column per figure')
  t.match(md, /\| — \| 50 \|/, 'a figure of nothing in particular has its own row')
  const junit = toJUnit(r)
  t.match(junit, /<property name="F1 \(MEDICAL_CONDITION\)" value="0\.934"\/>/)
  t.match(junit, /<testcase [^>]*NLP-06[^>]*>\s*<properties>/, 'a passing check with figures carries them')
  const page = await toHtml([r])
  t.match(page, /Measured by NLP-06/)
  t.match(page, /NLP-06: MEDICAL_CONDITION/, 'a chart per category scored')
  t.match(page, /NLP-06: F1 by trait/)
  t.match(page, /<svg/)
})
