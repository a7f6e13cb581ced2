// How an import job reads and stores its files: one pipeline across every file. A reader goes
// through the files in order, cutting their lines into batches and handing each to be examined
// (parsed, validated, prepared: on other threads from the job's second full batch,
// prepare-pool.ts); the writer stores the batches in the order read, each in one SQLite
// transaction with its outcome lines and the job's progress. The next file is opened and examined
// while the last one's batches are stored, so the writer does not wait at each file's start. Every
// change to the job is the writer's, in line order: a job run again after a crash starts at the
// first line not committed.
import { setImmediate as tick } from 'node:timers/promises'
import { streamLines } from '../../lib/ndjson-lines.js'
import type { Store } from '../store/store.js'
import type { Faults } from '../faults/catalogue.js'
import { leaveOff } from './queue.js'
import type { JobLedger } from './ledger.js'
import { examinationOf, examineLine, storeLine, type LineVerdict } from './import-line.js'
import type { Preparers } from './prepare-pool.js'
import type { ImportJob, ImportSource } from './import.js'

export interface ImportRunContext {
  store: Store
  faults: Faults
  ledger: JobLedger
  persist: (job: ImportJob) => void
  /** Lines per transaction. */
  batchLines: number
  preparers: Preparers
}

interface Batch {
  fi: number
  /** The first and last line numbers of the batch in its file (from 1). */
  first: number
  last: number
  verdicts: Promise<LineVerdict[]>
  /** The file's first batch after where the job starts (its counters start with it). */
  opens: boolean
  /** On the file's last batch: the bytes the file had. */
  closes?: { bytes: number }
}

/** Reads and stores the files from where the job is (job.resume); false when the job was told to leave off. */
export async function importFiles(x: ImportRunContext, job: ImportJob, sources: ImportSource[]): Promise<boolean> {
  const from = job.resume ?? { file: 0, name: sources[0]?.name ?? '', line: 0 }
  const resumesFile = from.line > 0 && job.files[from.file]?.name === sources[from.file]?.name
  const ahead: Batch[] = []
  let leftOff = false
  let lastStored: Batch | undefined
  let reading: { fi: number; bytes: () => number } | undefined
  /** Stores the oldest batch read; false when the job is to leave off instead. */
  const storeOldest = async (): Promise<boolean> => {
    const batch = ahead.shift()!
    const verdicts = await batch.verdicts
    if (leaveOff(job)) return false
    storeBatch(x, job, sources, batch, verdicts, batch.opens && !(batch.fi === from.file && resumesFile))
    lastStored = batch
    await tick()
    return true
  }
  try {
    for (let fi = from.file; fi < sources.length && !leftOff; fi++) {
      if (leaveOff(job)) return false
      const input = streamLines(await sources[fi]!.open())
      reading = { fi, bytes: input.bytes }
      const how = examinationOf(job, x.faults)
      const name = sources[fi]!.name
      const skip = fi === from.file && resumesFile ? from.line : 0
      let pending: string[] = []
      let lineNo = 0
      let opens = true
      /** Hands the pending lines on as a batch, storing what is more than `depth` ahead; true when the job is to leave off. */
      const send = async (full: boolean, closes?: { bytes: number }): Promise<boolean> => {
        const first = lineNo - pending.length + 1
        const lines = pending
        const pool = x.preparers.pool(full)
        const verdicts = pool ? pool.examine({ lines, first, fileName: name, how }) : Promise.resolve(lines.map((l, i) => examineLine(l, first + i, name, how)))
        verdicts.catch(() => undefined) // a batch left behind when the job leaves off must not fail the process; stored ones rethrow
        ahead.push({ fi, first, last: lineNo, verdicts, opens, ...(closes ? { closes } : {}) })
        pending = []
        opens = false
        while (ahead.length > x.preparers.depth() && !leftOff) if (!(await storeOldest())) leftOff = true
        return leftOff
      }
      for await (const line of input.lines) {
        lineNo++
        if (lineNo <= skip) continue
        pending.push(line)
        if (pending.length >= x.batchLines && (await send(true))) break
      }
      if (!leftOff) await send(false, { bytes: input.bytes() })
    }
  } finally {
    // Whatever stopped the reading (the end, a file that could not be read), what was read is stored.
    while (ahead.length && !leftOff) if (!(await storeOldest())) leftOff = true
  }
  // Cancelled part-way through a file: its accounts are closed on what was stored of it (its bytes as far as read).
  if (leftOff && job.cancelRequested && lastStored && !lastStored.closes) {
    const fi = lastStored.fi
    const bytes = ahead.find((b) => b.fi === fi && b.closes)?.closes?.bytes ?? (reading?.fi === fi ? reading.bytes() : 0)
    closeFile(job, fi, bytes)
    x.persist(job)
  }
  return !leftOff
}

/** A file's part in the job's counters, once it is read (or the job cancelled in it). */
function closeFile(job: ImportJob, fi: number, bytes: number) {
  const c = job.counters
  const file = job.files[fi]!
  c.scannedMB += bytes / 1_048_576
  if (file.customerErrors > 0) c.filesWithCustomerError++
  if (file.success + file.flagged > 0) c.importedFiles++
}

/** One batch in one transaction: its lines, their outcome lines, the job's progress (and its file's, when it opens or closes it). */
function storeBatch(x: ImportRunContext, job: ImportJob, sources: ImportSource[], batch: Batch, verdicts: LineVerdict[], countsFile: boolean) {
  const { fi } = batch
  const c = job.counters
  const name = sources[fi]!.name
  if (countsFile) {
    c.scannedFiles++
    job.files[fi] = { name, success: 0, flagged: 0, failure: 0, customerErrors: 0 }
  }
  const file = job.files[fi]!
  x.store.transaction(
    () => {
      const out = { success: [] as string[], flagged: [] as string[], failure: [] as string[] }
      verdicts.forEach((v, i) => storeLine(x, job, file, v, batch.first + i, out))
      for (const kind of ['success', 'flagged', 'failure'] as const) x.ledger.addLines(job.id, name, kind, batch.first - 1, out[kind])
      job.resume = { file: fi, name, line: batch.last }
      if (batch.closes) {
        closeFile(job, fi, batch.closes.bytes)
        job.resume = { file: fi + 1, name: sources[fi + 1]?.name ?? '', line: 0 }
      }
      x.persist(job)
    },
    { gatherIndexRows: true },
  )
}
