// The coverage tables beside the requirement rows (all generated, none typed by hand): every US
// Core 6.1 server search with the check that asks it, every row of the conformance catalogue
// (docs/conformance-catalogue.md: what the public kits run, each row tagged with the kits it comes
// from) with the check that implements it, the kits side by side, and what only Shoreline checks.
import { existsSync, readFileSync } from 'node:fs'
import { familyOf, type Check } from './check.js'
import { usCoreSearches, US_CORE_VERSION } from '../lib/us-core/index.js'
import { searchCheckId } from './us-core/covered.js'
import { COVERAGE_NOTES } from './coverage-notes.js'

/** The kits the catalogue's rows cite, in the order the side-by-side table shows them. */
const KITS: ReadonlyArray<[code: string, name: string]> = [
  ['ISAL', "Inferno's SMART App Launch kit"],
  ['IG10', "ONC's (g)(10) kit (Inferno)"],
  ['IBULK', "Inferno's Bulk Data kit"],
  ['BDT', 'Bulk Data Tester (SMART Health IT)'],
  ['IUSC', "Inferno's US Core kit"],
  ['CRU', 'Crucible'],
  ['TS', 'Touchstone'],
  ['MSE2E', "Microsoft FHIR server's E2E tests"],
  ['AHL', 'AWS HealthLake documentation'],
]

interface Row {
  id: string
  kits: string[]
  text: string
}

/** The catalogue's rows (`- ID [KITS] text — where`), or none when the file is not beside the program. */
function catalogue(): Row[] {
  const file = [new URL('../docs/conformance-catalogue.md', import.meta.url), new URL('../../docs/conformance-catalogue.md', import.meta.url)].find((u) => existsSync(u))
  if (!file) return []
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((l) => {
      const m = /^- ([A-Z]{2,3}-\d+) \[([^\]]*)\] (.*?)(?: — .*)?$/.exec(l)
      return m ? [{ id: m[1]!, kits: m[2]!.split(',').map((k) => k.trim()), text: m[3]! }] : []
    })
}

const cell = (s: string) => s.replace(/\|/g, '\\|')

/** The check column of a row without a check: why, where there is a reason, else not yet. */
function noteOf(id: string): string {
  const n = COVERAGE_NOTES[id]
  if (!n) return '—'
  return cell(n.kind === 'elsewhere' ? `— held elsewhere: ${n.why}` : `— no rule to check: ${n.why}`)
}

export function kitTables(checks: ReadonlyArray<Check & { suite?: string }>): string[] {
  const ids = new Set(checks.map((c) => c.id))
  const rows = catalogue()
  const searches = usCoreSearches().filter((s) => s.expectation === 'SHALL' || s.expectation === 'SHOULD')
  const asked = searches.filter((s) => ids.has(searchCheckId(s.type, s.params)))
  const shall = searches.filter((s) => s.expectation === 'SHALL')
  const out = [
    `## US Core ${US_CORE_VERSION} server searches`,
    '',
    `Every search parameter and combination the US Core Server CapabilityStatement expects, with the check that asks it of the dataset's ground truth: ${asked.length} of ${searches.length} (${asked.filter((s) => s.expectation === 'SHALL').length} of ${shall.length} SHALL). A search without a check is one the generated data cannot exercise (a type the generator does not make, too few of it for a query, or a filter every generated resource passes, so that a server ignoring the parameter would answer right).`,
    '',
    '| Search | Expectation | Check |',
    '|---|---|---|',
    ...searches.map((s) => `| ${s.type}?${s.params.join('&')} | ${s.expectation} | ${ids.has(searchCheckId(s.type, s.params)) ? searchCheckId(s.type, s.params) : '—'} |`),
    '',
  ]
  if (rows.length === 0) return out
  // A row is implemented by the check of its id, or by the instances of the family of that id (SE-14 → SE-14-uri, SE-14-version).
  const implementing = (row: string) => checks.filter((c) => c.id === row || familyOf(c.id) === row).map((c) => c.id)
  const implemented = new Set(rows.filter((r) => implementing(r.id).length > 0).map((r) => r.id))
  const done = rows.filter((r) => implemented.has(r.id))
  out.push(
    '## Side by side with the public kits',
    '',
    `The conformance catalogue (\`docs/conformance-catalogue.md\`) lists ${rows.length} checks the public kits run, each tagged with the kits it comes from; Shoreline implements ${done.length}. Per kit:`,
    '',
    '| Kit | Catalogue rows from it | Implemented in Shoreline | Held elsewhere, or no rule to check | Not yet |',
    '|---|---|---|---|---|',
    ...KITS.map(([code, name]) => {
      const from = rows.filter((r) => r.kits.includes(code))
      const unchecked = from.filter((r) => !implemented.has(r.id)).map((r) => r.id)
      const noted = unchecked.filter((id) => COVERAGE_NOTES[id])
      const missing = unchecked.filter((id) => !COVERAGE_NOTES[id])
      return `| ${name} (${code}) | ${from.length} | ${from.length - unchecked.length} | ${noted.join(', ') || '—'} | ${missing.join(', ') || '—'} |`
    }),
    '',
    `A row without a check is either held elsewhere (another check, the healthlake target profile, a variant every check runs under) or asks for something no server can be failed on; the last table says which, and why (\`suites/coverage-notes.ts\`).`,
    '',
  )
  const catalogued = new Set(rows.map((r) => r.id))
  const own = checks.filter((c) => !catalogued.has(c.id) && !catalogued.has(familyOf(c.id)))
  const bySuite = new Map<string, string[]>()
  for (const c of own) bySuite.set(c.suite ?? '', [...(bySuite.get(c.suite ?? '') ?? []), c.id])
  const families = (list: string[]) =>
    [...new Set(list.map(familyOf))].map((f) =>
      list.filter((id) => familyOf(id) === f).length > 1 || !list.includes(f) ? `${f} (×${list.filter((id) => familyOf(id) === f).length})` : f,
    )
  out.push(
    `What only Shoreline checks (${own.length} checks no kit in the catalogue runs), by suite:`,
    '',
    '| Suite | Checks |',
    '|---|---|',
    ...[...bySuite].map(([suite, list]) => `| ${suite} | ${families(list).join(', ')} |`),
    '',
    '## The catalogue, row by row',
    '',
    '| Row | Kits | Check | What |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.id} | ${r.kits.join(', ')} | ${implemented.has(r.id) ? implementing(r.id).join(', ') : noteOf(r.id)} | ${cell(r.text)} |`),
    '',
  )
  return out
}
