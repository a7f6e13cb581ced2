// A conformance check (STYLE.md 1–3): a declarative header — stable id, title, Markdown
// description linking the spec section, the requirement rows it verifies, its level — and a
// short `run` body. Outcomes: pass; fail (SHALL) or warn (SHOULD/MAY) when an expectation is not
// met; skip when a precondition is missing. Failure messages name the element in backticks and
// print what was received.
import type { CheckContext } from './context.js'

export type Level = 'SHALL' | 'SHOULD' | 'MAY'
export type Outcome = 'pass' | 'fail' | 'skip' | 'warn' | 'deviation'

export interface Check {
  id: string
  title: string
  /** Markdown; links the spec section it enforces. */
  description: string
  /** Rows of suites/requirements/*.csv. */
  verifies: string[]
  level: Level
  /** Creates or changes data on the target (skipped with --read-only; cleaned up after the run). */
  writes?: boolean
  run(ctx: CheckContext): Promise<void>
}

/** An expectation not met (fail for SHALL, warn otherwise). */
export class Unmet extends Error {}
/** A precondition missing: the check cannot say pass or fail. */
export class Skipped extends Error {}

export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Unmet(message)
}

export function skip(reason: string): never {
  throw new Skipped(reason)
}

/** `value` as it should appear in a message: short, JSON. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = JSON.stringify(value)
  return `\`${text.length > 120 ? text.slice(0, 117) + '…' : text}\``
}
