// One resource's validation: what makes a line importable at all (JSON, resourceType, id), the
// HL7 schema, the gap checks, and declared profiles. Dataset-level reference closure is in
// closure.ts; this file judges one resource at a time.
import { gapCheck, resourceTypes } from './element-walk.js'
import { profileCheck } from './profiles.js'
import { invariantCheck } from './invariants.js'
import { RULES } from './rules.js'
import { structureCheck } from './schema.js'

export interface Issue {
  rule: string
  path?: string
  message: string
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/

/** Parses one NDJSON line and validates it; `resource` is returned when the line parsed. */
export function validateLine(line: string): { resource?: Record<string, unknown>; issues: Issue[] } {
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch (err) {
    return { issues: [{ rule: RULES.json, message: `not JSON: ${(err as Error).message}` }] }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { issues: [{ rule: RULES.json, message: 'a resource must be a JSON object' }] }
  }
  const resource = parsed as Record<string, unknown>
  return { resource, issues: validateResource(resource, { requireId: true }) }
}

export function validateResource(resource: Record<string, unknown>, opts: { requireId: boolean }): Issue[] {
  const rt = resource.resourceType
  if (typeof rt !== 'string' || !resourceTypes().has(rt)) {
    return [{ rule: RULES.resourceType, path: 'resourceType', message: typeof rt === 'string' ? `unknown resourceType \`${rt}\`` : 'missing `resourceType`' }]
  }
  const issues: Issue[] = []
  if (resource.id === undefined) {
    if (opts.requireId) issues.push({ rule: RULES.id, path: `${rt}.id`, message: 'missing `id` (import needs an id on every resource)' })
  } else if (typeof resource.id !== 'string' || !ID.test(resource.id)) {
    issues.push({ rule: RULES.id, path: `${rt}.id`, message: `\`id\` must match [A-Za-z0-9-.]{1,64}, got ${JSON.stringify(resource.id).slice(0, 80)}` })
  }
  for (const i of structureCheck(resource)) if (!(i.rule === RULES.id && issues.length)) issues.push(i)
  issues.push(...gapCheck(resource))
  issues.push(...invariantCheck(resource))
  issues.push(...profileCheck(resource))
  return issues
}
