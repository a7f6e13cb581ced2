// US Core's "servers requiring status": a server may refuse a search of these types that names no
// status with 400 and an OperationOutcome, and SHALL then answer the same search with status
// values given, restricting nothing beyond them (US Core 6.1 General Guidance, "Search for Servers
// Requiring Status"). A client that meets such a server asks again with every value of the status
// element's required value set, as Inferno's US Core kit does. The values are R4's.

export const STATUS_GUIDANCE = 'https://hl7.org/fhir/us/core/STU6.1/general-guidance.html#search-for-servers-requiring-status'

/** Per type: the status search parameter and every code of its (required) value set. */
export const STATUS_SEARCH: Readonly<Record<string, { param: string; values: readonly string[] }>> = {
  AllergyIntolerance: { param: 'clinical-status', values: ['active', 'inactive', 'resolved'] },
  CarePlan: { param: 'status', values: ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'] },
  Condition: { param: 'clinical-status', values: ['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'] },
  DiagnosticReport: {
    param: 'status',
    values: ['registered', 'partial', 'preliminary', 'final', 'amended', 'corrected', 'appended', 'cancelled', 'entered-in-error', 'unknown'],
  },
  DocumentReference: { param: 'status', values: ['current', 'superseded', 'entered-in-error'] },
  Encounter: { param: 'status', values: ['planned', 'arrived', 'triaged', 'in-progress', 'onleave', 'finished', 'cancelled', 'entered-in-error', 'unknown'] },
  Goal: { param: 'lifecycle-status', values: ['proposed', 'planned', 'accepted', 'active', 'on-hold', 'completed', 'cancelled', 'entered-in-error', 'rejected'] },
  Immunization: { param: 'status', values: ['completed', 'entered-in-error', 'not-done'] },
  MedicationRequest: { param: 'status', values: ['active', 'on-hold', 'cancelled', 'completed', 'entered-in-error', 'stopped', 'draft', 'unknown'] },
  Observation: { param: 'status', values: ['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown'] },
  Procedure: { param: 'status', values: ['preparation', 'in-progress', 'not-done', 'on-hold', 'stopped', 'completed', 'entered-in-error', 'unknown'] },
  ServiceRequest: { param: 'status', values: ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'] },
}

/** The search again with every status value, where the type has a status and the search names none; else undefined. */
export function withEveryStatus(query: string): string | undefined {
  const [type = '', qs = ''] = query.split('?', 2)
  const s = STATUS_SEARCH[type]
  if (!s) return undefined
  const names = [...new URLSearchParams(qs).keys()].map((k) => k.split(':')[0])
  if (names.includes(s.param)) return undefined
  return `${query}${query.includes('?') ? '&' : '?'}${s.param}=${s.values.join(',')}`
}
