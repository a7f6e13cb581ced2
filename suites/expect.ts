// How a check says what it found: an unmet expectation (fail for SHALL, warn otherwise) or a
// missing precondition (skip). Apart from check.ts so that context.ts can skip without importing
// the check model (no import cycle).

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
