// HealthLake's validation levels (healthlake-contract.md §4.4) as the rules each one enforces.
// AWS documents the names, not the semantics; this is the assumption the invalid corpus's labels
// state (generators/invalid/corpus.ts), applied by the reference server to writes and imports.
import { RULES, type Rule } from './rules.js'

export type ValidationLevel = 'strict' | 'structure-only' | 'minimal'
export const VALIDATION_LEVELS: readonly ValidationLevel[] = ['strict', 'structure-only', 'minimal']

const MINIMAL: Rule[] = [RULES.json, RULES.resourceType, RULES.id]
const STRUCTURE: Rule[] = [...MINIMAL, RULES.unknownElement, RULES.jsonType, RULES.primitiveFormat, RULES.requiredElement, RULES.choice, RULES.referenceType, RULES.structure]
const STRICT: Rule[] = [...STRUCTURE, RULES.binding, RULES.profile]

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
