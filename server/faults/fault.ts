// What a fault is (DESIGN.md "Faults are data too"), shared by the catalogue's parts.
export type FaultArea = 'discovery' | 'token' | 'resource-server' | 'search' | 'transactions' | 'bulk-export' | 'import' | 'lambda' | 'nlp'

export interface Fault<N extends string = string> {
  name: N
  area: FaultArea
  /** The rule the server breaks while this fault is on. */
  breaks: string
  /** Check ids that must fail against it. */
  checks: string[]
  /**
   * What the failing check must say: the element or answer the broken rule is about. The mutation
   * test counts a fault as caught only by a failure (or warning) whose message matches, so a check
   * that fails for another reason — or crashes — does not pass for catching it.
   */
  says: RegExp
}

export const f = <const N extends string>(area: FaultArea, name: N, breaks: string, checks: string[], says: RegExp): Fault<N> => ({ name, area, breaks, checks, says })
