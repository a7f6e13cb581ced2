// US Core 6.1 everywhere it applies: every generated resource whose type and kind have a US Core
// profile claims it, and the claim holds when an independent StructureDefinition-based validator
// (@medplum/core) judges it against the profile's snapshot.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { Rng } from '../../generators/random.js'
import { makeFaker } from '../../generators/faker-source.js'
import { buildPool } from '../../generators/population/pool.js'
import { generatePatient } from '../../generators/clinical/record.js'
import { sharedResources } from '../../generators/chunk.js'
import type { Resource } from '../../generators/fhir.js'
import { profileErrors, unloadable, usCoreProfiles } from './us-core-validator.js'
import { withoutValidatorGaps } from '../../lib/us-core/validator.js'

const SD = 'http://hl7.org/fhir/us/core/StructureDefinition/'
const PROFILES = fileURLToPath(new URL('../../../shared/fhir/us-core-6.1.0/profiles/', import.meta.url))
const PER_PROFILE = 100

/** The vital-sign profiles by the LOINC code their Observation.code pattern fixes, read from the snapshots themselves. */
function vitalProfilesByCode(): Map<string, string> {
  const out = new Map<string, string>()
  for (const f of readdirSync(PROFILES)) {
    const sd = JSON.parse(readFileSync(join(PROFILES, f), 'utf8'))
    if (sd.baseDefinition !== `${SD}us-core-vital-signs`) continue
    for (const e of sd.snapshot.element as Array<Record<string, unknown>>) {
      if (!String(e.path).startsWith('Observation.code')) continue
      const codes = [
        (e.patternCoding as { code?: string } | undefined)?.code,
        ...((e.patternCodeableConcept as { coding?: Array<{ code?: string }> } | undefined)?.coding ?? []).map((c) => c.code),
      ]
      for (const c of codes) if (c && !out.has(c)) out.set(c, sd.url)
    }
  }
  return out
}

import type { Json } from '../helpers.js'
const first = (cc: unknown) => (cc as { coding?: Array<{ code?: string }> } | undefined)?.coding?.[0]?.code

/** The profile US Core defines for a resource of this type and kind (undefined where it has none). */
function expectedProfile(r: Json, vitals: Map<string, string>): string | undefined {
  switch (r.resourceType) {
    case 'Observation': {
      const category = first(r.category?.[0])
      if (category === 'laboratory') return `${SD}us-core-observation-lab`
      if (category === 'social-history' && first(r.code) === '72166-2') return `${SD}us-core-smokingstatus`
      if (category === 'vital-signs') return ((r.code?.coding ?? []) as Array<{ code?: string }>).map((c) => vitals.get(c.code ?? '')).find(Boolean) ?? `${SD}us-core-vital-signs`
      if ((r.category ?? []).some((c: unknown) => ['survey', 'sdoh'].includes(first(c) ?? ''))) return `${SD}us-core-observation-screening-assessment`
      return undefined
    }
    case 'Condition':
      return first(r.category?.[0]) === 'problem-list-item' ? `${SD}us-core-condition-problems-health-concerns` : `${SD}us-core-condition-encounter-diagnosis`
    case 'Device':
      return `${SD}us-core-implantable-device`
    case 'DiagnosticReport':
      return first(r.category?.[0]) === 'LAB' ? `${SD}us-core-diagnosticreport-lab` : `${SD}us-core-diagnosticreport-note`
    default:
      return `${SD}us-core-${String(r.resourceType).toLowerCase()}`
  }
}

