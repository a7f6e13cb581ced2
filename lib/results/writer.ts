// Builds and writes results. Every command that produces results goes through here, so every
// file on disk has been checked against schema.json and has had its secrets redacted.
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { newAjv } from '../validation/ajv.js'
import { writeFileAtomic } from '../atomic-fs.js'
import { redactArgv, redactValue } from '../redact.js'
import { RESULTS_SCHEMA_VERSION, type Results, type ResultsKind, type Verdict } from './model.js'
import { toolVersion } from '../version.js'
import schema from './schema.json' with { type: 'json' }

export const resultsSchema: object = schema

type ResultsValidator = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null }
let validateFn: ResultsValidator | undefined

/**
 * The built CLI loads the validator `npm run build` precompiled beside it (dist/results-validator.cjs,
 * from this schema): compiling costs every run that writes results about 50 ms of CPU. Run from the
 * sources (tests), it compiles the schema as it is now.
 */
function validator(): ResultsValidator {
  if (!validateFn) {
    const built = new URL('./results-validator.cjs', import.meta.url)
    if (built.pathname.includes('/dist/') && existsSync(built)) validateFn = createRequire(import.meta.url)(fileURLToPath(built)) as ResultsValidator
    else validateFn = newAjv({ allErrors: true, strict: false, validateFormats: false }).compile(resultsSchema) as ResultsValidator
  }
  return validateFn
}

/** Returns the schema errors of a results document, empty when it conforms. */
export function checkResults(data: unknown): string[] {
  const v = validator()
  if (v(data)) return []
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
}

/** A run in progress: call finish() with what it found to get the results document. */
export class RunRecorder {
  readonly id: string
  readonly startedAt: Date
  private readonly started: bigint
  constructor(
    readonly kind: ResultsKind,
    private readonly argv: string[],
  ) {
    this.id = randomUUID()
    this.startedAt = new Date()
    this.started = process.hrtime.bigint()
  }

  finish(body: { verdict: Verdict; summary: Record<string, number> } & Partial<Omit<Results, 'schemaVersion' | 'kind' | 'tool' | 'run'>>): Results {
    const durationMs = Number(process.hrtime.bigint() - this.started) / 1e6
    return {
      schemaVersion: RESULTS_SCHEMA_VERSION,
      kind: this.kind,
      tool: { name: 'shoreline', version: toolVersion(), node: process.version },
      run: {
        id: this.id,
        startedAt: this.startedAt.toISOString(),
        finishedAt: new Date(this.startedAt.getTime() + durationMs).toISOString(),
        durationMs: Math.round(durationMs * 1000) / 1000,
        argv: redactArgv(this.argv),
      },
      ...body,
    }
  }
}

/** Redacts, checks against the schema and writes atomically. A non-conforming document is a bug. */
export async function writeResults(path: string, results: Results): Promise<void> {
  const clean = redactValue(results)
  const problems = checkResults(clean)
  if (problems.length) throw new Error(`internal: results do not match schema: ${problems.slice(0, 3).join('; ')}`)
  await writeFileAtomic(path, JSON.stringify(clean, null, 2) + '\n')
}
