// The manifest's ground truth, re-derived by an independent matcher: a small, generic FHIR R4
// search evaluator written here from the spec (hl7.org/fhir/R4/search.html), reading only the
// NDJSON files, never the generator's code.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cli, readDataset, type Json } from '../helpers.js'
import { findAnchor } from '../../generators/chunk.js'
import { generatePatient } from '../../generators/clinical/record.js'
import { buildQueries } from '../../generators/ground-truth.js'
import type { Resource } from '../../generators/fhir.js'
import { genContext } from './gen-context.js'

type R = Record<string, Json>

const norm = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()

/** Search parameters used by the ground-truth queries: type and how to reach the values. */
/** Every part of an Address a string search reads (R4 search, string: "any of the string elements"). */
const addressParts = (a: R): string[] => [...(a.line ?? []), a.city, a.district, a.state, a.postalCode, a.country, a.text].filter(Boolean)

const PARAMS: Record<string, Record<string, { type: string; values: (r: R) => Json[] }>> = {
  Patient: {
    family: { type: 'string', values: (r) => r.name.map((n: R) => n.family) },
    given: { type: 'string', values: (r) => r.name.flatMap((n: R) => n.given ?? []) },
    name: { type: 'string', values: (r) => r.name.flatMap((n: R) => [n.family, ...(n.given ?? []), ...(n.prefix ?? []), ...(n.suffix ?? []), n.text].filter(Boolean)) },
    gender: { type: 'token-code', values: (r) => [r.gender] },
    identifier: { type: 'token-identifier', values: (r) => r.identifier },
    birthdate: { type: 'date', values: (r) => [r.birthDate] },
    _id: { type: 'id', values: (r) => [r.id] },
  },
  Observation: {
    patient: { type: 'reference', values: (r) => [r.subject] },
    code: { type: 'token-concept', values: (r) => [r.code] },
    category: { type: 'token-concept', values: (r) => r.category },
    date: { type: 'date', values: (r) => [r.effectiveDateTime] },
    'value-quantity': { type: 'quantity', values: (r) => (r.valueQuantity ? [r.valueQuantity] : []) },
  },
  Condition: {
    code: { type: 'token-concept', values: (r) => [r.code] },
    'clinical-status': { type: 'token-concept', values: (r) => [r.clinicalStatus] },
    patient: { type: 'reference', values: (r) => [r.subject] },
    category: { type: 'token-concept', values: (r) => r.category },
    'onset-date': { type: 'date', values: (r) => (r.onsetDateTime ? [r.onsetDateTime] : []) },
    'abatement-date': { type: 'date', values: (r) => (r.abatementDateTime ? [r.abatementDateTime] : []) },
    'recorded-date': { type: 'date', values: (r) => (r.recordedDate ? [r.recordedDate] : []) },
  },
  Encounter: {
    _id: { type: 'id', values: (r) => [r.id] },
    patient: { type: 'reference', values: (r) => [r.subject] },
    class: { type: 'token-coding', values: (r) => [r.class] },
    type: { type: 'token-concept', values: (r) => r.type ?? [] },
    date: { type: 'period', values: (r) => [r.period] },
    identifier: { type: 'token-identifier', values: (r) => r.identifier ?? [] },
  },
  Immunization: {
    patient: { type: 'reference', values: (r) => [r.patient] },
    'vaccine-code': { type: 'token-concept', values: (r) => [r.vaccineCode] },
    date: { type: 'date', values: (r) => [r.occurrenceDateTime] },
    status: { type: 'token-code', values: (r) => [r.status] },
  },
  MedicationRequest: {
    patient: { type: 'reference', values: (r) => [r.subject] },
    intent: { type: 'token-code', values: (r) => [r.intent] },
    medication: { type: 'reference', values: (r) => (r.medicationReference ? [r.medicationReference] : []) },
    status: { type: 'token-code', values: (r) => [r.status] },
    authoredon: { type: 'date', values: (r) => [r.authoredOn] },
    encounter: { type: 'reference', values: (r) => (r.encounter ? [r.encounter] : []) },
  },
  DiagnosticReport: {
    patient: { type: 'reference', values: (r) => [r.subject] },
    code: { type: 'token-concept', values: (r) => [r.code] },
    category: { type: 'token-concept', values: (r) => r.category },
    date: { type: 'date', values: (r) => [r.effectiveDateTime] },
  },
  ServiceRequest: {
    _id: { type: 'id', values: (r) => [r.id] },
    patient: { type: 'reference', values: (r) => [r.subject] },
    code: { type: 'token-concept', values: (r) => [r.code] },
    category: { type: 'token-concept', values: (r) => r.category },
    authored: { type: 'date', values: (r) => [r.authoredOn] },
  },
  AllergyIntolerance: { patient: { type: 'reference', values: (r) => [r.patient] } },
  ImagingStudy: { patient: { type: 'reference', values: (r) => [r.subject] } },
  Organization: {
    name: { type: 'string', values: (r) => [r.name, ...(r.alias ?? [])] },
    address: { type: 'string', values: (r) => (r.address ?? []).flatMap(addressParts) },
  },
  Location: {
    name: { type: 'string', values: (r) => [r.name, ...(r.alias ?? [])] },
    address: { type: 'string', values: (r) => (r.address ? addressParts(r.address) : []) },
    'address-city': { type: 'string', values: (r) => [r.address?.city] },
    'address-state': { type: 'string', values: (r) => [r.address?.state] },
    'address-postalcode': { type: 'string', values: (r) => [r.address?.postalCode] },
  },
  Practitioner: {
    name: { type: 'string', values: (r) => r.name.flatMap((n: R) => [n.family, ...(n.given ?? []), ...(n.prefix ?? []), ...(n.suffix ?? []), n.text].filter(Boolean)) },
    identifier: { type: 'token-identifier', values: (r) => r.identifier },
    _id: { type: 'id', values: (r) => [r.id] },
  },
  PractitionerRole: {
    specialty: { type: 'token-concept', values: (r) => r.specialty },
    practitioner: { type: 'reference', values: (r) => [r.practitioner] },
  },
  CarePlan: {
    patient: { type: 'reference', values: (r) => [r.subject] },
    category: { type: 'token-concept', values: (r) => r.category },
    date: { type: 'period', values: (r) => (r.period ? [r.period] : []) },
    status: { type: 'token-code', values: (r) => [r.status] },
  },
  CareTeam: { patient: { type: 'reference', values: (r) => [r.subject] }, status: { type: 'token-code', values: (r) => [r.status] } },
  Coverage: { patient: { type: 'reference', values: (r) => [r.beneficiary] } },
  Device: { patient: { type: 'reference', values: (r) => [r.patient] }, type: { type: 'token-concept', values: (r) => [r.type] } },
  DocumentReference: {
    _id: { type: 'id', values: (r) => [r.id] },
    patient: { type: 'reference', values: (r) => [r.subject] },
    type: { type: 'token-concept', values: (r) => [r.type] },
    category: { type: 'token-concept', values: (r) => r.category },
    date: { type: 'date', values: (r) => [r.date] },
    period: { type: 'period', values: (r) => (r.context?.period ? [r.context.period] : []) },
  },
  Goal: {
    patient: { type: 'reference', values: (r) => [r.subject] },
    'target-date': { type: 'date', values: (r) => (r.target ?? []).flatMap((t: R) => t.dueDate ?? []) },
    'lifecycle-status': { type: 'token-code', values: (r) => [r.lifecycleStatus] },
  },
  Procedure: {
    patient: { type: 'reference', values: (r) => [r.subject] },
    code: { type: 'token-concept', values: (r) => [r.code] },
    date: { type: 'period', values: (r) => [r.performedPeriod] },
  },
  ExplanationOfBenefit: {
    patient: { type: 'reference', values: (r) => [r.patient] },
    claim: { type: 'reference', values: (r) => [r.claim] },
    coverage: { type: 'reference', values: (r) => r.insurance.map((i: R) => i.coverage) },
  },
  Claim: {
    encounter: { type: 'reference', values: (r) => r.item.flatMap((i: R) => i.encounter ?? []) },
    use: { type: 'token-code', values: (r) => [r.use] },
    patient: { type: 'reference', values: (r) => [r.patient] },
  },
  Provenance: { target: { type: 'reference', values: (r) => r.target } },
}

