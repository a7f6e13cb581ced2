// OperationOutcome constants and factories (STYLE.md 13): every error the target answers, and
// every FHIR error a client reports, is one of these. hl7.org/fhir/R4/operationoutcome.html

export type IssueCode =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'processing'
  | 'not-supported'
  | 'duplicate'
  | 'multiple-matches'
  | 'not-found'
  | 'deleted'
  | 'too-long'
  | 'conflict'
  | 'exception'
  | 'security'
  | 'login'
  | 'forbidden'
  | 'throttled'
  | 'informational'

export interface OperationOutcome {
  resourceType: 'OperationOutcome'
  issue: Array<{ severity: 'fatal' | 'error' | 'warning' | 'information'; code: IssueCode; diagnostics?: string; expression?: string[] }>
}

export function outcome(code: IssueCode, diagnostics: string, severity: 'fatal' | 'error' | 'warning' | 'information' = 'error', expression?: string[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics, ...(expression ? { expression } : {}) }] }
}

/** An error that carries its HTTP status and OperationOutcome to the one handler boundary. */
export class OutcomeError extends Error {
  constructor(
    readonly status: number,
    readonly code: IssueCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
  toOutcome(): OperationOutcome {
    return outcome(this.code, this.message)
  }
}

export const notFound = (what: string) => new OutcomeError(404, 'not-found', `${what} is not known`)
export const gone = (what: string) => new OutcomeError(410, 'deleted', `${what} has been deleted`)
export const badRequest = (message: string) => new OutcomeError(400, 'invalid', message)
export const preconditionFailed = (message: string) => new OutcomeError(412, 'conflict', message)
