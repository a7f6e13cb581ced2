import { expect, shown, skip, type Check } from '../check.js'
import { capability } from './shared.js'

// R4 Patient search parameters (https://hl7.org/fhir/R4/patient.html#search) and their types.
const PATIENT: Record<string, string> = {
  active: 'token',
  address: 'string',
  'address-city': 'string',
  'address-country': 'string',
  'address-postalcode': 'string',
  'address-state': 'string',
  'address-use': 'token',
  birthdate: 'date',
  'death-date': 'date',
  deceased: 'token',
  email: 'token',
  family: 'string',
  gender: 'token',
  'general-practitioner': 'reference',
  given: 'string',
  identifier: 'token',
  language: 'token',
  link: 'reference',
  name: 'string',
  organization: 'reference',
  phone: 'token',
  phonetic: 'string',
  telecom: 'token',
  _id: 'token',
  _lastUpdated: 'date',
}

export const check: Check = {
  id: 'CS-10',
  title: "The CapabilityStatement's Patient search parameters carry the spec's types",
  description: `Each \`rest.resource.searchParam\` declared for Patient that the R4 spec defines has the spec's \`type\` (birthdate date, gender token, …) ([R4 CapabilityStatement.rest.resource.searchParam](https://hl7.org/fhir/R4/capabilitystatement-definitions.html#CapabilityStatement.rest.resource.searchParam); [R4 Patient search](https://hl7.org/fhir/R4/patient.html#search)).`,
  verifies: ['FHIR-HTTP-CAP-4'],
  level: 'SHALL',
  async run(ctx) {
    const cs = await capability(ctx)
    const patient = (cs.rest?.[0]?.resource ?? []).find((r: { type?: string }) => r.type === 'Patient')
    if (!patient?.searchParam?.length) skip('the CapabilityStatement declares no Patient search parameters')
    const wrong = (patient.searchParam as Array<{ name?: string; type?: string }>).filter((p) => p.name && PATIENT[p.name] && PATIENT[p.name] !== p.type)
    expect(wrong.length === 0, `expected the spec's types, got ${shown(wrong.map((p) => `${p.name}: ${p.type} (spec: ${PATIENT[p.name!]})`))}`)
  },
}