/** [start, end) in ms of a date/dateTime at its own precision. */
function range(v: string): [number, number] {
  if (/^\d{4}$/.test(v)) return [Date.UTC(+v, 0, 1), Date.UTC(+v + 1, 0, 1)]
  if (/^\d{4}-\d{2}$/.test(v)) {
    const [y = 0, m = 0] = v.split('-').map(Number)
    return [Date.UTC(y, m - 1, 1), Date.UTC(y, m, 1)]
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const s = Date.parse(`${v}T00:00:00Z`)
    return [s, s + 86_400_000]
  }
  const s = Date.parse(v)
  return [s, s + 1000]
}

function dateMatches(prefix: string, search: string, target: [number, number]): boolean {
  const [s0, s1] = range(search)
  const [t0, t1] = target
  switch (prefix) {
    case 'eq':
      return t0 >= s0 && t1 <= s1
    case 'ne':
      return !(t0 >= s0 && t1 <= s1)
    case 'gt':
      return t1 > s1
    case 'lt':
      return t0 < s0
    case 'ge':
      return t1 > s0
    case 'le':
      return t0 < s1
    case 'sa':
      return t0 >= s1
    case 'eb':
      return t1 <= s0
    default:
      throw new Error(`prefix ${prefix} not supported by this matcher`)
  }
}

