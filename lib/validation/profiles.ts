// Declared-profile checks for the profiles our datasets claim. A resource that lists a profile in
// meta.profile must meet that profile's mandatory elements; only what is listed here is checked.
// US Core 6.1 Patient (hl7.org/fhir/us/core/STU6.1/StructureDefinition-us-core-patient.html):
// identifier 1..*, identifier.system 1..1, identifier.value 1..1, name 1..*, gender 1..1.
import { cut } from '../text.js'
import { RULES } from './rules.js'
import type { GapIssue } from './element-walk.js'

interface ProfileRule {
  resourceType: string
  required: string[]
  check?: (r: Record<string, unknown>) => GapIssue[]
}

export const PROFILE_RULES: Record<string, ProfileRule> = {
  'http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient': {
    resourceType: 'Patient',
    required: ['identifier', 'name', 'gender'],
    check: (r) => {
      const ids = Array.isArray(r.identifier) ? (r.identifier as Array<Record<string, unknown>>) : []
      return ids.flatMap((id, i) =>
        id.system && id.value ? [] : [{ rule: RULES.profile, path: `Patient.identifier[${i}]`, message: 'us-core-patient: identifier needs both `system` and `value`' }],
      )
    },
  },
}

/** Issues for each declared profile we know; unknown profiles are not judged. */
export function profileCheck(resource: Record<string, unknown>): GapIssue[] {
  const profiles = ((resource.meta as Record<string, unknown> | undefined)?.profile as unknown[] | undefined) ?? []
  const issues: GapIssue[] = []
  for (const url of profiles) {
    const rule = typeof url === 'string' ? PROFILE_RULES[cut(url, '|')[0]] : undefined
    if (!rule) continue
    const name = String(url).split('/').pop()
    if (rule.resourceType !== resource.resourceType) {
      issues.push({ rule: RULES.profile, path: `${resource.resourceType}.meta.profile`, message: `claims ${name}, a profile of ${rule.resourceType}` })
      continue
    }
    for (const key of rule.required) {
      const v = resource[key]
      if (v === undefined || (Array.isArray(v) && v.length === 0)) {
        issues.push({ rule: RULES.profile, path: `${resource.resourceType}.${key}`, message: `${name}: missing mandatory element \`${key}\`` })
      }
    }
    if (rule.check) issues.push(...rule.check(resource))
  }
  return issues
}
