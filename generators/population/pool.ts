// The shared pool: Organizations, Locations, Practitioners (NPI) and PractitionerRoles that every
// patient's care refers to. Stable ids from the pool's own stream, so every shard of a run and
// every reload sees the same pool.
import { must } from '../../lib/must.js'
import type { Faker } from '@faker-js/faker'
import { deriveSeed, Rng } from '../random.js'
import { makeFaker } from '../faker-source.js'
import { usAddress } from './address.js'
import { SPECIALTIES } from '../data/encounters.js'
import { PAYERS } from '../data/payers.js'
import { MEDICATIONS } from '../data/medications.js'
import { SYS, US_CORE } from '../data/systems.js'
import { concept, coding, npiCheckDigit, ref, sourceIdentifier, type Resource } from '../fhir.js'

/** Stream coordinate of the pool (patients use their index). */
const POOL_STREAM = 0xffff_fff0

export interface Clinician {
  practitioner: Resource
  role: Resource
  organization: Resource
  location: Resource
  specialty: string
  name: string
}

export interface SharedPool {
  organizations: Resource[]
  locations: Resource[]
  practitioners: Resource[]
  roles: Resource[]
  bySpecialty: Map<string, Clinician[]>
  /** Payer organizations by PAYERS key (data/payers.ts). */
  payers: Map<string, Resource>
  /** One Medication per drug of data/medications.ts, by key: what chronic prescriptions reference. */
  medications: Map<string, Resource>
}

/** Pool size grows with the population: one organization per 1,000 patients, one clinician per 150. */
export function poolSize(patients: number) {
  return {
    organizations: Math.max(3, Math.ceil(patients / 1000)),
    clinicians: Math.max(SPECIALTIES.length * 2, Math.ceil(patients / 150)),
  }
}

export function buildPool(seed: number, totalPatients: number): SharedPool {
  const rng = new Rng(deriveSeed(seed, POOL_STREAM))
  const { faker } = makeFaker(rng)
  const size = poolSize(totalPatients)
  const organizations: Resource[] = []
  const locations: Resource[] = []
  for (let i = 0; i < size.organizations; i++) {
    const { org, location } = organization(rng, faker, i)
    organizations.push(org)
    locations.push(location)
  }
  const practitioners: Resource[] = []
  const roles: Resource[] = []
  const bySpecialty = new Map<string, Clinician[]>()
  for (let i = 0; i < size.clinicians; i++) {
    // Round-robin first so every specialty exists even in a tiny pool, then by share.
    const spec = i < SPECIALTIES.length ? must(SPECIALTIES[i], `specialty ${i}`) : rng.weighted(SPECIALTIES, (s) => s.share)
    const orgIndex = i % organizations.length
    const gender = rng.chance(0.5) ? 'female' : 'male'
    const given = faker.person.firstName(gender)
    const family = faker.person.lastName()
    const practitioner: Resource = {
      resourceType: 'Practitioner',
      id: rng.uuid(),
      meta: { profile: [US_CORE.practitioner] },
      identifier: [{ system: SYS.npi, value: npi(rng) }],
      active: true,
      name: [spec.key === 'np' ? { use: 'official', family, given: [given] } : { use: 'official', family, given: [given], prefix: ['Dr.'] }],
      telecom: [{ system: 'email', value: `${given}.${family}@example.org`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''), use: 'work' }],
      // Where they practise (US Core must-support): their organization's address.
      address: must(organizations[orgIndex], `organization ${orgIndex}`).address,
      gender,
      qualification: [
        {
          code:
            spec.key === 'np'
              ? concept('http://terminology.hl7.org/CodeSystem/v2-0360', 'NP', 'Nurse Practitioner')
              : concept('http://terminology.hl7.org/CodeSystem/v2-0360', 'MD', 'Doctor of Medicine'),
        },
      ],
    }
    // Every generated resource carries its source id (seeding maps server-assigned ids back through it).
    practitioner.identifier = [...(practitioner.identifier as unknown[]), sourceIdentifier(practitioner.id)]
    const org = must(organizations[orgIndex], `organization ${orgIndex}`)
    const location = must(locations[orgIndex], `location ${orgIndex}`)
    const roleId = rng.uuid()
    const role: Resource = {
      resourceType: 'PractitionerRole',
      id: roleId,
      meta: { profile: [US_CORE.practitionerRole] },
      identifier: [sourceIdentifier(roleId)],
      active: true,
      practitioner: ref('Practitioner', practitioner.id, `${given} ${family}`),
      organization: ref('Organization', org.id, org.name as string),
      code: [concept(SYS.practitionerRole, spec.key === 'np' ? 'nurse' : 'doctor', spec.key === 'np' ? 'Nurse' : 'Doctor')],
      specialty: [concept(SYS.nucc, spec.code, spec.display)],
      location: [ref('Location', location.id, location.name as string)],
      telecom: (org.telecom as unknown[]).slice(0, 1),
    }
    practitioners.push(practitioner)
    roles.push(role)
    const list = bySpecialty.get(spec.key) ?? []
    list.push({ practitioner, role, organization: org, location, specialty: spec.key, name: `${given} ${family}` })
    bySpecialty.set(spec.key, list)
  }
  // Payers last, so the draws above do not move.
  const payers = new Map<string, Resource>()
  for (const p of PAYERS) {
    const id = rng.uuid()
    payers.set(p.key, {
      resourceType: 'Organization',
      id,
      meta: { profile: [US_CORE.organization] },
      identifier: [{ system: SYS.orgId, value: `payer-${p.key}` }, sourceIdentifier(id)],
      active: true,
      type: [concept(SYS.organizationType, 'pay', 'Payer')],
      name: p.name,
    })
  }
  const medications = new Map<string, Resource>()
  for (const [key, m] of Object.entries(MEDICATIONS)) {
    const id = rng.uuid()
    medications.set(key, {
      resourceType: 'Medication',
      id,
      meta: { profile: [US_CORE.medication] },
      identifier: [sourceIdentifier(id)],
      code: concept(SYS.rxnorm, m.rxnorm, m.display),
      status: 'active',
    })
  }
  // Drawn after everything above, so that adding them moved no earlier draw (ids, names, NPIs).
  for (const payer of payers.values()) payer.address = [usAddress(faker, 'work')]
  const campuses = [...locations]
  for (const [i, org] of organizations.entries()) for (const n of [2, 3]) locations.push(satellite(rng, faker, org, must(campuses[i], `location ${i}`), i, n))
  return { organizations, locations, practitioners, roles, bySpecialty, payers, medications }
}