function tokenMatches(type: string, value: Json, search: string): boolean {
  const [system, code] = search.includes('|') ? search.split('|') : [undefined, search]
  const test = (c: R) => (system === undefined || c.system === system) && c.code === code
  if (type === 'token-code') return value === search
  if (type === 'token-identifier') return (system === undefined || value.system === system) && value.value === code
  if (type === 'token-coding') return test(value)
  return (value?.coding ?? []).some(test)
}

function matchesParam(r: R, resourceType: string, name: string, raw: string, all: Map<string, R[]>): boolean {
  const [base = '', modifier] = name.split(':')
  if (base.includes('.')) {
    // Chain: patient.identifier=…, encounter.class=…: the referenced resource must match.
    const [refParam = '', targetParam = ''] = base.split('.')
    const refs: string[] = PARAMS[resourceType]![refParam]!.values(r).map((x: R) => x.reference)
    return refs.some((ref) => {
      const [type = '', id] = ref.split('/')
      const target = (all.get(type) ?? []).find((x) => x.id === id)
      return target !== undefined && matchesParam(target, type, targetParam, raw, all)
    })
  }
  const def = PARAMS[resourceType]?.[base]
  if (!def) throw new Error(`no parameter ${resourceType}.${base} in this matcher`)
  const values = def.values(r).filter((v: Json) => v !== undefined)
  return raw.split(',').some((alt) => {
    const v = decodeURIComponent(alt)
    switch (def.type) {
      case 'string':
        if (modifier === 'exact') return values.some((x: string) => x === v)
        if (modifier === 'contains') return values.some((x: string) => norm(x).includes(norm(v)))
        return values.some((x: string) => norm(x).startsWith(norm(v)))
      case 'id':
        return values.includes(v)
      case 'reference': {
        const want = v.includes('/') ? v : `Patient/${v}`
        return values.some((x: R) => x.reference === want)
      }
      case 'date':
      case 'period': {
        const m = /^(eq|ne|gt|lt|ge|le|sa|eb)?(.*)$/.exec(v)!
        return values.some((x: Json) =>
          dateMatches(m[1] ?? 'eq', m[2] ?? '', def.type === 'period' ? [x.start ? Date.parse(x.start) : -Infinity, x.end ? Date.parse(x.end) + 1000 : Infinity] : range(x)),
        )
      }
      case 'quantity': {
        const m = /^(gt|lt|ge|le|eq)?([0-9.]+)$/.exec(v)!
        const n = m[2] ?? ''
        const decimals = (n.split('.')[1] ?? '').length
        const [s0, s1] = [Number(n) - 0.5 * 10 ** -decimals, Number(n) + 0.5 * 10 ** -decimals]
        // A JSON number keeps no trailing zeros (6.0 is written 6), so the target is taken as a
        // point; gt then means above the search value's implicit range.
        if (m[1] !== 'gt') throw new Error('only gt is needed here')
        return s0 < s1 && values.some((q: R) => q.value >= s1)
      }
      default: {
        const hit = values.some((x: Json) => tokenMatches(def.type, x, v))
        return modifier === 'not' ? !hit : hit
      }
    }
  })
}

