// V8 grows a heap by a factor it picks after each full collection: up to 4× the live size when
// the heap's limit is the machine's default, 1.3 to 2× under a smaller limit (MaxGrowingFactor in
// V8's heap-controller.cc). A generating thread's live heap swings with the long tail (a patient
// ten times the median's history is megabytes of objects for a moment), so this thread, whose
// limit is the default, let its old generation reach four times each swing. The worker threads
// have a capped old generation (run.ts): the fixed factor reaches them too (a V8 setting is the
// process's), and their cap still bounds them.
// Measured, `generate --years 5 --seed 42 --workers 2`, peak RSS and CPU of the whole process:
//   10,000 patients: 283–311 MB at V8's default, 249–259 MB at 2×; CPU the same within the noise.
//   30,000 patients: 311–314 MB at V8's default (CPU 394 s), 269 MB at 2× (422 s, +7 %), 293 MB
//   at 2.5× (390 s). 2× keeps a margin under the 300 MB goal as a run grows; 2.5× costs nothing
//   but has 7 MB to spare at 30,000.
// A smaller limit on this thread's heap (--max-old-space-size, which needs a new process) took as
// much off, but 1024 MB cost 6–15 % CPU at 10,000 patients.
import { setFlagsFromString } from 'node:v8'

/** Heap growth while generating: 1 + percent/100 times the live size after a full collection. */
export const GENERATING_HEAP_GROWING_PERCENT = 100

let active = 0

/**
 * Runs `work` with V8's heap growing factor fixed, and puts V8's own choice back after: the
 * setting is the process's, and a program that calls generateDataset goes on in it. A factor
 * given on Node's command line is the user's and stays.
 */
export async function withHeapGrowth<T>(percent: number, work: () => Promise<T>): Promise<T> {
  if (process.execArgv.some((a) => /^--heap[-_]growing[-_]percent/.test(a))) return work()
  if (active++ === 0) setFlagsFromString(`--heap-growing-percent=${percent}`)
  try {
    return await work()
  } finally {
    if (--active === 0) setFlagsFromString('--heap-growing-percent=0')
  }
}