function npi(rng: Rng): string {
  const nine = String(rng.int(1, 2)) + rng.digits(8)
  return nine + npiCheckDigit(nine)
}

function organization(rng: Rng, faker: Faker, index: number) {
  const kind = index % 3 === 0 ? 'Medical Center' : index % 3 === 1 ? 'Family Health' : 'Community Clinic'
  const name = `${faker.location.city()} ${kind}`
  const address = usAddress(faker, 'work')
  const phone = faker.phone.number({ style: 'national' })
  const orgId = rng.uuid()
  const org: Resource = {
    resourceType: 'Organization',
    id: orgId,
    meta: { profile: [US_CORE.organization] },
    identifier: [
      { system: SYS.npi, value: npi(rng) },
      { system: SYS.orgId, value: `org-${index + 1}` },
    ],
    active: true,
    type: [concept(SYS.organizationType, 'prov', 'Healthcare Provider')],
    name,
    telecom: [{ system: 'phone', value: phone, use: 'work' }],
    address: [address],
  }
  const location: Resource = {
    resourceType: 'Location',
    id: rng.uuid(),
    meta: { profile: [US_CORE.location] },
    identifier: [{ system: SYS.locationId, value: `loc-${index + 1}` }],
    status: 'active',
    name: `${name}, main campus`,
    mode: 'instance',
    type: [concept('http://terminology.hl7.org/CodeSystem/v3-RoleCode', kind === 'Medical Center' ? 'HOSP' : 'OF', kind === 'Medical Center' ? 'Hospital' : 'Outpatient facility')],
    telecom: [{ system: 'phone', value: phone, use: 'work' }],
    address,
    physicalType: { coding: [coding(SYS.locationPhysicalType, 'bu', 'Building')] },
    managingOrganization: ref('Organization', orgId, name),
  }
  org.identifier = [...(org.identifier as unknown[]), sourceIdentifier(org.id)]
  location.identifier = [...(location.identifier as unknown[]), sourceIdentifier(location.id)]
  return { org, location }
}

/**
 * One of a provider organization's satellite sites (two each): an outpatient clinic in the main
 * campus's city, part of it (Location.partOf), as health systems list their clinics. Its own
 * street, phone and identifier; the same managing organization.
 */
function satellite(rng: Rng, faker: Faker, org: Resource, campus: Resource, index: number, site: number): Resource {
  const where = campus.address as { city: string; state: string; postalCode: string }
  const district = faker.location.street()
  const location: Resource = {
    resourceType: 'Location',
    id: rng.uuid(),
    meta: { profile: [US_CORE.location] },
    identifier: [{ system: SYS.locationId, value: `loc-${index + 1}-${site}` }],
    status: 'active',
    name: `${String(org.name)}, ${district} clinic`,
    mode: 'instance',
    type: [concept('http://terminology.hl7.org/CodeSystem/v3-RoleCode', 'OF', 'Outpatient facility')],
    telecom: [{ system: 'phone', value: faker.phone.number({ style: 'national' }), use: 'work' }],
    address: { use: 'work', line: [faker.location.streetAddress()], city: where.city, state: where.state, postalCode: where.postalCode, country: 'US' },
    physicalType: { coding: [coding(SYS.locationPhysicalType, 'bu', 'Building')] },
    managingOrganization: ref('Organization', org.id, String(org.name)),
    partOf: ref('Location', campus.id, String(campus.name)),
  }
  location.identifier = [...(location.identifier as unknown[]), sourceIdentifier(location.id)]
  return location
}