function evaluate(query: string, all: Map<string, R[]>): { match: string[]; include: string[] } {
  const [type = '', qs = ''] = query.split('?')
  const params = qs.split('&').map((p) => p.split('=') as [string, string])
  const includes = params.filter(([k]) => k === '_include' || k === '_revinclude')
  const criteria = params.filter(([k]) => k !== '_include' && k !== '_revinclude')
  const matched = (all.get(type) ?? []).filter((r) =>
    criteria.every(([k, v]) => {
      if (k.startsWith('_has:')) {
        const [, hasType = '', refParam = '', param = ''] = k.split(':')
        return (all.get(hasType) ?? []).some(
          (h) => PARAMS[hasType]![refParam]!.values(h).some((x: R) => x.reference === `${type}/${r.id}`) && matchesParam(h, hasType, param, v, all),
        )
      }
      return matchesParam(r, type, k, v, all)
    }),
  )
  const include = new Set<string>()
  for (const [k, v] of includes) {
    const [srcType = '', field = ''] = v.split(':')
    if (k === '_include') {
      for (const r of matched) for (const x of PARAMS[type]?.[field] ? PARAMS[type][field].values(r) : [r[field]]) if (x?.reference) include.add(x.reference)
    } else {
      const points = (src: R): string[] => (PARAMS[srcType]?.[field] ? PARAMS[srcType][field].values(src).map((x: R) => x?.reference) : [src[field]?.reference])
      const keys = new Set(matched.map((m) => `${type}/${m.id}`))
      for (const src of all.get(srcType) ?? []) if (points(src).some((k) => keys.has(k))) include.add(`${srcType}/${src.id}`)
    }
  }
  return { match: matched.map((r) => r.id), include: [...include] }
}

t.test('GEN-GT-01: every ground-truth query matches what an independent matcher finds', async (t) => {
  const dir = t.testdir({})
  const r = cli(['generate', '--patients', '80', '--seed', '3', '--out', join(dir, 'd'), '--workers', '1', '--no-bundles'])
  t.equal(r.code, 0, r.stderr)
  const manifest = JSON.parse(readFileSync(join(dir, 'd/manifest.json'), 'utf8'))
  const all = readDataset(join(dir, 'd'))
  t.ok(manifest.groundTruth.length >= 20, 'a fixed list of named queries')
  const names = new Set(manifest.groundTruth.map((q: R) => q.name))
  for (const needed of [
    'patient-family-prefix',
    'birthdate-eq-year',
    'birthdate-ne-year',
    'birthdate-gt',
    'birthdate-lt',
    'birthdate-ge',
    'birthdate-le',
    'birthdate-sa',
    'birthdate-eb',
    'patient-gender',
    'patient-identifier',
    'observation-patient-code',
    'observation-code-date-range',
    'condition-code',
    'encounter-class-date',
    'medicationrequest-include-requester',
    'patient-revinclude-condition',
    'observation-chain-patient-identifier',
    'patient-has-diabetes',
  ]) {
    t.ok(names.has(needed), `query ${needed} is in the manifest`)
  }
  let nonEmpty = 0
  for (const q of manifest.groundTruth) {
    const got = evaluate(q.query, all)
    t.same([...got.match].sort(), [...q.match].sort(), `${q.name}: ${q.query}`)
    t.same([...got.include].sort(), [...q.include].sort(), `${q.name}: includes`)
    t.equal(q.count, q.match.length, `${q.name}: count`)
    if (q.match.length > 0) nonEmpty++
  }
  // Only a query that says so expects nothing (no implant or death among the patients scanned in a small run).
  const empty = manifest.groundTruth.filter((q: { description: string }) => q.description.includes('the answer is empty')).length
  t.equal(nonEmpty, manifest.groundTruth.length - empty, `queries are not vacuous (${nonEmpty} of ${manifest.groundTruth.length} match something, ${empty} are emptiness tests)`)
})

