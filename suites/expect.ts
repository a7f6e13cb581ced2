// How a check says what it found: an unmet expectation (fail for SHALL, warn otherwise) or a
// missing precondition (skip). Apart from check.ts so that context.ts can skip without importing
// the check model (no import cycle).

/** An expectation not met (fail for SHALL, warn otherwise). */
export class Unmet extends Error {}
/**
 * An expectation that rests on something the vendor does not document (a profile assumption):
 * never more than a warning, whatever the check's level.
 */
export class UnmetAssumed extends Unmet {}
/** A precondition missing: the check cannot say pass or fail. */
export class Skipped extends Error {}

export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Unmet(message)
}

/** An expectation resting on an undocumented assumption: warns (SHOULD), never fails. */
export function expectAssumed(condition: unknown, message: string): asserts condition {
  if (!condition) throw new UnmetAssumed(message)
}

export function skip(reason: string): never {
  throw new Skipped(reason)
}

/**
 * What the target sent, read as JSON of the shape a check expects. A body that is not JSON is the
 * target's failure, said with what came (`what` names the response), never a crash of the check.
 * Checks read response JSON only through this (or the context's recorded `json()`).
 */
export function parseBody<T = ParsedJson>(body: string | undefined, what = 'the response'): T {
  try {
    return JSON.parse(body ?? '') as T
  } catch {
    const text = (body ?? '').trim()
    throw new Unmet(`expected JSON in ${what}, got ${text ? `\`${text.length > 80 ? `${text.slice(0, 77)}…` : text}\`` : 'an empty body'}`)
  }
}

/** The same, where a body that is not JSON is an answer to judge, not a failure by itself: undefined then. */
export function parseBodyIfJson<T = ParsedJson>(body: string | undefined): T | undefined {
  try {
    return JSON.parse(body ?? '') as T
  } catch {
    return undefined
  }
}

/** A file of the run's own input (the dataset's manifest or labels): broken input is Shoreline's error, not the target's. */
export function readInputJson<T>(text: string, file: string): T {
  try {
    return JSON.parse(text) as T
  } catch (err) {
    throw new Error(`${file} is not JSON: ${(err as Error).message}`)
  }
}

/** Untyped FHIR/OAuth JSON whose shape is what a check is testing: the one sanctioned `any` of suites/. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ParsedJson = any
