// What a target said when it refused a write, for the per-resource errors of seed and import.
import type { TargetResponse } from '../target/client.js'

/** What a refused write said, without its status (every caller prints `HTTP <status>: ` itself). */
export function diagnostics(res: Pick<TargetResponse, 'json' | 'text'>): string {
  try {
    return outcomeText(res.json())
  } catch {
    const text = res.text.trim()
    return text ? `(not an OperationOutcome) ${text.slice(0, 200)}` : '(an empty body)'
  }
}

export function outcomeText(oo: unknown): string {
  const issues = (oo as { issue?: Array<{ code?: string; diagnostics?: string }> } | undefined)?.issue
  return issues?.length ? issues.map((i) => `${i.code ?? 'error'}: ${i.diagnostics ?? ''}`.trim()).join('; ') : 'no OperationOutcome'
}
