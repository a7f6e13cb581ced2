// Levels come from the spec (issue "verdicts"): every requirement row names the normative keyword
// of the sentence it cites and deep-links it; every check's level is the strongest keyword among
// the rows it verifies, so no check is stricter (or laxer) than its rule; and no check stands on
// nothing: a rule without a normative sentence is the reference server's policy, tested there.
import t from 'tap'
import { requirements, strongest } from '../../suites/coverage.js'
import { allChecks } from '../../suites/registry.js'

const rows = requirements()
const byId = new Map(rows.map((r) => [r.id, r]))

t.test('LEVEL-01: every requirement row has an id once, a keyword and a deep link', async (t) => {
  t.equal(byId.size, rows.length, 'row ids are unique')
  for (const r of rows) {
    t.ok(['SHALL', 'SHOULD', 'MAY'].includes(r.keyword), `${r.id}: keyword ${r.keyword}`)
    t.match(r.url, /^https:\/\//, `${r.id} links over https`)
    // Specifications with section anchors are linked to the section; AWS guide pages are one topic each.
    if (/hl7\.org|rfc-editor\.org/.test(r.url)) t.match(r.url, /#./, `${r.id} links to the sentence's section, not the page`)
  }
})

t.test('LEVEL-02: each check is exactly as strict as the strongest keyword of the rows it verifies', async (t) => {
  for (const c of allChecks()) {
    const keywords = c.verifies.map((v) => byId.get(v)?.keyword).filter((k) => k !== undefined)
    t.equal(keywords.length, c.verifies.length, `${c.id} verifies rows that exist: ${c.verifies.join(', ')}`)
    t.equal(c.level, strongest(keywords), `${c.id} is ${c.level}; its rows ${c.verifies.map((v) => `${v} ${byId.get(v)?.keyword}`).join(', ')}`)
  }
})

t.test('LEVEL-03: the keyword helper orders SHALL over SHOULD over MAY', async (t) => {
  t.equal(strongest(['MAY', 'SHOULD']), 'SHOULD')
  t.equal(strongest(['MAY', 'SHALL', 'SHOULD']), 'SHALL')
  t.equal(strongest(['MAY']), 'MAY')
  t.equal(strongest([]), undefined)
})