t.test('GEN-GT-02: the search by emergency class asks for the first patients seen there, so it expects five visits even where a cohort had none', async (t) => {
  // At seed 11 over 3 years the first 40 patients (the cohort) had no emergency visit, and the
  // cohort-based query expected nothing without saying so.
  const { ctx, ref } = genContext(11, 2000, 3)
  const anchor = findAnchor({ seed: 11, referenceMs: ref, years: 3, totalPatients: 2000 }, ctx.pool)
  const q = buildQueries(anchor, ref).find((q) => q.name === 'uscore-encounter-class-patient')!
  const emergency = (r: Resource) => r.resourceType === 'Encounter' && (r.class as { code?: string }).code === 'EMER'
  const asked = new Set(anchor.emergency)
  const firsts: string[] = []
  let seen = 0
  let matches = 0
  let leftOut = 0
  for (let i = 0; i < 2000 && seen < 5; i++) {
    const rec = generatePatient(ctx, i)
    const visits = rec.resources.filter(emergency).length
    if (visits) firsts.push(rec.person.id)
    seen += visits
    if (!asked.has(rec.person.id)) continue
    matches += q.match(rec).length
    leftOut += rec.resources.filter((r) => r.resourceType === 'Encounter' && !emergency(r)).length
  }
  t.same(anchor.emergency, firsts, `asks for the first ${firsts.length} patients seen in the emergency department`)
  t.ok(matches >= 5, `expects ${matches} emergency visits`)
  t.ok(leftOut > 0, `and leaves out their ${leftOut} other visits, so a server ignoring class fails`)
  t.notMatch(q.description, /empty/, q.description)
})

t.test('GEN-GT-03: an anchor who died (whose cause-of-death Observation has no category) leaves the category searches answerable', async (t) => {
  // At seed 16, 10 patients over 10 years, the anchor died in 2016; the category queries read a first category that was not there, and generate crashed.
  // Seed 45 is such a run since the draws changed (the anchor dies in 2023); the second assertion says when a seed stops being one.
  const dir = t.testdir({})
  const out = join(dir, 'd')
  const r = cli(['generate', '--patients', '10', '--years', '10', '--seed', '45', '--out', out, '--workers', '1', '--no-bundles', '--quiet'])
  t.equal(r.code, 0, `generate exits 0 (${r.stderr.trim()})`)
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { groundTruth: Array<{ name: string; query: string; count: number }> }
  const q = manifest.groundTruth.find((x) => x.name === 'observation-category-patient')!
  const anchor = /patient=(?:Patient\/)?([^&]+)/.exec(q.query)![1]
  const patients = readFileSync(join(out, 'ndjson', 'Patient.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; deceasedDateTime?: string })
  t.ok(patients.find((p) => p.id === anchor)?.deceasedDateTime, 'the anchor died, so the case is still exercised')
  t.ok(q.count > 0, `${q.count} vital signs of the anchor, the cause of death left out`)
})
