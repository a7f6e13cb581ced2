import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cli, type Json } from '../helpers.js'
import { validatePath } from '../../lib/validation/dataset.js'

const LEVELS = ['strict', 'structure-only', 'minimal'] as const

t.test('GEN-INV-01: every corpus item fails validation for exactly its labelled reason', async (t) => {
  const dir = t.testdir({})
  const r = cli(['generate', '--patients', '2', '--out', join(dir, 'd'), '--workers', '1', '--invalid'])
  t.equal(r.code, 0, r.stderr)
  const labels = JSON.parse(readFileSync(join(dir, 'd/invalid/labels.json'), 'utf8'))
  const lines = readFileSync(join(dir, 'd/invalid/corpus.ndjson'), 'utf8').split('\n').filter(Boolean)
  t.equal(lines.length, labels.items.length, 'one line per label')
  t.ok(labels.items.length >= 40, 'at least 40 items')
  const report = await validatePath(join(dir, 'd/invalid/corpus.ndjson'))
  for (const item of labels.items) {
    const found = new Set(report.issues.filter((i) => i.where === `corpus.ndjson:${item.lineId}`).map((i) => i.rule))
    t.same([...found], item.rule === null ? [] : [item.rule], `${item.label}: ${item.rule ?? 'valid control'}`)
  }
  for (const kind of [
    'unknown-property',
    'bad-required-binding-code',
    'malformed-date',
    'missing-required-element',
    'wrong-json-type',
    'id-bad-characters',
    'dangling-reference',
    'profile-violation',
    'not-json',
    'wrong-resource-type',
    'datetime-without-zone',
    'invariant-period-reversed',
    'invariant-quantity-code-without-system',
    'invariant-local-reference-not-contained',
    'reference-without-id',
    'profile-claimed-on-wrong-type',
  ]) {
    t.ok(
      labels.items.some((i: Json) => i.label === kind),
      `the corpus has ${kind}`,
    )
  }
  const cmd = cli(['validate', join(dir, 'd/invalid/corpus.ndjson')])
  t.equal(cmd.code, 1, 'validate exits 1 on an invalid corpus')
  t.match(cmd.stdout, /validated 44 resources in 1 files: 42 invalid/)
})

t.test('GEN-INV-02: labels agree with the stated semantics of the validation levels', async (t) => {
  const dir = t.testdir({})
  t.equal(cli(['generate', '--patients', '1', '--out', join(dir, 'd'), '--workers', '1', '--invalid']).code, 0)
  const labels = JSON.parse(readFileSync(join(dir, 'd/invalid/labels.json'), 'utf8'))
  for (const l of LEVELS) t.type(labels.levels[l], 'string', `level ${l} is described`)
  t.match(labels.levels.strict, /UCUM/, 'strict says it checks UCUM codes')
  // Re-derived from the level descriptions, independently of the corpus table.
  const rejects: Record<(typeof LEVELS)[number], Set<string>> = {
    minimal: new Set(['json', 'resource-type', 'id']),
    // Base R4 without profiles: required bindings are R4 rules (developer guide, "Creating a FHIR resource").
    'structure-only': new Set([
      'json',
      'resource-type',
      'id',
      'unknown-element',
      'json-type',
      'primitive-format',
      'required-element',
      'choice',
      'reference-type',
      'structure',
      'binding',
      'invariant',
    ]),
    strict: new Set([
      'json',
      'resource-type',
      'id',
      'unknown-element',
      'json-type',
      'primitive-format',
      'required-element',
      'choice',
      'reference-type',
      'structure',
      'binding',
      'invariant',
      'profile',
      // "…and unit codes in the UCUM system checked against UCUM" (the strict description).
      'ucum',
    ]),
  }
  for (const item of labels.items) {
    for (const level of LEVELS) {
      const want = item.rule !== null && rejects[level].has(item.rule) ? 'rejected' : 'accepted'
      t.equal(item.expected[level], want, `${item.label} under ${level}`)
    }
    if (['bad-required-binding-code', 'dangling-reference', 'ucum-invalid-unit'].includes(item.label)) t.type(item.assumption, 'string', `${item.label} states its assumption`)
    // minimal stores and marks what it accepts despite a rule the server validates (not profiles, not reference resolution).
    const marked = item.rule !== null && item.expected.minimal === 'accepted' && !['profile', 'reference-unresolved'].includes(item.rule)
    t.same(item.flaggedAt, marked ? ['minimal'] : [], `${item.label}: flagged at ${marked ? 'minimal' : 'no level'}`)
  }
})
