// HealthLake's import quotas as the stand-in's configuration (healthlake-contract.md §4.6: the
// published numbers conflict across generations, so every one is a setting, never a constant).
// A job over its files, file-size or job-size quota ends FAILED with a Message, as HealthLake's
// troubleshooting guide describes; StartFHIRImportJob beyond the queue or its rate is refused.

export interface ImportQuotas {
  /** Input files in one job. */
  filesPerJob: number
  /** MB in one input file. */
  fileMB: number
  /** GB in one job. */
  jobGB: number
  /** Import jobs waiting (SUBMITTED or QUEUED) behind the running one. */
  queued: number
  /** StartFHIRImportJob calls a second. */
  startTps: number
}

/**
 * Files, file size and job size from the older developer guide (the strictest generation, so an
 * import that fits here fits there); the queue and the start rate from the current quotas page.
 */
export const DEFAULT_IMPORT_QUOTAS: ImportQuotas = { filesPerJob: 10_000, fileMB: 50, jobGB: 50, queued: 25, startTps: 25 }

const KEYS = Object.keys(DEFAULT_IMPORT_QUOTAS) as Array<keyof ImportQuotas>

/** `files=100,fileMB=5` → quotas over the defaults; an unknown key or a bad number throws with what is allowed. */
export function parseImportQuotas(spec: string): ImportQuotas {
  const out = { ...DEFAULT_IMPORT_QUOTAS }
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key = '', value = ''] = part.split('=')
    const k = key === 'files' ? 'filesPerJob' : (key as keyof ImportQuotas)
    if (!KEYS.includes(k)) throw new Error(`unknown import quota ${JSON.stringify(key)} (known: files, ${KEYS.filter((x) => x !== 'filesPerJob').join(', ')})`)
    const n = Number(value)
    if (!(n > 0) || !Number.isFinite(n)) throw new Error(`import quota ${key} must be a positive number, got ${JSON.stringify(value)}`)
    out[k] = n
  }
  return out
}

/** Why a job's input breaks a quota (the FAILED job's Message), or undefined. */
export function overQuota(sources: ReadonlyArray<{ name: string; size: number }>, q: ImportQuotas): string | undefined {
  if (sources.length > q.filesPerJob) return `the job has ${sources.length} input files; the quota is ${q.filesPerJob} files per import job`
  const big = sources.find((s) => s.size > q.fileMB * 1_048_576)
  if (big) return `input file ${big.name} is ${(big.size / 1_048_576).toFixed(1)} MB; the quota is ${q.fileMB} MB per file`
  const total = sources.reduce((t, s) => t + s.size, 0)
  if (total > q.jobGB * 1_073_741_824) return `the job's input is ${(total / 1_073_741_824).toFixed(2)} GB; the quota is ${q.jobGB} GB per import job`
  return undefined
}
