// HealthLake's validation levels (healthlake-contract.md §4.4; developer guide, "Creating a FHIR
// resource") as the rules each one enforces: strict validates against the declared profile or base
// R4; structure-only against base R4, ignoring declared profiles (required bindings are R4 rules);
// minimal "minimally", storing what fails the validation search indexing needs but marking it (a
// validation-issue extension, a response header, an outcome in Bundle entries). Which rules minimal
// still enforces is not itemised by AWS: the three below are this project's assumption, stated in the
// invalid corpus's labels (generators/invalid/corpus.ts).
import { RULES, type Rule } from './rules.js'

export type ValidationLevel = 'strict' | 'structure-only' | 'minimal'
export const VALIDATION_LEVELS: readonly ValidationLevel[] = ['strict', 'structure-only', 'minimal']

const MINIMAL: Rule[] = [RULES.json, RULES.resourceType, RULES.id]
const STRUCTURE: Rule[] = [
  ...MINIMAL,
  RULES.unknownElement,
  RULES.jsonType,
  RULES.primitiveFormat,
  RULES.requiredElement,
  RULES.choice,
  RULES.referenceType,
  RULES.structure,
  RULES.binding,
  RULES.invariant,
]
// A unit code is checked against UCUM only by strict: a terminology check, as the HL7 validator
// makes one, not a structural rule (this project's assumption, stated in the corpus label).
const STRICT: Rule[] = [...STRUCTURE, RULES.profile, RULES.ucum]

const ENFORCED: Record<ValidationLevel, ReadonlySet<string>> = {
  minimal: new Set(MINIMAL),
  'structure-only': new Set(STRUCTURE),
  strict: new Set(STRICT),
}

/** Whether a level rejects a resource that breaks `rule`. Reference resolution is never checked. */
export function levelRejects(level: ValidationLevel, rule: string): boolean {
  return ENFORCED[level].has(rule)
}

export function parseLevel(text: string | undefined): ValidationLevel | undefined {
  return VALIDATION_LEVELS.find((l) => l === text)
}

/**
 * What `minimal` stores but marks: the issues it does not reject (profiles aside: minimal does not
 * validate them; nor does any level resolve references). HealthLake documents that minimal ingests resources that fail the validation search
 * indexing needs, and marks them (healthlake-contract.md §4.4). Other levels mark nothing: they reject.
 */
export function flaggedAt<I extends { rule: string }>(level: ValidationLevel, issues: readonly I[]): I[] {
  return level === 'minimal' ? issues.filter((i) => !levelRejects(level, i.rule) && i.rule !== RULES.profile && i.rule !== RULES.referenceUnresolved) : []
}

/** HealthLake's extension on a resource stored despite failing validation (developer guide, "Creating a FHIR resource"). */
export const VALIDATION_ISSUE_EXTENSION = 'http://healthlake.amazonaws.com/fhir/StructureDefinition/validation-issue'
/** The response header that says a write was stored with validation issues. */
export const VALIDATION_ISSUES_HEADER = 'x-amzn-healthlake-validation-issues'

/** The OperationOutcome for flagged issues, as the extension's valueString and a Bundle entry's outcome carry it. */
export function issuesOutcome(issues: ReadonlyArray<{ rule: string; path?: string; message: string }>) {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i) => ({
      severity: 'error',
      code: 'processing',
      details: { text: 'FHIR resource in payload failed FHIR validation rules.' },
      diagnostics: `[${i.rule}] ${i.message}`,
      ...(i.path ? { expression: [i.path] } : {}),
    })),
  }
}

/** The resource with the validation-issue extension added (replacing an earlier one). */
export function markValidationIssues<R extends Record<string, unknown>>(resource: R, outcome: object): R {
  const others = Array.isArray(resource.extension) ? (resource.extension as Array<{ url?: unknown }>).filter((e) => e?.url !== VALIDATION_ISSUE_EXTENSION) : []
  return { ...resource, extension: [...others, { url: VALIDATION_ISSUE_EXTENSION, valueString: JSON.stringify(outcome) }] }
}
