// A patient's demographics (US Core 6.1 Patient): drawn from the tables in data/demographics.ts.
import { must } from '../../lib/must.js'
import type { Faker } from '@faker-js/faker'
import type { Rng } from '../random.js'
import { AGE_PYRAMID, ETHNICITY, FEMALE_SHARE, LANGUAGES, MARITAL_BY_AGE, MARITAL_MIN_AGE, MARITAL_STATUS, RACES } from '../data/demographics.js'
import { SYS, US_CORE } from '../data/systems.js'
import { ageAt, coding, concept, isoDate, MS, ref, sourceIdentifier, type Resource } from '../fhir.js'
import type { Clinician } from './pool.js'
import { usAddress } from './address.js'

export type Sex = 'female' | 'male'

export interface Person {
  id: string
  sex: Sex
  birthMs: number
  given: string
  family: string
  mrn: string
  hispanic: boolean
  resource: Resource
}

export function drawPerson(rng: Rng, faker: Faker, index: number, referenceMs: number, gp: (age: number, rng: Rng) => Clinician): Person {
  const id = rng.uuid()
  const sex: Sex = rng.chance(FEMALE_SHARE) ? 'female' : 'male'
  const band = rng.weighted(AGE_PYRAMID, (b) => b.weight)
  const ageYears = rng.int(band.from, band.to)
  const birthMs = Math.floor(referenceMs - ageYears * MS.year - rng.float(1, 364) * MS.day)
  const birth = isoDate(birthMs)
  const age = ageAt(Date.parse(`${birth}T00:00:00Z`), referenceMs)
  const given = faker.person.firstName(sex)
  const middle = faker.person.middleName(sex)
  const family = faker.person.lastName()
  const hispanic = rng.chance(ETHNICITY.hispanicShare)
  const race = rng.weighted(RACES, (r) => r.weight)
  const raceCodes =
    race.code === 'multi'
      ? pickTwo(
          rng,
          RACES.filter((r) => r.code !== 'multi'),
        )
      : [race]
  const language = rng.weighted(LANGUAGES, (l) => (hispanic ? l.hispanicWeight : l.weight))
  const marital = maritalStatus(rng, age)
  const address = usAddress(faker, 'home')
  const mrn = `MRN${String(index + 1).padStart(8, '0')}`
  const ssn = `999-${rng.digits(2)}-${rng.digits(4)}`
  const phone = faker.phone.number({ style: 'national' })
  const email = faker.internet.email({ firstName: given, lastName: family, provider: 'example.com' }).toLowerCase()
  const clinician = gp(age, rng)

  const resource: Resource = {
    resourceType: 'Patient',
    id,
    meta: { profile: [US_CORE.patient] },
    extension: [
      {
        url: US_CORE.race,
        extension: [
          ...raceCodes.map((r) => ({ url: 'ombCategory', valueCoding: coding(SYS.cdcRace, r.code, r.display) })),
          { url: 'text', valueString: raceCodes.map((r) => r.display).join(', ') },
        ],
      },
      {
        url: US_CORE.ethnicity,
        extension: [
          {
            url: 'ombCategory',
            valueCoding: coding(SYS.cdcRace, (hispanic ? ETHNICITY.hispanic : ETHNICITY.notHispanic).code, (hispanic ? ETHNICITY.hispanic : ETHNICITY.notHispanic).display),
          },
          { url: 'text', valueString: (hispanic ? ETHNICITY.hispanic : ETHNICITY.notHispanic).display },
        ],
      },
      { url: US_CORE.birthsex, valueCode: sex === 'female' ? 'F' : 'M' },
    ],
    identifier: [
      { use: 'usual', type: concept(SYS.v2_0203, 'MR', 'Medical Record Number'), system: SYS.mrn, value: mrn },
      { type: concept(SYS.v2_0203, 'SS', 'Social Security number'), system: SYS.ssn, value: ssn },
      sourceIdentifier(id),
    ],
    active: true,
    name: [{ use: 'official', family, given: [given, middle] }],
    telecom: [
      { system: 'phone', value: phone, use: rng.chance(0.7) ? 'mobile' : 'home' },
      { system: 'email', value: email },
    ],
    gender: sex,
    birthDate: birth,
    address: [address],
    maritalStatus: concept(SYS.maritalStatus, marital.code, marital.display),
    communication: [{ language: concept(SYS.bcp47, language.code, language.display), preferred: true }],
    generalPractitioner: [ref('Practitioner', clinician.practitioner.id, clinician.name)],
    managingOrganization: ref('Organization', clinician.organization.id, clinician.organization.name as string),
  }
  return { id, sex, birthMs: Date.parse(`${birth}T00:00:00Z`), given, family, mrn, hispanic, resource }
}

/** Marital status at an age: never married under MARITAL_MIN_AGE, else drawn from the age's row. */
function maritalStatus(rng: Rng, age: number): { code: string; display: string } {
  const never = must(MARITAL_STATUS[1], 'marital status S')
  const row = age < MARITAL_MIN_AGE ? undefined : MARITAL_BY_AGE.find((r) => age >= r.from && age <= r.to)
  if (!row) return never
  const i = rng.weighted([0, 1, 2, 3, 4], (k) => row.weights[k] ?? 0)
  return must(MARITAL_STATUS[i], `marital status ${i}`)
}

function pickTwo<T>(rng: Rng, items: readonly T[]): T[] {
  const a = rng.int(0, items.length - 1)
  let b = rng.int(0, items.length - 2)
  if (b >= a) b++
  return [must(items[Math.min(a, b)], 'first of two'), must(items[Math.max(a, b)], 'second of two')]
}
