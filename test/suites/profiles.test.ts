// Target profiles: every documented entry is on docs/target-profiles.md with its page, names checks
// that exist, and reaches the requests Shoreline sends (headers, limits, settle time).
import t from 'tap'
import { readFileSync } from 'node:fs'
import { defaultSettleSeconds, maxBundleEntries, PROFILES, profileEntries, withProfileHeaders } from '../../profiles/index.js'
import { allChecks } from '../../suites/registry.js'
import { resolveTarget } from '../../lib/target/config.js'

const doc = readFileSync(new URL('../../docs/target-profiles.md', import.meta.url), 'utf8').split('\n')

t.test('PROFILE-01: every deviation, limit, unsupported feature, header, assumption and store-age rule is in docs/ with its page', async (t) => {
  for (const p of Object.values(PROFILES)) {
    t.ok(
      doc.some((l) => l === `## \`${p.name}\``),
      `docs have a section for ${p.name}`,
    )
    for (const e of profileEntries(p)) {
      const parts = e.key.split(' ')
      const row = doc.find((l) => l.startsWith('|') && parts.every((x) => l.includes(x)) && l.includes(e.reference))
      t.ok(row, `${p.name}: ${e.key} is listed with ${e.reference}`)
    }
  }
  t.ok(profileEntries(PROFILES.healthlake).length >= 25, 'the healthlake profile carries its limits, not only deviations')
})

t.test('PROFILE-02: every check a profile names exists', async (t) => {
  const ids = new Set(allChecks().map((c) => c.id))
  for (const p of Object.values(PROFILES)) {
    for (const id of Object.keys(p.deviations)) t.ok(ids.has(id), `${p.name} deviation ${id} is a check`)
    for (const [k, a] of Object.entries(p.assumptions ?? {})) for (const id of a.checks) t.ok(ids.has(id), `${p.name} assumption ${k} names check ${id}`)
  }
})

t.test('PROFILE-03: the healthlake profile sends its consistency header, and the config file can turn it off', async (t) => {
  const hl = withProfileHeaders(resolveTarget({ target: 'http://127.0.0.1:1/r4/', targetProfile: 'healthlake' }, {}, '/nonexistent'))
  t.same(hl.headers, { 'x-amz-fhir-history-consistency-level': 'strong' })
  t.equal(defaultSettleSeconds(hl), 0, 'strong consistency: reconcile need not wait')
  t.equal(maxBundleEntries('healthlake'), 100)
  const generic = withProfileHeaders(resolveTarget({ target: 'http://127.0.0.1:1/r4/' }, {}, '/nonexistent'))
  t.same(generic.headers, {})
  t.equal(defaultSettleSeconds(generic), 0)
  t.equal(maxBundleEntries('generic'), 10_000)
  const dir = t.testdir({ 'shoreline.config.json': JSON.stringify({ headers: { 'x-amz-fhir-history-consistency-level': '', 'x-extra': 'yes' } }) })
  const off = withProfileHeaders(resolveTarget({ target: 'http://127.0.0.1:1/r4/', targetProfile: 'healthlake' }, {}, dir))
  t.same(off.headers, { 'x-extra': 'yes' }, 'an empty value drops the profile header')
  t.equal(defaultSettleSeconds(off), 60, 'eventual: reconcile waits the profile settle time')
})

t.test('PROFILE-04: no check asks a healthlake target for a search feature its profile says is missing or undocumented', async (t) => {
  const { readdirSync, readFileSync: read } = await import('node:fs')
  const root = new URL('../../suites/', import.meta.url)
  const search = PROFILES.healthlake.search ?? {}
  const banned = [
    ...(search.modifiers?.values ?? []).filter((m) => m !== ':[type]'),
    ...(search.totals?.values ?? []).map((v) => `_total=${v}`),
    ...(search.undocumented?.values ?? []),
  ]
  for (const area of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'requirements')) {
    for (const f of readdirSync(new URL(`${area.name}/`, root)).filter((n) => n.endsWith('.ts'))) {
      const text = read(new URL(`${area.name}/${f}`, root), 'utf8')
      for (const b of banned) t.notOk(text.includes(`${b}=`) || text.includes(`'${b}'`) || (b.startsWith('_total') && text.includes(b)), `${area.name}/${f} does not use ${b}`)
    }
  }
})