t.test('GEN-USCORE-01: every resource with a US Core 6.1 profile claims it, and a StructureDefinition validator finds no error', async (t) => {
  const profiles = usCoreProfiles()
  const vitals = vitalProfilesByCode()
  t.ok(vitals.size >= 8, `${vitals.size} vital-sign codes read from the profiles`)
  const seed = 61
  const rng = new Rng(seed)
  const { faker, randomizer } = makeFaker(rng)
  const pool = buildPool(seed, 150)
  const ctx = { seed, referenceMs: Date.parse('2025-01-01T00:00:00Z'), years: 10, pool, rng, faker, randomizer }
  const resources: Resource[] = [...sharedResources(pool)]
  for (let i = 0; i < 150; i++) resources.push(...generatePatient(ctx, i).resources)

  const unclaimed: string[] = []
  const sampled = new Map<string, Json[]>()
  const claimed = new Map<string, number>()
  for (const r of resources as Json[]) {
    const want = expectedProfile(r, vitals)
    if (!want || !profiles.has(want)) continue
    if (!(r.meta?.profile ?? []).includes(want)) {
      if (unclaimed.length < 5) unclaimed.push(`${r.resourceType}/${r.id} does not claim ${want}`)
      continue
    }
    claimed.set(want, (claimed.get(want) ?? 0) + 1)
    const list = sampled.get(want) ?? []
    list.push(r)
    sampled.set(want, list)
  }
  // Up to PER_PROFILE of each, spread evenly over all the patients (every k-th), not the first ones:
  // the variety of 150 histories in 2,370 validations instead of 5,612 (two minutes of a CI run).
  for (const [url, list] of sampled) {
    const step = Math.max(1, Math.ceil(list.length / PER_PROFILE))
    sampled.set(
      url,
      list.filter((_, i) => i % step === 0),
    )
  }
  t.same(unclaimed, [], 'every resource claims the profile US Core has for it')
  t.ok(claimed.size >= 20, `${claimed.size} US Core profiles claimed: ${[...claimed].map(([p, n]) => `${p.slice(SD.length)} ${n}`).join(', ')}`)

  const errors: string[] = []
  let validated = 0
  for (const [url, list] of sampled) {
    const sd = profiles.get(url)!
    for (const r of list) {
      validated++
      // @medplum/core cannot evaluate PractitionerRole's pd-1: the rule is checked instead (lib/us-core/validator.ts).
      for (const e of withoutValidatorGaps(r, profileErrors(r, sd))) errors.push(`${r.resourceType}/${r.id} against ${url.slice(SD.length)}: ${e}`)
    }
  }
  t.same(errors.slice(0, 10), [], `${validated} resources validated against their claimed profiles (up to ${PER_PROFILE} each, spread over the patients): ${errors.length} errors`)
  t.same([...unloadable.keys()], [`${SD}us-core-provenance`], 'only the Provenance snapshot does not index (the ../shared README names its artefacts)')
})

t.test('GEN-USCORE-02: the validator is not lenient: what breaks a profile is an error', async (t) => {
  const profiles = usCoreProfiles()
  const spo2: Json = {
    resourceType: 'Observation',
    id: 'o',
    meta: { profile: [`${SD}us-core-pulse-oximetry`] },
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: {
      coding: [
        { system: 'http://loinc.org', code: '2708-6' },
        { system: 'http://loinc.org', code: '59408-5' },
      ],
    },
    subject: { reference: 'Patient/p' },
    effectiveDateTime: '2024-01-01T10:00:00Z',
    valueQuantity: { value: 97, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
  }
  const sd = profiles.get(`${SD}us-core-pulse-oximetry`)!
  t.same(profileErrors(spo2, sd), [], 'with both codings it conforms')
  t.ok(profileErrors({ ...spo2, code: { coding: [spo2.code.coding[0]] } }, sd).length > 0, 'without 59408-5 it does not')
  t.ok(profileErrors({ ...spo2, subject: undefined }, sd).length > 0, 'without a subject it does not')
  const patient = profiles.get(`${SD}us-core-patient`)!
  t.ok(
    profileErrors({ resourceType: 'Patient', id: 'p', identifier: [{ system: 'urn:x', value: '1' }], name: [{ family: 'A' }] }, patient).length > 0,
    'a Patient without gender does not',
  )
})
