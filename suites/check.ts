// A conformance check (STYLE.md 1–3): a declarative header — stable id, title, Markdown
// description linking the spec section, the requirement rows it verifies, its level — and a
// short `run` body. Outcomes: pass; fail (SHALL) or warn (SHOULD/MAY) when an expectation is not
// met; skip when a precondition is missing. Failure messages name the element in backticks and
// print what was received.
import type { CheckContext } from './context.js'
import type { Level } from '../lib/results/model.js'
import type { Need } from './needs.js'

export { expect, expectAssumed, skip, Skipped, Unmet, UnmetAssumed } from './expect.js'

export type { Level, Need }

export interface Check {
  id: string
  title: string
  /** Markdown; links the spec section it enforces. */
  description: string
  /** Rows of suites/requirements/*.csv. */
  verifies: string[]
  level: Level
  /** What the target must claim for the check to apply (suites/needs.ts); unclaimed, it skips with the reason. */
  needs?: readonly Need[]
  /** Creates or changes data on the target (skipped with --read-only; cleaned up after the run). */
  writes?: boolean
  run(ctx: CheckContext): Promise<void>
}

/** `value` as it should appear in a message: short, JSON. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = JSON.stringify(value)
  return `\`${text.length > 120 ? text.slice(0, 117) + '…' : text}\``
}

/**
 * A check's family: its id up to the number (`US-02-observation-patient-code` → `US-02`). A family
 * is one check file instantiated per option (a resource type, a profile, a search combination).
 */
export const familyOf = (id: string): string => /^[A-Z]{2,3}-\d+/.exec(id)?.[0] ?? id
