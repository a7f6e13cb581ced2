// TypeScript types for the results model; schema.json beside this file is the contract.
// Bump RESULTS_SCHEMA_VERSION with any incompatible change to either.

export const RESULTS_SCHEMA_VERSION = '1.0'

export type ResultsKind = 'generate' | 'validate' | 'conformance' | 'load' | 'seed' | 'import'
/**
 * A check's outcome: pass; fail (a SHALL rule broken); warn (SHOULD/MAY); skip (not claimed, or a
 * precondition missing); deviation (documented by the target profile); error (the check itself
 * broke — never a verdict on the target).
 */
export type CheckOutcome = 'pass' | 'fail' | 'skip' | 'warn' | 'deviation' | 'error'
/** The normative keyword of the rule a check cites. */
export type Level = 'SHALL' | 'SHOULD' | 'MAY'
export type Verdict = 'pass' | 'fail' | 'error'

export interface Exchange {
  name?: string
  request: { method: string; url: string; headers?: Record<string, string>; body?: string }
  response?: { status: number; headers?: Record<string, string>; body?: string; durationMs?: number }
  error?: string
}

/** One check's result as results.json holds it (schema.json says which fields are optional). */
export interface CheckResult {
  id: string
  title: string
  suite: string
  level?: Level
  outcome: CheckOutcome
  message?: string
  spec?: string
  /** Rows of suites/requirements/*.csv the check verifies. */
  requirements?: string[]
  /** Set when the target's profile documents this deviation (outcome 'deviation'). */
  deviation?: { reason: string; reference: string }
  /** Set when the verdict rests on something the target's vendor does not document (profile assumptions). */
  assumption?: { says: string; reference: string }
  durationMs?: number
  /** Figures the check measured (the nlp suite: time to enrichment; precision, recall and F1 per category). */
  metrics?: CheckMetric[]
  /** The exchanges the check made or read, bodies trimmed (4,000 characters each for the first 25, 400 after). */
  exchanges?: Exchange[]
}

/** One figure a check measured: its name, what it is of (a category, a trait), its value and unit (none: a ratio 0–1). */
export interface CheckMetric {
  name: string
  of?: string
  value: number
  unit?: string
}

/** What the conformance runner (suites/runner.ts) produces: a CheckResult with every field it always sets. */
export type RunnerCheckResult = CheckResult & Required<Pick<CheckResult, 'level' | 'requirements' | 'durationMs' | 'exchanges'>>

export interface MetricResult {
  name: string
  type: 'counter' | 'gauge' | 'rate' | 'trend'
  contains?: 'default' | 'time' | 'data'
  tags?: Record<string, string>
  values: Record<string, number>
  thresholds?: Array<{ expression: string; ok: boolean }>
}

export interface Series {
  name: string
  unit: string
  tags?: Record<string, string>
  points: Array<[number, number]>
}

export interface ValidationIssue {
  rule: string
  message: string
  where: string
  path?: string
  resource?: string
}

export interface DatasetSummary {
  path: string
  seed: number
  referenceDate: string
  patients: number
  shard?: string
  resources: number
  bytes?: number
  countsByType: Record<string, number>
  invalidItems?: number
  workers?: number
  /** generate --cover-profiles (generators/cover.ts). */
  cover?: { picks?: number[]; missing: string[] }
}

export interface ReconciliationRow {
  expected: number
  imported: number
  rejected: number
  missing: number
}

export interface Results {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION
  kind: ResultsKind
  tool: { name: 'shoreline'; version: string; node?: string }
  run: { id: string; startedAt: string; finishedAt: string; durationMs: number; argv: string[]; host?: string }
  target?: { url: string; profile?: string; auth?: string }
  /** A load run: its scenario, load profile and engine (older results: read from run.argv by loadLabel). */
  load?: { scenario: string; loadProfile?: string; engine?: 'builtin' | 'k6' }
  verdict: Verdict
  summary: Record<string, number>
  errors?: Array<{ message: string; where?: string; code?: string }>
  checks?: CheckResult[]
  metrics?: MetricResult[]
  series?: Series[]
  reconciliation?: { byType: Record<string, ReconciliationRow>; items?: object[] }
  dataset?: DatasetSummary
  validation?: { resources: number; invalid: number; issues?: ValidationIssue[]; issuesTruncated?: number }
}

/** A load run's scenario and load profile: from `load`, or from the argv of results written before it existed. */
export function loadLabel(r: Results): { scenario: string; loadProfile?: string; engine?: string } {
  if (r.load) return r.load
  const flag = (names: string[]) => {
    for (let i = 0; i < r.run.argv.length; i++) {
      const a = r.run.argv[i] as string
      for (const n of names) {
        if (a === `--${n}`) return r.run.argv[i + 1]
        if (a.startsWith(`--${n}=`)) return a.slice(n.length + 3)
      }
    }
    return undefined
  }
  const scenario = (flag(['scenario']) ?? 'load').replace(/^.*[/\\]/, '').replace(/\.(ts|js|mjs)$/, '')
  const loadProfile = flag(['load-profile', 'profile'])
  const engine = flag(['engine'])
  return { scenario, ...(loadProfile ? { loadProfile } : {}), ...(engine ? { engine } : {}) }
}
