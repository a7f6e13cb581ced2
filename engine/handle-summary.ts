// The end of a run as k6 ends it: the script's handleSummary(data) decides what is written where
// (stdout, stderr, or files); without one, or if it throws, the text summary goes to stdout.
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { TestRun } from './test-run.js'

export async function emitSummary(run: TestRun, handleSummary: ((d: unknown) => unknown) | undefined, data: unknown, text: string): Promise<void> {
  if (!handleSummary) return run.out.stdout(text)
  try {
    const outputs = (await handleSummary(data)) as Record<string, string | ArrayBuffer> | undefined
    for (const [where, content] of Object.entries(outputs ?? {})) {
      const body = typeof content === 'string' ? content : Buffer.from(content)
      if (where === 'stdout') run.out.stdout(String(body))
      else if (where === 'stderr') run.out.stderr(String(body))
      else writeFileSync(resolve(where), body)
    }
  } catch (err) {
    run.logError('handleSummary', err)
    run.out.stdout(text)
  }
}
